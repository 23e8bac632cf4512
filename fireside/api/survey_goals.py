"""A program's own goals in the confidence check, in the API (docs/api.md): for its
coordinators, the same actions as their page (fireside/surveys/goals.py)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from fireside.api.core import me
from fireside.lib.errors import NotFoundError
from fireside.programs.access import get_program_for
from fireside.programs.models import Program
from fireside.surveys import goals
from fireside.surveys.models import ConfidenceGoal

router = Router(tags=["surveys"])


class GoalIn(Schema):
    text_en: str = Field(..., description="The statement in English.")
    text_fr: str = Field(..., description="The statement in French.")


class GoalPatch(Schema):
    text_en: str | None = None
    text_fr: str | None = None
    move: Literal["up", "down"] | None = Field(
        None, description="One place up or down among the goals asked."
    )


def goal_out(goal: ConfidenceGoal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "program": goal.program_id,
        "position": goal.position,
        "text": goal.text(),
        "text_en": goal.text_en,
        "text_fr": goal.text_fr,
        "active": goal.active,
    }


def _goal(program: Program, goal_id: int) -> ConfidenceGoal:
    goal = ConfidenceGoal.objects.filter(program=program, pk=goal_id).first()
    if goal is None:
        raise NotFoundError(_("This program has no such goal."))
    return goal


@router.get("/programs/{program_id}/goals")
def list_goals(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """The goals asked, in order, and those removed that keep their answers."""
    program, _standing = get_program_for(me(request), program_id, "manage")
    every = list(ConfidenceGoal.objects.filter(program=program))
    return {
        "program": program.pk,
        "max_goals": goals.MAX_GOALS,
        "items": [goal_out(g) for g in every if g.active],
        "removed": [goal_out(g) for g in every if not g.active],
    }


@router.post("/programs/{program_id}/goals", response={201: dict})
def add_goal(request: HttpRequest, program_id: int, payload: GoalIn) -> Status:
    user = me(request)
    program, _standing = get_program_for(user, program_id, "manage")
    goal = goals.check_add_goal(
        actor=user, program=program, text_en=payload.text_en, text_fr=payload.text_fr
    )
    return Status(201, goal_out(goal))


@router.patch("/programs/{program_id}/goals/{program_goal_id}")
def edit_goal(
    request: HttpRequest, program_id: int, program_goal_id: int, payload: GoalPatch
) -> dict[str, Any]:
    """Reword (its answers are kept) and/or move one place."""
    user = me(request)
    program, _standing = get_program_for(user, program_id, "manage")
    goal = _goal(program, program_goal_id)
    if payload.text_en is not None or payload.text_fr is not None:
        goals.check_edit_goal(
            actor=user,
            goal=goal,
            text_en=goal.text_en if payload.text_en is None else payload.text_en,
            text_fr=goal.text_fr if payload.text_fr is None else payload.text_fr,
        )
    if payload.move is not None:
        goals.do_move_goal(actor=user, goal=goal, by=-1 if payload.move == "up" else 1)
        goal.refresh_from_db()
    return goal_out(goal)


@router.delete("/programs/{program_id}/goals/{program_goal_id}", response={204: None})
def remove_goal(request: HttpRequest, program_id: int, program_goal_id: int) -> Status:
    """New checks stop asking it; a goal with answers stays in the results."""
    user = me(request)
    program, _standing = get_program_for(user, program_id, "manage")
    goals.do_remove_goal(actor=user, goal=_goal(program, program_goal_id))
    return Status(204, None)
