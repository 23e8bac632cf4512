"""Web forms for answering surveys and the confidence check. They parse what people type;
the actions decide. The builder's form is in fireside/surveys/builder.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.lib.forms import CountedTextarea, TextField
from fireside.surveys.confidence import ITEMS, SCALE
from fireside.surveys.models import LIKERT_LABELS, ConfidenceGoal, Question, QuestionKind
from fireside.surveys.questions import REQUIRED_ERROR, TEXT_ANSWER_MAX


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
            if q.required:
                label = _("%(question)s (required)") % {"question": label}
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
            if q.required and not field.required:
                field.required = True
                field.error_messages["required"] = REQUIRED_ERROR
                if q.kind == QuestionKind.MULTIPLE:
                    field.help_text = _("Tick at least one.")
                elif q.kind == QuestionKind.TEXT:  # where it goes, without "Optional."
                    field.help_text = (
                        _(
                            "Read without your name by the program's coordinators, and perhaps "
                            "quoted, still without your name, in the program's report."
                        )
                        if program_wide
                        else _("Read without your name by the person who asked.")
                    )
            field.section = q.section  # type: ignore[attr-defined,union-attr]
            self.fields[name] = field

    def answers(self) -> list[Any]:
        return [self.cleaned_data[f"q{q.position}"] for q in self.questions]


class ConfidenceForm(forms.Form):
    """The eight statements, then the program's own goals, each answered 1–5."""

    def __init__(
        self, *args: Any, goals: list[ConfidenceGoal] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals or []
        for n, item in enumerate(ITEMS, start=1):
            field = forms.TypedChoiceField(
                label=f"{n}. {item.text}",
                choices=[(v, f"{v} · {label}") for v, label in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
            )
            field.error_messages["required"] = _("Choose one.")
            self.fields[item.key] = field
        for n, goal in enumerate(self.goals, start=len(ITEMS) + 1):
            field = forms.TypedChoiceField(
                label=f"{n}. {goal.text()}",
                choices=[(v, f"{v} · {label}") for v, label in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
            )
            field.error_messages["required"] = _("Choose one.")
            self.fields[f"goal_{goal.pk}"] = field

    def answers(self) -> list[int]:
        return [self.cleaned_data[item.key] for item in ITEMS]

    def goal_answers(self) -> list[int]:
        return [self.cleaned_data[f"goal_{goal.pk}"] for goal in self.goals]
