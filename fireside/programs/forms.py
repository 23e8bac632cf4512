from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.accounts.models import RoleType
from fireside.lib.forms import CountedTextarea, TextField
from fireside.programs.models import MONTHS, PROGRAM_FIELDS, Program, ProgramStaff
from fireside.programs.words import role_type_choices

DEFAULT_CAPS = {"online_conversation_cap_minutes": 120, "facilitation_cap_minutes": 60}
RECORDED_CAPS = tuple(DEFAULT_CAPS)


class ProgramForm(forms.ModelForm):
    eligible_role_types = forms.MultipleChoiceField(
        label=_("Who can take part"),
        choices=RoleType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    facilitator_start = forms.TypedChoiceField(
        label=_("Facilitators commit from"),
        choices=MONTHS,
        coerce=int,
        initial=9,
        help_text=_("The months each role gives its time. They can run past New Year."),
    )
    # Each label reads on its own: in the error summary and to a screen reader, "to" alone
    # says nothing.
    facilitator_end = forms.TypedChoiceField(
        label=_("Facilitators commit until"), choices=MONTHS, coerce=int, initial=6
    )
    peer_mentor_start = forms.TypedChoiceField(
        label=_("Peer mentors commit from"), choices=MONTHS, coerce=int, initial=10
    )
    peer_mentor_end = forms.TypedChoiceField(
        label=_("Peer mentors commit until"), choices=MONTHS, coerce=int, initial=5
    )

    class Meta:
        model = Program
        fields = PROGRAM_FIELDS
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"name": TextField}  # counts rather than cuts (fireside/lib/forms.py)
        help_texts = {
            "timezone": _("Gatherings are shown in this time zone, e.g. America/Vancouver."),
            "max_group_size": _("Communities stay small: 12 at most."),
            "monthly_hours_target": _("The time each person gives a month, e.g. 5."),
        }

    # Left empty, the recorded-time caps keep the program's value (the default for a new one).
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in RECORDED_CAPS:
            self.fields[name].required = False
        if self.instance and self.instance.pk:  # the program's own role types, if it has any
            self.fields["eligible_role_types"].choices = role_type_choices(  # type: ignore[attr-defined]
                self.instance
            )

    def _cap(self, name: str) -> int:
        value = self.cleaned_data.get(name)
        if value is None:
            current = getattr(self.instance, name, None)
            return int(current if current is not None else DEFAULT_CAPS[name])
        return int(value)

    def clean_online_conversation_cap_minutes(self) -> int:
        return self._cap("online_conversation_cap_minutes")

    def clean_facilitation_cap_minutes(self) -> int:
        return self._cap("facilitation_cap_minutes")

    def commitments(self) -> dict[str, tuple[int, int]]:
        data = self.cleaned_data
        return {
            "facilitator": (data["facilitator_start"], data["facilitator_end"]),
            "peer_mentor": (data["peer_mentor_start"], data["peer_mentor_end"]),
        }


class StaffForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"), help_text=_("They need a Fireside account already.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=ProgramStaff.Role.choices)


class RolloverForm(forms.Form):
    name = TextField(
        label=_("Name of the new year"),
        max_length=150,
        help_text=_("We suggest last year's name with the years moved on; change it freely."),
    )
    keep_seat_until = forms.DateField(
        label=_("Members keep their seat until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Last year's members can say “yes, keep my seat” until the end of this day; then "
            "the seats nobody kept open to the people waiting."
        ),
    )


class KeepSeatForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("keep", _("Keep my seat")), ("decline", _("No, thank you"))]
    )
    agree_to_agreement = forms.BooleanField(
        label=_("I have read this group's agreement and I accept it."),
        label_suffix="",
        required=False,
    )


class FaqForm(forms.Form):
    question = TextField(label=_("Question"), max_length=300, required=False)
    answer = TextField(
        label=_("Answer"),
        max_length=5_000,
        required=False,
        widget=CountedTextarea(attrs={"rows": 6}),
        help_text=_("Plain text; an empty line starts a new paragraph, **bold** and links work."),
    )
    question_fr = TextField(label=_("Question in French"), max_length=300, required=False)
    answer_fr = TextField(
        label=_("Answer in French"),
        max_length=5_000,
        required=False,
        widget=CountedTextarea(attrs={"rows": 6}),
        help_text=_("Leave the French empty and French readers see the English, with a note."),
    )
    published = forms.BooleanField(
        label=_("Published: participants see it"), required=False, label_suffix=""
    )


class ContactForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["contact_name", "contact_email", "contact_phone", "contact_note"]
        field_classes = {
            "contact_name": TextField,
            "contact_phone": TextField,
            "contact_note": TextField,
        }
        help_texts = {
            "contact_name": _("The person participants can write to with their questions."),
        }


class GroupWordsForm(forms.Form):
    """What the program calls a group, in each language; empty: Fireside's own word."""

    group_word = TextField(
        label=_("One group is called"),
        max_length=60,
        required=False,
        help_text=_("In lower case, as in a sentence, e.g. professional circle. Empty: group."),
    )
    group_word_plural = TextField(
        label=_("Several groups are called"),
        max_length=60,
        required=False,
        help_text=_("e.g. professional circles. Empty: groups."),
    )
    group_word_fr = TextField(
        label=_("In French, one group is called"),
        max_length=60,
        required=False,
        help_text=_("e.g. cercle professionnel. Empty: the English word above, else groupe."),
    )
    group_word_plural_fr = TextField(
        label=_("In French, several groups are called"),
        max_length=60,
        required=False,
        help_text=_("e.g. cercles professionnels."),
    )


class RoleTypeForm(forms.Form):
    """A role type of the program, in English and French."""

    name = TextField(label=_("Name in English"), max_length=100, help_text=_("e.g. Teacher"))
    name_fr = TextField(
        label=_("Name in French"),
        max_length=100,
        required=False,
        help_text=_("e.g. Enseignant·e. Empty: the English name."),
    )


class NewRoleTypeForm(RoleTypeForm):
    code = forms.SlugField(
        label=_("Short code"),
        max_length=32,
        help_text=_(
            "Letters, digits, - and _, e.g. teacher. Spreadsheets and the API use it; it "
            "cannot change later."
        ),
    )
    eligible = forms.BooleanField(
        label=_("Open the program to people in this role"),
        required=False,
        initial=True,
        label_suffix="",
    )
    field_order = ["name", "name_fr", "code", "eligible"]
