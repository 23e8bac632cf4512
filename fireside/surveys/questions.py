"""What a survey's questions may be, and what an answer to them may be.

The builder (web and API) and answering both check through here, so a question is refused
in the same words wherever it is written, and a required question is enforced wherever it
is answered. Error keys name the question: question_<n>_<field> while building, q<position>
while answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.lib.errors import InvalidInput, Unprocessable
from fireside.lib.text import clean_text
from fireside.surveys.models import LIKERT_MAX, LIKERT_MIN, Question, QuestionKind, Survey

TITLE_MAX = 150
INTRO_MAX = 2000
QUESTION_MAX = 300
OPTION_MAX = 120
TEXT_ANSWER_MAX = 5000
MAX_QUESTIONS = 30
MIN_OPTIONS, MAX_OPTIONS = 2, 12
CHOICE_KINDS = frozenset({QuestionKind.CHOICE, QuestionKind.MULTIPLE})
SECTION_MAX = 150
REQUIRED_ERROR = gettext_lazy("This question needs an answer.")


def _words(value: object, *, label: str, key: str, limit: int, required: bool = False) -> str:
    """Text as people typed it, stripped; refusals name the field the way a person would."""
    return clean_text(
        value,
        key,
        limit,
        required=required,
        label=label,
        not_text=_("%(label)s must be text.") % {"label": label},
        unstorable=_("%(label)s contains a character that is not allowed.") % {"label": label},
        missing=_("%(label)s is missing.") % {"label": label},
    )


def clean_title_and_intro(title: object, intro: object) -> tuple[str, str]:
    """A survey's title (required) and introduction (optional), as the builder takes them."""
    title_text = _words(title, label=_("The title"), key="title", limit=TITLE_MAX, required=True)
    intro_text = _words(intro, label=_("The introduction"), key="intro", limit=INTRO_MAX)
    return title_text, intro_text


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    options: tuple[str, ...] = ()
    required: bool = False
    section: str = ""


def clean_questions(questions: object) -> list[QuestionSpec]:
    """[{kind, text, options, required, section}] → checked questions, in the order given.
    Error keys are question_<n>_<field>; messages start with "Question <n>"."""
    if not isinstance(questions, list | tuple) or not questions:
        raise InvalidInput(_("Add at least one question."), {"questions": [_("Add a question.")]})
    if len(questions) > MAX_QUESTIONS:
        raise InvalidInput(
            _("A survey has at most %(n)s questions: keep it short, people are busy.")
            % {"n": MAX_QUESTIONS},
            {"questions": [_("At most %(n)s.") % {"n": MAX_QUESTIONS}]},
        )
    cleaned = []
    for n, raw in enumerate(questions, start=1):
        if not isinstance(raw, dict):
            raise InvalidInput(
                _("Question %(n)s must be an object with kind, text and options.") % {"n": n},
                {"questions": [_("Each question is {kind, text, options}.")]},
            )
        kind = raw.get("kind")
        if not isinstance(kind, str) or kind not in QuestionKind.values:
            raise InvalidInput(
                _("Question %(n)s: kind must be one of %(kinds)s.")
                % {"n": n, "kinds": ", ".join(QuestionKind.values)},
                {f"question_{n}_kind": [_("Choose a kind of question.")]},
            )
        text = _words(
            raw.get("text"),
            label=_("The text of question %(n)s") % {"n": n},
            key=f"question_{n}_text",
            limit=QUESTION_MAX,
            required=True,
        )
        required = raw.get("required", False)
        if required is None:
            required = False
        if not isinstance(required, bool):
            raise InvalidInput(
                _("Question %(n)s: required must be true or false.") % {"n": n},
                {f"question_{n}_required": [_("true or false.")]},
            )
        section = _words(
            raw.get("section"),
            label=_("The section heading before question %(n)s") % {"n": n},
            key=f"question_{n}_section",
            limit=SECTION_MAX,
        )
        options = _clean_options(n, kind, raw.get("options"))
        cleaned.append(QuestionSpec(kind, text, options, required, section))
    return cleaned


def save_questions(survey: Survey, specs: list[QuestionSpec]) -> None:
    """The survey's questions become `specs`, in order (within the caller's transaction)."""
    survey.questions.all().delete()
    Question.objects.bulk_create(
        Question(
            survey=survey,
            position=i,
            kind=s.kind,
            text=s.text,
            options=list(s.options),
            required=s.required,
            section=s.section,
        )
        for i, s in enumerate(specs, start=1)
    )


def _clean_options(n: int, kind: str, options: object) -> tuple[str, ...]:
    key = f"question_{n}_options"
    if options is None:
        options = []
    if not isinstance(options, list | tuple) or not all(isinstance(o, str) for o in options):
        raise InvalidInput(
            _("Question %(n)s: options must be a list of text.") % {"n": n}, {key: [_("A list.")]}
        )
    items = [
        _words(o, label=_("An option of question %(n)s") % {"n": n}, key=key, limit=OPTION_MAX)
        for o in options
    ]
    items = [o for o in items if o]
    if kind not in CHOICE_KINDS:
        if items:
            raise Unprocessable(
                _("Question %(n)s is a %(kind)s question: only choice questions have options.")
                % {"n": n, "kind": kind},
                {key: [_("Only choice questions have options.")]},
            )
        return ()
    if not MIN_OPTIONS <= len(items) <= MAX_OPTIONS:
        raise Unprocessable(
            _("Question %(n)s: a choice question needs from %(min)s to %(max)s options.")
            % {"n": n, "min": MIN_OPTIONS, "max": MAX_OPTIONS},
            {
                key: [
                    _("From %(min)s to %(max)s options, one per line.")
                    % {"min": MIN_OPTIONS, "max": MAX_OPTIONS}
                ]
            },
        )
    if len({o.casefold() for o in items}) != len(items):
        raise Unprocessable(
            _("Question %(n)s lists the same option twice.") % {"n": n},
            {key: [_("Each option once.")]},
        )
    return tuple(items)


def _likert(n: int, key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(
            _("Answer %(n)s must be a whole number from 1 to 5.") % {"n": n},
            {key: [_("Choose one.")]},
        )
    if not LIKERT_MIN <= value <= LIKERT_MAX:
        raise Unprocessable(
            _("Answer %(n)s must be from 1 to 5, not %(value)s.") % {"n": n, "value": value},
            {key: [_("Choose one.")]},
        )
    return value


def _choices(n: int, key: str, question: Question, value: object) -> list[str]:
    if question.kind == QuestionKind.CHOICE:
        if not isinstance(value, str):
            raise InvalidInput(
                _("Answer %(n)s must be one of the options, as text.") % {"n": n},
                {key: [_("Choose one.")]},
            )
        if value not in question.options:
            raise Unprocessable(
                _("Answer %(n)s must be one of: %(options)s.")
                % {"n": n, "options": ", ".join(question.options)},
                {key: [_("Choose one.")]},
            )
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(
            _("Answer %(n)s must be a list of the options chosen (it may be empty).") % {"n": n},
            {key: [_("Tick any that apply.")]},
        )
    if len(set(value)) != len(value):
        raise InvalidInput(
            _("Answer %(n)s lists an option twice.") % {"n": n}, {key: [_("Each option once.")]}
        )
    if any(v not in question.options for v in value):
        raise Unprocessable(
            _("Answer %(n)s may only list these options: %(options)s.")
            % {"n": n, "options": ", ".join(question.options)},
            {key: [_("Tick any that apply.")]},
        )
    return list(value)


def _entry(n: int, question: Question, value: object) -> dict[str, Any]:
    """One answer, checked against its question: 400 for the wrong type, 422 for a value
    of the right type that the question does not allow."""
    key = f"q{question.position}"
    if question.kind == QuestionKind.LIKERT:
        return {"question": question.pk, "number": _likert(n, key, value)}
    if question.kind in CHOICE_KINDS:
        choices = _choices(n, key, question, value)
        if question.required and not choices:
            raise _missing(n, key)
        return {"question": question.pk, "choices": choices}
    text = _words(value, label=_("Answer %(n)s") % {"n": n}, key=key, limit=TEXT_ANSWER_MAX)
    if question.required and not text:
        raise _missing(n, key)
    return {"question": question.pk, "text": text}


def _missing(n: int, key: str) -> Unprocessable:
    return Unprocessable(
        _("Question %(n)s needs an answer: it is required.") % {"n": n},
        {key: [str(REQUIRED_ERROR)]},
    )


def clean_answers(questions: list[Question], answers: object) -> list[dict[str, Any]]:
    if not isinstance(answers, list):
        raise InvalidInput(
            _("answers must be a list, one entry per question, in order."),
            {"answers": [_("A list.")]},
        )
    if len(answers) != len(questions):
        raise InvalidInput(
            _(
                "This survey has %(n)s question(s): send one answer for each, in order (an "
                "empty text or an empty list for a question you skip), not %(sent)s."
            )
            % {"n": len(questions), "sent": len(answers)},
            {"answers": [_("%(n)s answers.") % {"n": len(questions)}]},
        )
    return [_entry(n, q, a) for n, (q, a) in enumerate(zip(questions, answers, strict=True), 1)]
