"""The program's matching questionnaire (docs/api.md, "Matching questions"): its questions
for its participants and coordinators, and a participant's own answers, which nobody else
reads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import ConfigDict

from fireside.api.core import me
from fireside.mentoring import questionnaire
from fireside.mentoring.access import (
    get_program_to_reflect,
    get_program_to_run_reflections,
    is_participant,
)
from fireside.mentoring.questionnaire_models import MatchingQuestion
from fireside.programs.models import Program

router = Router(tags=["mentoring"])


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    question: int
    choices: list[int]


class AnswersIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: list[AnswerIn]


def question_out(question: MatchingQuestion) -> dict[str, Any]:
    return {
        "id": question.pk,
        "position": question.position,
        "text": question.text,
        "text_en": question.text_en,
        "text_fr": question.text_fr,
        "kind": question.kind,
        "rule": question.rule,
        "weight": question.weight,
        "choices": [
            {
                "id": c.pk,
                "position": c.position,
                "label": c.label,
                "label_en": c.label_en,
                "label_fr": c.label_fr,
            }
            for c in question.choices.all()
        ],
    }


def _answers_out(user: Any, program: Program) -> dict[str, Any]:
    found = questionnaire.answers_of(user, program)
    return {
        "program": program.pk,
        "answers": [{"question": q, "choices": sorted(c)} for q, c in sorted(found.items())],
    }


@router.get("/programs/{program_id}/matching-questions")
def matching_questions(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """The questions, in order, in both languages: for participants and coordinators."""
    user = me(request)
    program = get_object_or_404(Program, pk=program_id)
    if not is_participant(user, program):
        get_program_to_run_reflections(user, program_id)
    return {
        "program": program.pk,
        "questions": [question_out(q) for q in questionnaire.questions_of(program)],
    }


@router.get("/programs/{program_id}/matching-answers")
def my_matching_answers(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """The caller's own answers (participants only)."""
    user = me(request)
    return _answers_out(user, get_program_to_reflect(user, program_id))


@router.put("/programs/{program_id}/matching-answers")
def put_matching_answers(
    request: HttpRequest, program_id: int, payload: AnswersIn
) -> dict[str, Any]:
    """Replace the caller's answers; a question left out or with no choices is skipped.
    422 for a question or choice not of this program, or several choices for a
    one-answer question (nothing saved)."""
    user = me(request)
    program = get_program_to_reflect(user, program_id)
    answers: dict[int, list[int]] = {}
    for answer in payload.answers:
        answers.setdefault(answer.question, []).extend(answer.choices)
    questionnaire.check_answer(user=user, program=program, answers=answers)
    return _answers_out(user, program)
