"""The announcement form. It parses what people type; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.announcements.models import BODY_MAX, TITLE_MAX
from fireside.lib.forms import CountedTextarea, TextField


class AnnouncementForm(forms.Form):
    title = TextField(
        label=_("Title"),
        help_text=_("For example: “We meet at the library this month”."),
        max_length=TITLE_MAX,
    )
    body = TextField(
        label=_("Message"),
        help_text=_("Every member gets it by email. Markdown is allowed."),
        max_length=BODY_MAX,
        widget=CountedTextarea(attrs={"rows": 8}),
    )
