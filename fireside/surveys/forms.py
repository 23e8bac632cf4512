"""Web forms for surveys. They parse what people type; the actions decide.

The survey builder works without JavaScript: it shows a few empty question slots, and
"Add more questions" sends the form back with more (nothing is saved until "Create").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.lib.errors import ActionError
from fireside.lib.forms import CountedTextarea, TextField, add_action_error
from fireside.surveys.actions import (
    INTRO_MAX,
    MAX_QUESTIONS,
    OPTION_MAX,
    QUESTION_MAX,
    TEXT_ANSWER_MAX,
    TITLE_MAX,
)
from fireside.surveys.confidence import ITEMS, SCALE
from fireside.surveys.models import LIKERT_LABELS, Question, QuestionKind

FIRST_SLOTS = 4
MORE_SLOTS = 3
REPEATS = [
    ("", _("Just once")),
    (1, _("Every month")),
    (2, _("Every 2 months")),
    (3, _("Every 3 months")),
    (4, _("Every 4 months")),
    (6, _("Every 6 months")),
    (12, _("Once a year")),
]


def slot_count(data: Any) -> int:
    """How many question slots the form shows: from the posted form, within bounds."""
    raw = data.get("slots", "") if data is not None else ""
    count = int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 4 else FIRST_SLOTS
    return max(1, min(count, MAX_QUESTIONS))


class SurveyForm(forms.Form):
    title = TextField(label=_("Title"), max_length=TITLE_MAX)
    intro = TextField(
        label=_("A few words to introduce it (optional)"),
        help_text=_("Why you are asking, and what you will do with the answers."),
        required=False,
        max_length=INTRO_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous (recommended): nobody, not even you, can see who gave which answer."),
        help_text=_(
            "If you untick this, answers are kept with each person's name so they can see "
            "and erase their own. You still see only totals."
        ),
        required=False,
        initial=True,
    )
    opens_on = forms.DateField(
        label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    repeat = forms.TypedChoiceField(
        label=_("Repeat"),
        help_text=_(
            "A repeating survey opens again with the same questions, for as many days as "
            "the first round, and people are told each time."
        ),
        choices=REPEATS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    slots = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, slots: int, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slot_numbers = list(range(1, slots + 1))
        self.fields["slots"].initial = slots
        self.fields["opens_on"].initial = today
        self.fields["opens_on"].widget.attrs["min"] = today.isoformat()
        self.fields["closes_on"].initial = today + dt.timedelta(days=13)
        for i in self.slot_numbers:
            self.fields[f"q{i}_text"] = TextField(
                label=_("Question %(n)s") % {"n": i}, required=False, max_length=QUESTION_MAX
            )
            self.fields[f"q{i}_kind"] = forms.ChoiceField(
                label=_("Question %(n)s: how people answer") % {"n": i},
                choices=QuestionKind.choices,
                initial=QuestionKind.LIKERT,
            )
            self.fields[f"q{i}_options"] = TextField(
                label=_("Question %(n)s: options to choose from, one per line") % {"n": i},
                help_text=_("Only for “One choice” and “Any number of choices”."),
                required=False,
                max_length=(OPTION_MAX + 1) * 12,
                widget=CountedTextarea(attrs={"rows": 3}),
            )
        self.slot_of: dict[int, int] = {}

    def question_slots(self) -> list[dict[str, Any]]:
        return [
            {
                "number": i,
                "text": self[f"q{i}_text"],
                "kind": self[f"q{i}_kind"],
                "options": self[f"q{i}_options"],
            }
            for i in self.slot_numbers
        ]

    def questions(self) -> list[dict[str, Any]]:
        """The filled-in slots, in order, as the action takes them."""
        data, found = self.cleaned_data, []
        self.slot_of = {}
        for i in self.slot_numbers:
            text = (data.get(f"q{i}_text") or "").strip()
            options = [o.strip() for o in (data.get(f"q{i}_options") or "").splitlines()]
            if not text:
                continue
            found.append({"kind": data.get(f"q{i}_kind"), "text": text, "options": options})
            self.slot_of[len(found)] = i
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in self.slot_numbers:
            if (data.get(f"q{i}_options") or "").strip() and not (
                data.get(f"q{i}_text") or ""
            ).strip():
                self.add_error(f"q{i}_text", _("Write the question, or clear its options."))
        return data

    def add_error_from(self, exc: ActionError) -> None:
        """Put an action's refusal on the slot it is about (the action counts only filled
        slots; the form shows them all)."""
        renamed: dict[str, list[str]] = {}
        for key, messages in exc.errors.items():
            parts = key.split("_")
            if len(parts) == 3 and parts[0] == "question" and parts[1].isdigit():
                slot = self.slot_of.get(int(parts[1]))
                key = f"q{slot}_{parts[2]}" if slot else "__all__"
            elif key == "repeat_every_months":
                key = "repeat"
            renamed.setdefault(key, []).extend(messages)
        add_action_error(self, type(exc)(exc.message, renamed))


def _likert_choices() -> list[tuple[int, str]]:
    return [(n, f"{n} · {label}") for n, label in LIKERT_LABELS]


class AnswerForm(forms.Form):
    """One field per question, named q<position>."""

    def __init__(
        self, *args: Any, questions: list[Question], program_wide: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        # Where written answers go, said where they are written.
        goes = (
            _(
                "Optional. Read without your name by the program's coordinators, and perhaps "
                "quoted, still without your name, in the program's report."
            )
            if program_wide
            else _("Optional. Read without your name by the person who asked.")
        )
        for q in questions:
            name, label = f"q{q.position}", f"{q.position}. {q.text}"
            field: forms.Field
            if q.kind == QuestionKind.LIKERT:
                field = forms.TypedChoiceField(
                    label=label, choices=_likert_choices(), coerce=int, widget=forms.RadioSelect
                )
            elif q.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    label=label, choices=[(o, o) for o in q.options], widget=forms.RadioSelect
                )
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label,
                    help_text=_("Tick any that apply, or none."),
                    choices=[(o, o) for o in q.options],
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )
            else:
                field = TextField(
                    label=label,
                    help_text=goes,
                    required=False,
                    max_length=TEXT_ANSWER_MAX,
                    widget=CountedTextarea(attrs={"rows": 4}),
                )
            field.error_messages["required"] = _("Choose one.")
            self.fields[name] = field

    def answers(self) -> list[Any]:
        return [self.cleaned_data[f"q{q.position}"] for q in self.questions]


class ConfidenceForm(forms.Form):
    """The eight statements, each answered 1–5."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, item in enumerate(ITEMS, start=1):
            field = forms.TypedChoiceField(
                label=f"{n}. {item.text}",
                choices=[(v, f"{v} · {label}") for v, label in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
            )
            field.error_messages["required"] = _("Choose one.")
            self.fields[item.key] = field

    def answers(self) -> list[int]:
        return [self.cleaned_data[item.key] for item in ITEMS]
