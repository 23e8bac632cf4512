"""The survey builder's extras in the API (docs/api.md): duplicate a survey, or get its
copy to send back to POST /programs/{id}/surveys after changes, and the program's question
bank. Changing a survey is PATCH /surveys/{id} (fireside/api/surveys.py). Every check is
the web builder's own (fireside/surveys/questions.py, through the actions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from fireside.api.core import me
from fireside.api.surveys import pinpointed, survey_out
from fireside.communities.models import Community
from fireside.lib.errors import Refused
from fireside.programs.models import Program
from fireside.surveys import actions, builder
from fireside.surveys.access import get_survey_for

router = Router(tags=["surveys"])


class BankQuery(Schema):
    q: str = ""


class DuplicateIn(Schema):
    title: str | None = Field(None, description='Default: "Copy of" and the title.')
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    draft: bool = Field(False, strict=True, description="Keep the copy as a draft.")


def _question(q: Any) -> dict[str, Any]:
    return {
        "kind": q.kind,
        "text": q.text,
        "options": list(q.options),
        "required": q.required,
        "section": q.section,
    }


@router.post("/surveys/{survey_id}/duplicate", response={201: dict})
def duplicate_survey(request: HttpRequest, survey_id: int, payload: DuplicateIn) -> Status:
    """For its creator: a new survey with the same questions, for the same people, that
    opens on `opens_on` (today by default) and is announced then, as the builder does."""
    user = me(request)
    survey = get_survey_for(user, survey_id, "results")
    with pinpointed():
        copy = actions.check_create_survey(
            actor=user,
            program=survey.program,
            community=survey.community,
            title=payload.title if payload.title is not None else builder.copy_title(survey),
            intro=survey.intro,
            anonymous=survey.anonymous,
            questions=[_question(q) for q in survey.questions.all()],
            opens_on=payload.opens_on,
            closes_on=payload.closes_on,
            repeat_every_months=survey.repeat_every_months,
            draft=payload.draft,
        )
    return Status(201, survey_out(copy, user))


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
