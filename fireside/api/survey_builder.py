"""The survey builder's extras in the API (docs/api.md): a survey's copy, ready to send
back to POST /programs/{id}/surveys after changes, and the program's question bank.
Building itself (ordered questions with `required` and `section`) is POST
/programs/{id}/surveys, whose 422s name the question."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from fireside.api.core import me
from fireside.communities.models import Community
from fireside.lib.errors import Refused
from fireside.programs.models import Program
from fireside.surveys import actions, builder
from fireside.surveys.access import get_survey_for

router = Router(tags=["surveys"])


class BankQuery(Schema):
    q: str = ""


def _question(q: Any) -> dict[str, Any]:
    return {
        "kind": q.kind,
        "text": q.text,
        "options": list(q.options),
        "required": q.required,
        "section": q.section,
    }


@router.get("/surveys/{survey_id}/copy")
def survey_copy(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    """For its creator: the survey as a new survey's body (a draft kept by the client;
    nothing is saved until it is posted)."""
    survey = get_survey_for(me(request), survey_id, "results")
    data = builder.copy_of(survey)
    return {
        "title": data["title"],
        "intro": survey.intro,
        "community": survey.community_id,
        "anonymous": survey.anonymous,
        "repeat_every_months": survey.repeat_every_months,
        "questions": [_question(q) for q in survey.questions.all()],
    }


@router.get("/programs/{program_id}/question-bank")
def question_bank(request: HttpRequest, program_id: int, query: Query[BankQuery]) -> dict[str, Any]:
    """Past questions the caller may reuse: the program-wide surveys' and their own."""
    user = me(request)
    program = get_object_or_404(Program, pk=program_id)
    mine = Community.objects.filter(program=program)
    if not actions.may_create(user, program, None) and not any(
        actions.may_create(user, program, c) for c in mine.filter(roles__user=user).distinct()
    ):
        raise Refused(403)
    return {
        "program": program.pk,
        "questions": [
            {"id": q.pk, **_question(q)} for q in builder.bank(user, program, query.q[:200])
        ],
    }
