from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.accounts import role_types
from fireside.invitations.models import NOTE_MAX, Invitation
from fireside.lib.forms import CountedTextarea, TextField

AGREE = _("I have read the group's agreement and I accept it.")


class InviteForm(forms.Form):
    """One address or many. A coordinator also chooses the group (or the program alone)
    and the role; a member invites colleagues to their own group."""

    community = forms.TypedChoiceField(
        label=_("Invite to"), coerce=int, empty_value=None, required=False
    )
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "One address, or many separated by commas or new lines, as copied from your "
            "email, names and all."
        ),
    )
    note = TextField(
        label=_("A short personal note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
        help_text=_("We include it in the email."),
    )
    role = forms.ChoiceField(
        label=_("As"), choices=Invitation.Role.choices, initial="member", required=False
    )

    def __init__(
        self,
        *args: Any,
        groups: list[tuple[int, str]] | None = None,
        coordinator: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if groups is None:
            del self.fields["community"]
        else:
            field: Any = self.fields["community"]
            field.choices = [
                ("", _("The program only (no group yet)")),
                *groups,
            ]
        if not coordinator:
            del self.fields["role"]


class AcceptForm(forms.Form):
    """For the invited person, signed in."""

    agree_to_agreement = forms.BooleanField(
        label=AGREE,
        label_suffix="",
        required=False,
    )

    def __init__(self, *args: Any, needs_agreement: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_agreement:
            del self.fields["agree_to_agreement"]


class NewAccountForm(AcceptForm):
    """For someone new: their name and a password; the address is the invitation's."""

    name = TextField(
        label=_("Your name"), max_length=150, help_text=_("How your group will know you.")
    )
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A short sentence is easy to remember."),
    )
    role_type = forms.ChoiceField(
        label=_("What is your role?"),
        choices=[],
        help_text=_("Groups are for people in the same role, so everyone can speak freely."),
    )

    field_order = ["name", "password", "role_type", "agree_to_agreement"]

    def __init__(self, *args: Any, asks_role: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if not asks_role:
            del self.fields["role_type"]
        else:  # every role type a program names, as on sign-up
            self.fields["role_type"].choices = role_types.choices()  # type: ignore[attr-defined]
