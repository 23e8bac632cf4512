"""Forms for proposing a group and deciding on a proposal (fireside/communities/proposals.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.communities.forms import CommunityForm
from fireside.communities.models import Mode
from fireside.communities.proposals import NOTE_MAX, PURPOSE_MAX, WHY_MAX
from fireside.lib.forms import CountedTextarea, TextField
from fireside.programs.models import Program
from fireside.programs.words import role_type_label


def _audiences(program: Program) -> list[tuple[str, str]]:
    return [(v, role_type_label(program, v)) for v in program.eligible_role_types]


class ProposalForm(forms.Form):
    name = TextField(label=_("A name for the group"), max_length=150)
    purpose = TextField(
        label=_("What the group would be about"),
        max_length=PURPOSE_MAX,
        widget=CountedTextarea(attrs={"rows": 4}),
        help_text=_("A few plain sentences: what you would talk about and try together."),
    )
    audience = forms.ChoiceField(
        label=_("Who it is for"),
        choices=[],
        help_text=_("One role per group, so people feel safe to speak."),
    )
    region = TextField(label=_("Region"), max_length=100, help_text=_("Where, or 'online'."))
    mode = forms.ChoiceField(label=_("How it would meet"), choices=Mode.choices)
    why = TextField(
        label=_("Why this group (optional)"),
        max_length=WHY_MAX,
        required=False,
        widget=CountedTextarea(attrs={"rows": 3}),
        help_text=_("For example: no group meets near you, or at a time you can make."),
    )
    wants_to_facilitate = forms.BooleanField(
        label=_("I would facilitate it"), required=False, label_suffix=""
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = _audiences(program)  # type: ignore[attr-defined]


class ApproveForm(CommunityForm):
    offer_facilitation = forms.BooleanField(
        label=_("Invite the person who proposed it to join and facilitate"),
        required=False,
        initial=True,
        label_suffix="",
    )
    note = TextField(
        label=_("A word to the person who proposed it (optional)"),
        max_length=NOTE_MAX,
        required=False,
        widget=CountedTextarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    note = TextField(
        label=_("Why not, in a few words"),
        max_length=NOTE_MAX,
        widget=CountedTextarea(attrs={"rows": 4}),
        help_text=_("The person who proposed it reads this. Suggest another group if one fits."),
    )
