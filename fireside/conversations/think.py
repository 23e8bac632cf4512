"""Where a group offers the THINK check (Community.think): its facilitators choose, and
the choice is in the audit trail. The check itself is ThinkCheck in forms.py, the same
for new threads and replies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.communities.models import Community, Think
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput


class ThinkForm(forms.Form):
    think = forms.ChoiceField(
        label=gettext_lazy("Offer the THINK check before people post"),
        choices=Think.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "True? Helpful? Inspiring? Necessary? Kind? Members see the five questions "
            "above the Post button; ticking them is optional and never stops a post."
        ),
    )


def check_set_think(*, actor: Any, community: Community, think: str) -> Community:
    """Change where `community` offers the THINK check (the caller checked that `actor`
    facilitates it). Nothing is written, nor logged, when nothing changes."""
    if think not in Think.values:
        raise InvalidInput(_("Choose where to offer the THINK check."))
    with transaction.atomic():
        locked = Community.objects.select_for_update().get(pk=community.pk)
        if locked.think != think:
            was = locked.think
            locked.think = think
            locked.save(update_fields=["think"])
            record(actor, "communities.set_think", locked, think=think, was_think=was)
    community.think = think
    return community
