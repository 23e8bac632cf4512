"""Forms of the matching questionnaire: a coordinator's question, a member's answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.mentoring.questionnaire import LABEL_MAX, MOST_CHOICES, TEXT_MAX
from fireside.mentoring.questionnaire_models import WEIGHT_MAX, WEIGHT_MIN, MatchingQuestion


class QuestionForm(forms.Form):
    text_en = forms.CharField(label=_("Question in English"), max_length=TEXT_MAX)
    text_fr = forms.CharField(
        label=_("Question in French"),
        max_length=TEXT_MAX,
        required=False,
        help_text=_("French speakers see it; without it, they see the English."),
    )
    kind = forms.ChoiceField(
        label=_("How many answers"),
        choices=MatchingQuestion.Kind.choices,
        widget=forms.RadioSelect,
        initial=MatchingQuestion.Kind.SINGLE,
    )
    rule = forms.ChoiceField(
        label=_("Which answers make a good pair"),
        choices=MatchingQuestion.Rule.choices,
        widget=forms.RadioSelect,
        initial=MatchingQuestion.Rule.SAME,
        help_text=_(
            "Same: partners who chose the same thing, such as a topic. Different: partners "
            "who chose differently, such as someone new and someone experienced."
        ),
    )
    weight = forms.TypedChoiceField(
        label=_("How much it counts"),
        choices=[(n, str(n)) for n in range(WEIGHT_MIN, WEIGHT_MAX + 1)],
        coerce=int,
        initial=3,
        help_text=_("From 1 (a little) to 5 (a lot). A shared interest counts 3."),
    )

    def __init__(self, *args: Any, question: MatchingQuestion | None = None, **kwargs: Any):
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "text_en": question.text_en,
                    "text_fr": question.text_fr,
                    "kind": question.kind,
                    "rule": question.rule,
                    "weight": question.weight,
                    **{
                        f"choice_{n}_{lang}": getattr(c, f"label_{lang}")
                        for n, c in enumerate(question.choices.all(), start=1)
                        for lang in ("en", "fr")
                    },
                },
            )
        super().__init__(*args, **kwargs)
        for n in range(1, MOST_CHOICES + 1):
            self.fields[f"choice_{n}_en"] = forms.CharField(
                label=_("Choice %(n)s in English") % {"n": n}, max_length=LABEL_MAX, required=False
            )
            self.fields[f"choice_{n}_fr"] = forms.CharField(
                label=_("Choice %(n)s in French") % {"n": n}, max_length=LABEL_MAX, required=False
            )

    def choice_fields(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"choice_{n}_en"], self[f"choice_{n}_fr"]) for n in range(1, MOST_CHOICES + 1)
        ]

    def question_fields(self) -> list[Any]:
        return [self[name] for name in ("text_en", "text_fr", "kind", "rule", "weight")]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text_en": data["text_en"],
            "text_fr": data["text_fr"],
            "kind": data["kind"],
            "rule": data["rule"],
            "weight": data["weight"],
            "choices": [
                (data[f"choice_{n}_en"], data[f"choice_{n}_fr"]) for n in range(1, MOST_CHOICES + 1)
            ],
        }


class AnswerForm(forms.Form):
    """One field per question, in the reader's language; every question may be skipped."""

    def __init__(
        self,
        *args: Any,
        questions: list[MatchingQuestion],
        answers: dict[int, set[int]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            choices = [(c.pk, c.label) for c in question.choices.all()]
            chosen = sorted(answers.get(question.pk, set()))
            if question.kind == MatchingQuestion.Kind.SINGLE:
                field: forms.Field = forms.TypedChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=False,
                    initial=chosen[0] if chosen else None,
                )
            else:
                field = forms.TypedMultipleChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                    initial=chosen,
                    help_text=_("Tick as many as fit."),
                )
            field.label = question.text
            self.fields[f"q_{question.pk}"] = field

    def answers(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for name, value in self.cleaned_data.items():
            question_id = int(name.removeprefix("q_"))
            if isinstance(value, list):
                found[question_id] = value
            else:
                found[question_id] = [value] if value not in (None, "") else []
        return found
