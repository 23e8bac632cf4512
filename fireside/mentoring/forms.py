"""Web forms for peer mentoring. They parse what people type; the actions decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.lib.forms import CountedTextarea, TextField
from fireside.mentoring.actions import EXCERPT_MAX, REFLECTION_MAX
from fireside.mentoring.connections import NOTE_MAX
from fireside.mentoring.models import MAX_MINUTES, Format
from fireside.mentoring.reflecting import MOST_PROMPTS as PROMPTS_SHOWN_MAX
from fireside.mentoring.reflecting import PROMPT_MAX
from fireside.programs.models import ReflectionPolicy


class PairForm(forms.Form):
    """Pair people by hand: two, or three for a trio."""

    first = forms.TypedChoiceField(label=_("First person"), coerce=int)
    second = forms.TypedChoiceField(label=_("Second person"), coerce=int)
    third = forms.TypedChoiceField(
        label=_("Third person (for a trio)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose someone"))] + [(str(pk), name) for pk, name in people]
        for name in ("first", "second", "third"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    def user_ids(self) -> list[int]:
        data = self.cleaned_data
        return [i for i in (data["first"], data["second"], data.get("third")) if i is not None]


class ConnectionForm(forms.Form):
    happened_on = forms.DateField(
        label=_("When"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    minutes = forms.IntegerField(
        label=_("How long (minutes)"),
        min_value=1,
        max_value=MAX_MINUTES,
        initial=30,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    format = forms.ChoiceField(
        label=_("How you connected"),
        choices=Format.choices,
        initial=Format.COFFEE,
        widget=forms.RadioSelect,
    )
    note = TextField(
        label=_("A note for yourself (optional)"),
        help_text=_("Only you will ever see this note. Your partner sees when, how long and how."),
        required=False,
        max_length=NOTE_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = today
        self.fields["happened_on"].widget.attrs["max"] = today.isoformat()


class ReflectionForm(forms.Form):
    body = TextField(
        label=_("Your reflection"),
        max_length=REFLECTION_MAX,
        widget=CountedTextarea(attrs={"rows": 8}),
    )
    anything_else = TextField(
        label=_("Anything else on your mind (optional)"),
        required=False,
        max_length=REFLECTION_MAX,
        widget=CountedTextarea(attrs={"rows": 4}),
    )
    shareable_excerpt = TextField(
        label=_("A short excerpt to share (optional)"),
        help_text=_(
            "A sentence or two that may appear in the program's reports, without your name. "
            "Leave it empty to share nothing. You can take it back at any time."
        ),
        required=False,
        max_length=EXCERPT_MAX,
        widget=CountedTextarea(attrs={"rows": 2}),
    )
    consent = forms.BooleanField(
        label=_("I agree that this excerpt may be shared, without my name, in program reports."),
        required=False,
    )

    def __init__(self, *args: Any, prompt: str = "", shared_with: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if prompt:
            self.fields["body"].label = prompt
            self.fields["body"].help_text = (
                _("Only you can read this.")
                if not shared_with
                else _("The coordinators of %(program)s will read this, with your name.")
                % {"program": shared_with}
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("shareable_excerpt") or "").strip() and not data.get("consent"):
            self.add_error(
                "consent", _("Tick this to share the excerpt, or leave the excerpt empty.")
            )
        return data


class ReflectionSettingsForm(forms.Form):
    """A program's reflection policy and prompts: each prompt a pair of fields (English and
    French); an emptied pair is removed, and two empty pairs are offered to add more."""

    reflection_policy = forms.ChoiceField(
        label=_("Who reads the reflections written from now on"),
        choices=ReflectionPolicy.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, prompts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count = min(PROMPTS_SHOWN_MAX, len(prompts) + 2)
        for i in range(1, self.count + 1):
            english, french = prompts[i - 1] if i <= len(prompts) else ("", "")
            self.fields[f"text_{i}"] = forms.CharField(
                label=_("Prompt %(n)s in English") % {"n": i},
                required=False,
                max_length=PROMPT_MAX,
                initial=english,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"text_fr_{i}"] = forms.CharField(
                label=_("Prompt %(n)s in French") % {"n": i},
                required=False,
                max_length=PROMPT_MAX,
                initial=french,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def prompt_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"text_{i}"], self[f"text_fr_{i}"]) for i in range(1, self.count + 1)]

    def prompts(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data[f"text_{i}"], data[f"text_fr_{i}"]) for i in range(1, self.count + 1)]


class ReminderForm(forms.Form):
    reminders = forms.BooleanField(
        label=_(
            "Email me a reminder a few days before the month ends, when I have not written my "
            "reflection"
        ),
        required=False,
    )


class SharedFilterForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Group"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("All groups"))] + [  # type: ignore[attr-defined]
            (str(pk), name) for pk, name in groups
        ]
