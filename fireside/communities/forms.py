from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.accounts import role_types
from fireside.communities.actions import AGREEMENT_MAX
from fireside.communities.models import CommunityRole, Mode
from fireside.lib.forms import CountedTextarea, TextField
from fireside.programs.models import Program
from fireside.programs.words import group_word, role_type_label


class CommunityForm(forms.Form):
    name = TextField(label=_("Name"), max_length=150)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the group meets, in a few plain sentences."),
    )
    audience = forms.ChoiceField(
        label=_("Who it is for"),
        choices=role_types.choices,
        help_text=_("One role type per group, so people feel safe to speak."),
    )
    region = TextField(label=_("Region"), max_length=100)
    mode = forms.ChoiceField(label=_("How it meets"), choices=Mode.choices)
    capacity = forms.IntegerField(label=_("Seats"), min_value=2, max_value=12)
    meeting_place = TextField(
        label=_("Meeting place"),
        max_length=200,
        required=False,
        help_text=_("A café, library, park or community centre, or 'online'."),
    )
    rhythm = TextField(
        label=_("Usual rhythm"),
        max_length=200,
        required=False,
        help_text=_("For example: every second Wednesday, 7–8:30 pm."),
    )
    agreement = TextField(
        label=_("Group agreement"),
        max_length=AGREEMENT_MAX,
        widget=CountedTextarea(attrs={"rows": 10}),
        help_text=_(
            "Purpose, what may be shared, confidentiality, respectful language, giving "
            "space, shared responsibility. Leave an empty line between paragraphs."
        ),
    )

    def __init__(self, *args: object, program: Program | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if program is None:
            return
        word = group_word(program)
        if "audience" in self.fields:
            self.fields["audience"].choices = [  # type: ignore[attr-defined]
                (code, role_type_label(program, code))
                for code in program.eligible_role_types
                if code in program.role_type_codes()
            ]
            self.fields["audience"].help_text = _(
                "One role type per %(group)s, so people feel safe to speak."
            ) % {"group": word}
        self.fields["purpose"].help_text = _(
            "Why the %(group)s meets, in a few plain sentences."
        ) % {"group": word}


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    program = forms.ModelChoiceField(
        label=_("Program"),
        required=False,
        queryset=Program.objects.order_by("name"),
        empty_label=_("Any program"),
    )
    region = forms.CharField(label=_("Region"), required=False, max_length=100)
    mode = forms.ChoiceField(
        label=_("How it meets"), required=False, choices=[("", _("Any way")), *Mode.choices]
    )
    audience = forms.ChoiceField(label=_("For"), required=False, choices=[])
    has_space = forms.BooleanField(
        label=_("Only groups with open seats"), required=False, label_suffix=""
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["audience"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            *role_types.choices(),
        ]


class RoleForm(forms.Form):
    user_id = forms.TypedChoiceField(label=_("Member"), coerce=int, choices=[])
    role = forms.ChoiceField(label=_("Role"), choices=CommunityRole.Role.choices)

    def __init__(self, *args: object, members: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["user_id"].choices = members  # type: ignore[attr-defined]


class CommunityEditForm(CommunityForm):
    """Details a coordinator can change later; the audience and agreement are not here
    (facilitators change the agreement, as a new version members accept)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["audience"]
        del self.fields["agreement"]


class JoinForm(forms.Form):
    agree_to_agreement = forms.BooleanField(
        label=_("I have read the group's agreement and I accept it."),
        label_suffix="",
        error_messages={"required": _("Tick the box to accept the agreement.")},
    )


class LeaveForm(forms.Form):
    reason = TextField(
        label=_("Would you like to tell us why? (optional)"),
        required=False,
        max_length=500,
        widget=CountedTextarea(attrs={"rows": 3}),
        help_text=_("Only the program's coordinators read this; it helps them improve."),
    )


class AgreementForm(forms.Form):
    text = TextField(
        label=_("Group agreement"),
        max_length=20_000,
        widget=CountedTextarea(attrs={"rows": 18}),
        help_text=_(
            "Leave an empty line between paragraphs; start a line with “- ” for a bullet point."
        ),
    )


class AcceptAgreementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    agree_to_agreement = forms.BooleanField(
        label=_("I have read this version of the agreement and I accept it."),
        label_suffix="",
        error_messages={"required": _("Tick the box to accept the agreement.")},
    )


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    agree_to_agreement = forms.BooleanField(
        label=_("I have read this group's agreement and I accept it."),
        label_suffix="",
        required=False,
    )


class RemoveMemberForm(forms.Form):
    reason = TextField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=CountedTextarea(attrs={"rows": 2}),
        help_text=_("We include it in the email that tells them."),
    )


class VolunteerRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role…")), *CommunityRole.Role.choices],
        help_text=_("A facilitator or coordinator will confirm it with you."),
    )


class OfferSeatForm(forms.Form):
    """A seat in another group of the program, for someone waiting."""

    to_community = forms.TypedChoiceField(label=_("Group with a free seat"), coerce=int)

    def __init__(self, *args: object, communities: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["to_community"].choices = communities  # type: ignore[attr-defined]


class CoverForm(forms.Form):
    file = forms.FileField(
        label=_("Cover picture"),
        required=False,
        help_text=_(
            "A JPEG, PNG, GIF or WebP picture, shown wide (16:9): we keep its middle. Shown on "
            "the public group page and in the directory; don't show people's faces without "
            "their consent."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )
    alt = TextField(
        label=_("What the picture shows"),
        required=False,
        max_length=250,
        help_text=_("Read aloud to people who cannot see it, e.g. “A trail through tall pines”."),
    )
