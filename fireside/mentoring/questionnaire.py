"""The program's matching questionnaire: coordinators write the questions (English, with
French falling back to it, as the reflection prompts do), members answer them, and the
matching reads both as plain data (fireside/mentoring/matching.py).

A person's answers are theirs: only they see them. Everyone else only ever sees the reasons
a suggestion gives ("both chose “outdoor play”"), built for the facilitator at view time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput, Unprocessable
from fireside.lib.text import clean_text
from fireside.mentoring import matching
from fireside.mentoring.questionnaire_models import (
    WEIGHT_MAX,
    WEIGHT_MIN,
    MatchingAnswer,
    MatchingChoice,
    MatchingQuestion,
)
from fireside.programs.models import Program

TEXT_MAX, LABEL_MAX = 200, 120
MOST_QUESTIONS, MOST_CHOICES = 12, 6


def questions_of(program: Program) -> list[MatchingQuestion]:
    """The program's questions in order, with their choices (two queries)."""
    return list(
        MatchingQuestion.objects.filter(program=program).prefetch_related(
            Prefetch("choices", queryset=MatchingChoice.objects.order_by("position", "pk"))
        )
    )


def programs_with_questions(program_ids: Iterable[int]) -> set[int]:
    return set(
        MatchingQuestion.objects.filter(program_id__in=list(program_ids)).values_list(
            "program_id", flat=True
        )
    )


def has_questions(program_id: int) -> bool:
    return MatchingQuestion.objects.filter(program_id=program_id).exists()


# --- Writing the questions (coordinators) ---------------------------------------------


def _clean_question(fields: Mapping[str, Any]) -> dict[str, Any]:
    text_en = clean_text(fields.get("text_en"), "text_en", TEXT_MAX)
    text_fr = clean_text(fields.get("text_fr"), "text_fr", TEXT_MAX)
    if not text_en:
        raise InvalidInput(
            _("Each question needs its English words; the French is optional."),
            {"text_en": [_("Write the question in English.")]},
        )
    kind, rule, weight = fields.get("kind"), fields.get("rule"), fields.get("weight")
    if kind not in MatchingQuestion.Kind.values:
        raise InvalidInput(
            _("Choose one answer or any number of answers."), {"kind": [_("Choose one.")]}
        )
    if rule not in MatchingQuestion.Rule.values:
        raise InvalidInput(
            _("Choose whether the same or different answers fit."), {"rule": [_("Choose one.")]}
        )
    if (
        not isinstance(weight, int)
        or isinstance(weight, bool)
        or not WEIGHT_MIN <= weight <= WEIGHT_MAX
    ):
        message = _("The weight is a whole number from %(low)s to %(high)s.") % {
            "low": WEIGHT_MIN,
            "high": WEIGHT_MAX,
        }
        raise InvalidInput(message, {"weight": [message]})
    return {"text_en": text_en, "text_fr": text_fr, "kind": kind, "rule": rule, "weight": weight}


def _clean_choices(choices: Sequence[tuple[object, object]]) -> list[tuple[str, str]]:
    cleaned = []
    for english, french in choices:
        label_en = clean_text(english, "label_en", LABEL_MAX)
        label_fr = clean_text(french, "label_fr", LABEL_MAX)
        if not label_en and not label_fr:
            continue
        if not label_en:
            raise InvalidInput(
                _("Each choice needs its English words; the French is optional."),
                {"choices": [_("Write every choice in English.")]},
            )
        cleaned.append((label_en, label_fr))
    if len(cleaned) < 2:
        raise InvalidInput(
            _("A question needs at least two choices to pick from."),
            {"choices": [_("Write at least two choices.")]},
        )
    if len(cleaned) > MOST_CHOICES:
        raise InvalidInput(
            _("At most %(n)s choices.") % {"n": MOST_CHOICES},
            {"choices": [_("At most %(n)s.") % {"n": MOST_CHOICES}]},
        )
    return cleaned


def check_save_question(
    *,
    actor: User,
    program: Program,
    question: MatchingQuestion | None = None,
    choices: Sequence[tuple[object, object]],
    **fields: Any,
) -> MatchingQuestion:
    """Add a question (question=None) or change one. Choices are matched to the existing
    ones by their place in the list, so fixing a choice's words keeps the answers that
    chose it; a choice left out is removed from every answer."""
    cleaned = _clean_question(fields)
    labels = _clean_choices(choices)
    with transaction.atomic():
        if question is None:
            if MatchingQuestion.objects.filter(program=program).count() >= MOST_QUESTIONS:
                raise InvalidInput(_("At most %(n)s questions.") % {"n": MOST_QUESTIONS})
            last = MatchingQuestion.objects.filter(program=program).aggregate(m=Max("position"))
            question = MatchingQuestion.objects.create(
                program=program, position=(last["m"] or 0) + 1, **cleaned
            )
            verb = "mentoring.add_matching_question"
        else:
            for key, value in cleaned.items():
                setattr(question, key, value)
            question.save()
            verb = "mentoring.edit_matching_question"
        existing = list(question.choices.order_by("position", "pk"))
        for position, (label_en, label_fr) in enumerate(labels, start=1):
            if position <= len(existing):
                choice = existing[position - 1]
                choice.label_en, choice.label_fr, choice.position = label_en, label_fr, position
                choice.save()
            else:
                MatchingChoice.objects.create(
                    question=question, position=position, label_en=label_en, label_fr=label_fr
                )
        MatchingChoice.objects.filter(pk__in=[c.pk for c in existing[len(labels) :]]).delete()
        if question.kind == MatchingQuestion.Kind.SINGLE:
            _drop_answers_with_several_choices(question)
        record(actor, verb, question, program=program.pk)
    return question


def _drop_answers_with_several_choices(question: MatchingQuestion) -> None:
    """A question now asking for one answer: answers with several are asked again."""
    for answer in question.answers.prefetch_related("choices"):
        if len(answer.choices.all()) > 1:
            answer.delete()


def do_move_question(*, actor: User, question: MatchingQuestion, up: bool) -> None:
    with transaction.atomic():
        order = list(
            MatchingQuestion.objects.filter(program_id=question.program_id).select_for_update()
        )
        index = next(i for i, q in enumerate(order) if q.pk == question.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(order):
            return
        order[index], order[other] = order[other], order[index]
        for position, row in enumerate(order, start=1):
            MatchingQuestion.objects.filter(pk=row.pk).update(position=position)
        record(actor, "mentoring.move_matching_question", question, up=up)


def do_delete_question(*, actor: User, question: MatchingQuestion) -> None:
    """The question goes, and every answer to it."""
    with transaction.atomic():
        record(actor, "mentoring.delete_matching_question", question, program=question.program_id)
        question.delete()


# --- Answering (members) --------------------------------------------------------------


def answers_of(user: User, program: Program) -> dict[int, set[int]]:
    """The person's own answers: question id → chosen choice ids."""
    rows = MatchingAnswer.objects.filter(user=user, question__program=program).prefetch_related(
        "choices"
    )
    return {a.question_id: {c.pk for c in a.choices.all()} for a in rows}


def has_answered(user: User, program_id: int) -> bool:
    return MatchingAnswer.objects.filter(user=user, question__program_id=program_id).exists()


def check_answer(*, user: User, program: Program, answers: Mapping[int, Iterable[int]]) -> None:
    """Replace the person's answers for the program. A question left out or answered with
    nothing is skipped (no answer kept); a one-answer question takes at most one choice;
    any question or choice not of this program is refused with nothing saved (422)."""
    questions = {q.pk: q for q in questions_of(program)}
    cleaned: dict[int, list[MatchingChoice]] = {}
    for question_id, choice_ids in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise Unprocessable(
                _("Question %(id)s is not one of this program's.") % {"id": question_id}
            )
        by_id = {c.pk: c for c in question.choices.all()}
        wanted = list(dict.fromkeys(choice_ids))
        if any(c not in by_id for c in wanted):
            raise Unprocessable(
                _("Choose among the choices of “%(question)s”.") % {"question": question.text}
            )
        if question.kind == MatchingQuestion.Kind.SINGLE and len(wanted) > 1:
            raise Unprocessable(_("“%(question)s” takes one answer.") % {"question": question.text})
        if wanted:
            cleaned[question_id] = [by_id[c] for c in wanted]
    with transaction.atomic():
        MatchingAnswer.objects.filter(user=user, question__program=program).delete()
        for question_id, chosen in cleaned.items():
            answer = MatchingAnswer.objects.create(user=user, question_id=question_id)
            answer.choices.set(chosen)
        record(user, "mentoring.answer_matching_questions", program, answered=len(cleaned))


# --- For the matching -----------------------------------------------------------------


def for_matching(questions: Iterable[MatchingQuestion]) -> list[matching.Question]:
    """The questions as the matching takes them, in the language active now (the reader's)."""
    return [
        matching.Question(
            key=str(q.pk),
            text=q.text,
            weight=q.weight,
            rule=matching.SAME if q.rule == MatchingQuestion.Rule.SAME else matching.COMPLEMENTARY,
            labels={str(c.pk): c.label for c in q.choices.all()},
        )
        for q in questions
    ]


def answers_for_matching(
    program_id: int, user_ids: Iterable[int]
) -> dict[int, dict[str, frozenset[str]]]:
    """Each person's answers as question key → choice keys: one query for the whole group."""
    through = MatchingAnswer.choices.through
    rows = through.objects.filter(
        matchinganswer__question__program_id=program_id, matchinganswer__user_id__in=list(user_ids)
    ).values_list("matchinganswer__user_id", "matchinganswer__question_id", "matchingchoice_id")
    found: dict[int, dict[str, set[str]]] = {}
    for user_id, question_id, choice_id in rows:
        found.setdefault(user_id, {}).setdefault(str(question_id), set()).add(str(choice_id))
    return {u: {q: frozenset(c) for q, c in a.items()} for u, a in found.items()}


def attach_answers(memberships: Sequence[Any], program_id: int) -> None:
    """Give each membership its person's answers (`matching_answers`), read in one query,
    for mentoring.actions.person()."""
    found = answers_for_matching(program_id, [m.user_id for m in memberships])
    for membership in memberships:
        membership.matching_answers = found.get(membership.user_id, {})


# --- Personal data --------------------------------------------------------------------


def export_for(user: User) -> list[dict[str, Any]]:
    rows = MatchingAnswer.objects.filter(user=user).select_related("question__program")
    return [
        {
            "program": a.question.program.name,
            "question": a.question.text_en,
            "choices": [c.label_en for c in sorted(a.choices.all(), key=lambda c: c.position)],
            "answered_at": a.answered_at.isoformat(),
        }
        for a in rows.prefetch_related("choices")
    ]


def erase_for(user: User) -> None:
    MatchingAnswer.objects.filter(user=user).delete()
