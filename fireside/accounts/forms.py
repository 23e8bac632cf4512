from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from fireside.accounts import availability, role_types
from fireside.accounts.models import PROFILE_FIELDS, User
from fireside.lib.forms import TextField
from fireside.lib.i18n import speaking_to
from fireside.lib.mail import queue_email
from fireside.lib.validators import time_zones


class SignupForm(forms.Form):
    name = TextField(
        label=_("Your name"), max_length=150, help_text=_("How your group will know you.")
    )
    email = forms.EmailField(label=_("Email address"))
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A short sentence is easy to remember."),
    )
    role_type = forms.ChoiceField(
        label=_("What is your role?"),
        choices=role_types.choices,
        help_text=_("Groups are for people in the same role, so everyone can speak freely."),
    )
    region = TextField(label=_("Region or town"), max_length=100, required=False)

    field_order = ["name", "email", "password", "role_type", "region"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AvailabilityGridField(forms.MultipleChoiceField):
    """The days × parts grid of checkboxes, drawn as a table (accounts/availability_field.html)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("template_name", "accounts/availability_field.html")
        super().__init__(choices=[(c, c) for c in availability.CODES], **kwargs)


class ProfileForm(forms.ModelForm):
    availability_slots = AvailabilityGridField(
        label=_("When you are usually free"),
        required=False,
        help_text=_("Tick every part of the week you could usually meet a peer partner."),
    )
    role_type = forms.ChoiceField(label=_("Role type"), choices=role_types.choices)
    interests = TextField(
        label=_("Interests"),
        required=False,
        max_length=1200,
        help_text=_("Separate them with commas, e.g. outdoor play, inclusion, music."),
    )

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}
        # Typed text with a limit counts rather than cuts (fireside/lib/forms.py).
        field_classes = dict.fromkeys(("name", "pronouns", "region", "availability"), TextField)
        labels = {
            "availability": _("Anything else about when you're free"),
            "share_accessibility_needs": _(
                "Show my accessibility needs to the facilitators of my groups"
            ),
        }
        help_texts = {
            "availability": _("Optional, e.g. “not during school holidays”."),
            "accessibility_needs": _(
                "Anything that helps you take part, e.g. captions, step-free rooms, "
                "agendas sent ahead. Only you see this, unless you tick the box below."
            ),
            "share_accessibility_needs": _(
                "If you tick it, the facilitators and co-facilitators of each group you are "
                "in see these needs on their member list and attendance sheet, so they can "
                "plan for them. Other members, coordinators and mentors never see them. You "
                "can untick it at any time."
            ),
        }

    timezone = forms.ChoiceField(
        label=_("Your time zone"),
        required=False,
        choices=[],
        help_text=_(
            "Pages and emails show times in it. Leave empty to see gatherings in each group's own."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[],
        help_text=_("Fireside and its emails speak to you in this language."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [  # type: ignore[attr-defined]
            ("", _("Each group's own time zone")),
            *((z, z.replace("_", " ")) for z in time_zones()),
        ]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("The same as my browser")),
            *settings.LANGUAGES,
        ]
        self.fields["share_accessibility_needs"].label_suffix = ""
        if self.instance and self.instance.pk:
            self.initial["interests"] = ", ".join(self.instance.interests)
            if self.instance.role_type_requested:
                self.initial["role_type"] = self.instance.role_type_requested
            if role_types.locked(self.instance):
                self.fields["role_type"].help_text = _(
                    "Groups are for one role type. A change waits until a coordinator of "
                    "your program confirms it."
                )

    def availability_days(self) -> list[tuple[str, str]]:
        """Each day's full name (for screen readers) and short one (seen, to fit a phone)."""
        return [
            (str(day), str(short))
            for day, short in zip(availability.DAY_NAMES, availability.SHORT_DAY_NAMES, strict=True)
        ]

    def availability_grid(self) -> list[dict[str, Any]]:
        """The grid's rows (parts of the day), each with a cell per day, ticked or not."""
        field = self["availability_slots"]
        ticked = set(field.value() or [])
        return [
            {
                "name": part_name,
                "cells": [
                    {
                        "code": (code := f"{day}-{part}"),
                        "id": f"{field.auto_id}-{code}",
                        "label": availability.slot_label(d, p),
                        "checked": code in ticked,
                    }
                    for d, day in enumerate(availability.DAYS)
                ],
            }
            for p, (part, part_name) in enumerate(
                zip(availability.PARTS, availability.PART_NAMES, strict=True)
            )
        ]

    def clean_interests(self) -> list[str]:
        raw = self.cleaned_data.get("interests") or ""
        return [part.strip() for part in raw.split(",") if part.strip()]


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email goes out through the task queue."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template.loader import render_to_string

        with speaking_to(context.get("user")):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        queue_email(
            subject=subject,
            body=body,
            to=[to_email],
            template="password_reset",
            with_the_change=False,
        )

    def get_users(self, email: str) -> Any:
        return User.objects.filter(email__iexact=email, is_active=True)


class EraseForm(forms.Form):
    confirm = forms.CharField(label=_("Type ERASE to confirm"), max_length=10)

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        # The word as the page asks for it, in English or in the person's language.
        if value not in {"ERASE", pgettext("the word typed to erase an account", "ERASE")}:
            raise forms.ValidationError(_("Type the word ERASE in capital letters."))
        return value


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code; the action checks it."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
    )


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link there; your address changes when you open it."),
    )
    password = forms.CharField(
        label=_("Your current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PhotoForm(forms.Form):
    """A photo and, from the cropping script, the square chosen (pixels of the upright
    picture). Without the script the three stay empty and the middle is taken."""

    file = forms.FileField(
        label=_("Your photo"),
        help_text=_(
            "A JPEG, PNG, GIF or WebP picture. We keep a square of it, without the "
            "information cameras hide in photos (such as where it was taken)."
        ),
        widget=forms.FileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp", "data-photo-input": ""}
        ),
    )
    crop_x = forms.CharField(required=False, widget=forms.HiddenInput)
    crop_y = forms.CharField(required=False, widget=forms.HiddenInput)
    crop_size = forms.CharField(required=False, widget=forms.HiddenInput)
