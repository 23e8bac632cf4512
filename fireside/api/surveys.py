"""The "Surveys and reports" section of api-v1.md: building and answering surveys, their
results for their creator, and the confidence check. Results are aggregates only, and
withheld while fewer than SURVEY_MIN_RESPONSES people have answered."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from fireside.accounts.models import User
from fireside.api.core import Id, me
from fireside.communities.models import Community
from fireside.lib.errors import ActionError, NotFoundError, Refused, Unprocessable
from fireside.programs.access import get_program_for, program_standing
from fireside.programs.models import Program
from fireside.surveys import actions, confidence, drafts, editing, goals
from fireside.surveys.access import get_program_for_participant, get_survey_for
from fireside.surveys.free_text import without_names
from fireside.surveys.home import waiting_for
from fireside.surveys.models import ConfidenceCheck, Participation, Survey
from fireside.surveys.report import confidence_overview, results_for

router = Router(tags=["surveys"])


class QuestionIn(Schema):
    kind: str = Field(..., description="likert, choice, multiple or text")
    text: str
    options: list[str] | None = None
    required: bool = Field(False, strict=True)
    section: str = Field("", description="A heading that starts a new section before it.")


class SurveyIn(Schema):
    title: str
    community: Id | None = None
    anonymous: bool = Field(True, strict=True)
    questions: list[QuestionIn]
    intro: str = ""
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    repeat_every_months: int | None = Field(None, strict=True)
    draft: bool = Field(
        False,
        strict=True,
        description="Keep it as a draft: only you see it, nobody is told, until you publish it.",
    )


class ResponseIn(Schema):
    answers: list[Any] = Field(
        ...,
        description="One per question, in order: 1–5 (likert), one option (choice), a list "
        "of options (multiple), text (text; may be empty).",
    )


class ConfidenceIn(Schema):
    answers: list[Any] = Field(..., description="One whole number from 1 to 5 per statement.")
    goals: list[Any] | None = Field(
        None, description="One whole number from 1 to 5 per goal of the program, in order."
    )


class SurveyPatch(Schema):
    title: str | None = None
    intro: str | None = None
    questions: list[Any] | None = Field(
        None,
        description="The whole new list, in order: {kind, text, options, required, section}.",
    )
    anonymous: bool | None = Field(None, strict=True, description="A draft's only.")
    opens_on: dt.date | None = Field(None, description="A draft's only.")
    closes_on: dt.date | None = Field(None, description="A draft's only.")
    repeat_every_months: int | None = Field(
        None, strict=True, description="A draft's only (null: it runs once)."
    )


class ResultsQuery(Schema):
    round: int | None = None


_QUESTION_KEY = re.compile(r"^question_(\d+)_(\w+)$")


def field_of(exc: ActionError) -> str:
    """Where in the body a refusal points: questions[2].options for question_3_options."""
    key = next(iter(exc.errors), "")
    match = _QUESTION_KEY.match(key)
    if match:
        return f"questions[{int(match[1]) - 1}].{match[2]}"
    return "" if key == "__all__" else key


@contextmanager
def pinpointed() -> Iterator[None]:
    """Refusals of the builder's checks, with the `field` of the body they are about: a
    question's is `questions[2].options` (counted from 0, as in a JSON list), while the
    `detail` names it as people count ("Question 3: …")."""
    try:
        yield
    except ActionError as exc:
        exc.field = field_of(exc)  # type: ignore[attr-defined]
        raise


def survey_out(survey: Survey, viewer: User) -> dict[str, Any]:
    today = actions.program_today(survey.program)
    rnd = actions.current_round(survey, today, list(survey.rounds.all()))
    answered = rnd is not None and Participation.objects.filter(round=rnd, user=viewer).exists()
    return {
        "id": survey.pk,
        "program": survey.program_id,
        "community": survey.community_id,
        "title": survey.title,
        "intro": survey.intro,
        "anonymous": survey.anonymous,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "repeat_every_months": survey.repeat_every_months,
        "closed": survey.closed_at is not None,
        "draft": survey.is_draft,
        "questions": [
            {
                "position": q.position,
                "kind": q.kind,
                "text": q.text,
                "options": q.options,
                "required": q.required,
                "section": q.section,
            }
            for q in survey.questions.all()
        ],
        "round": {
            "number": rnd.number,
            "opens_on": rnd.opens_on,
            "closes_on": rnd.closes_on,
            "is_open": actions.is_open(survey, rnd, today),
        }
        if rnd
        else None,
        "answered": answered,
    }


@router.post("/programs/{program_id}/surveys", response={201: dict})
def create_survey(request: HttpRequest, program_id: int, payload: SurveyIn) -> Status:
    user = me(request)
    program = get_object_or_404(Program, pk=program_id)
    community = None
    if payload.community is not None:
        community = Community.objects.filter(pk=payload.community).first()
        if community is None or community.program_id != program.pk:
            if not program_standing(user, program).is_coordinator:
                raise Refused(403)
            raise Unprocessable(
                _("community %(id)s is not one of this program's groups.")
                % {"id": payload.community},
                {"community": [_("A group of this program, or null for the whole program.")]},
            )
    if not actions.may_create(user, program, community):
        raise Refused(403)
    with pinpointed():
        survey = actions.check_create_survey(
            actor=user,
            program=program,
            community=community,
            title=payload.title,
            intro=payload.intro,
            anonymous=payload.anonymous,
            questions=[q.model_dump() for q in payload.questions],
            opens_on=payload.opens_on,
            closes_on=payload.closes_on,
            repeat_every_months=payload.repeat_every_months,
            draft=payload.draft,
        )
    return Status(201, survey_out(survey, user))


@router.get("/surveys/{survey_id}")
def get_survey(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    """The survey's questions, for its audience and its creator."""
    user = me(request)
    return survey_out(get_survey_for(user, survey_id, "view"), user)


@router.patch("/surveys/{survey_id}")
def edit_survey(request: HttpRequest, survey_id: int, payload: SurveyPatch) -> dict[str, Any]:
    """For its creator, while nobody has answered it (409 after). A draft's days and
    anonymity may change too (409 for a published survey)."""
    user = me(request)
    survey = get_survey_for(user, survey_id, "results")
    sent = payload.model_dump(exclude_unset=True)
    schedule = {k: sent[k] for k in editing.SCHEDULE if k in sent}
    with pinpointed():
        editing.check_edit_survey(
            actor=user,
            survey=survey,
            title=payload.title,
            intro=payload.intro,
            questions=payload.questions,
            anonymous=payload.anonymous,
            schedule=schedule or None,
        )
    return survey_out(survey, user)


@router.post("/surveys/{survey_id}/publish")
def publish_survey(request: HttpRequest, survey_id: int) -> dict[str, Any]:
    """For its creator: open a draft (409 if it is published already). Its first round
    starts on its opening day, or today if that day has passed; its audience is told."""
    user = me(request)
    survey = get_survey_for(user, survey_id, "results")
    with pinpointed():
        drafts.check_publish_survey(actor=user, survey=survey)
    return survey_out(survey, user)


@router.delete("/surveys/{survey_id}", response={204: None})
def delete_draft(request: HttpRequest, survey_id: int) -> Status:
    """For its creator: delete a draft (409 for a published survey: close it instead)."""
    user = me(request)
    drafts.do_delete_draft(actor=user, survey=get_survey_for(user, survey_id, "results"))
    return Status(204, None)


@router.post("/surveys/{survey_id}/responses", response={201: dict})
def respond(request: HttpRequest, survey_id: int, payload: ResponseIn) -> Status:
    user = me(request)
    survey = get_survey_for(user, survey_id, "answer")
    rnd = actions.check_respond(user=user, survey=survey, answers=payload.answers)
    # Nothing that could point at the stored answers: only that this person answered.
    return Status(201, {"survey": survey.pk, "round": rnd.number, "answered": True})


@router.get("/surveys/{survey_id}/results")
def survey_results(
    request: HttpRequest, survey_id: int, query: Query[ResultsQuery]
) -> dict[str, Any]:
    survey = get_survey_for(me(request), survey_id, "results")
    rnd = None
    if query.round is not None:
        rnd = survey.rounds.filter(number=query.round).first()
        if rnd is None:
            raise NotFoundError(_("This survey has no round %(n)s.") % {"n": query.round})
    result = results_for(survey, rnd)
    if result is None:
        return {
            "survey": survey.pk,
            "title": survey.title,
            "round": None,
            "responses": 0,
            "included": 0,
            "threshold": actions.threshold(),
            "withheld": True,
            "questions": [
                {"position": q.position, "kind": q.kind, "text": q.text, "withheld": True}
                for q in survey.questions.all()
            ],
        }
    found = result.as_dict()
    answers = [q for q in found["questions"] if q.get("answers")]
    if answers:
        hidden = without_names([a for q in answers for a in q["answers"]], survey.program)
        for q in answers:
            q["answers"], hidden = hidden[: len(q["answers"])], hidden[len(q["answers"]) :]
    return found


@router.get("/me/surveys")
def my_surveys(request: HttpRequest) -> dict[str, Any]:
    """Open surveys the caller has not answered yet, and confidence checks due."""
    user = me(request)
    waiting = waiting_for(user)
    return {
        "count": len(waiting.surveys),
        "items": [
            {
                "id": o.survey.pk,
                "title": o.survey.title,
                "program": o.survey.program_id,
                "community": o.survey.community_id,
                "anonymous": o.survey.anonymous,
                "closes_on": o.round.closes_on,
            }
            for o in waiting.surveys
        ],
        "confidence": [
            {
                "program": c.program.pk,
                "occasion": c.due.occasion,
                "term_ends_on": c.due.term_ends_on,
            }
            for c in waiting.checks
        ],
    }


def _check_out(c: ConfidenceCheck) -> dict[str, Any]:
    return {
        "occasion": c.occasion,
        "term_ends_on": c.term_ends_on,
        "taken_on": c.taken_on,
        "score": float(c.score),
        "answers": {a.item: a.value for a in c.answers.all()},
    }


@router.get("/programs/{program_id}/confidence")
def my_confidence(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """The statements, whether a check is due, and the caller's own earlier checks."""
    user = me(request)
    program = get_program_for_participant(user, program_id)
    due = confidence.due_for(user, program)
    return {
        "program": program.pk,
        "items": [{"key": i.key, "area": i.area, "text": str(i.text)} for i in confidence.ITEMS],
        "scale": [{"value": v, "label": str(label)} for v, label in confidence.SCALE],
        "goals": [
            {"id": g.pk, "text": g.text(), "text_en": g.text_en, "text_fr": g.text_fr}
            for g in goals.active_goals(program)
        ],
        "due": {"occasion": due.occasion, "term_ends_on": due.term_ends_on} if due else None,
        "mine": [
            _check_out(c)
            for c in ConfidenceCheck.objects.filter(user=user, program=program)
            .prefetch_related("answers")
            .order_by("taken_on", "pk")
        ],
    }


@router.post("/programs/{program_id}/confidence", response={201: dict})
def take_confidence(request: HttpRequest, program_id: int, payload: ConfidenceIn) -> Status:
    """Answer the check that is due; 409 when none is."""
    user = me(request)
    program = get_program_for_participant(user, program_id)
    check = actions.check_take_confidence(
        user=user, program=program, answers=payload.answers, goals=payload.goals
    )
    return Status(201, _check_out(check))


@router.get("/programs/{program_id}/confidence/results")
def confidence_results(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """For coordinators: aggregates for the program and each group, withheld below the
    threshold."""
    program, _standing = get_program_for(me(request), program_id, "manage")
    overall, groups = confidence_overview(program)
    return {
        "program": program.pk,
        "overall": overall.as_dict(),
        "communities": [
            {"community": c.pk, "name": c.name, **summary.as_dict()} for c, summary in groups
        ],
        "goals": [
            {
                "goal": r.goal.pk,
                "text": r.goal.text(),
                "active": r.goal.active,
                "people_before": r.people_before,
                "people_after": r.people_after,
                "before": r.before,
                "after": r.after,
            }
            for r in goals.goal_results(program)
        ],
    }
