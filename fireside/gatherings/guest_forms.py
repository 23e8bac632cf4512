"""The form to invite a guest to one gathering (see fireside/gatherings/guests.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.gatherings.guests import EMAIL_MAX, NAME_MAX, NOTE_MAX
from fireside.lib.forms import TextField


class GuestForm(forms.Form):
    name = TextField(label=_("Their name"), max_length=NAME_MAX)
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=EMAIL_MAX,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    note = TextField(
        label=_("Who they are, in a few words (optional)"),
        help_text=_("Members see it, as in “early-literacy specialist”."),
        max_length=NOTE_MAX,
        required=False,
    )
