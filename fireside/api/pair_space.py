"""The pair's space (docs/api.md, "The pair's space"): the next catch-up, with its calendar
file, and the pair's shared goals. For the partners only: everyone else gets 404, whatever
their role, as for the pair's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fireside.accounts.models import User
from fireside.api.core import me
from fireside.lib.errors import NotFoundError
from fireside.mentoring import catch_up_ics, pair_space
from fireside.mentoring.access import get_pairing_for
from fireside.mentoring.models import CatchUp, PairGoal, Pairing

router = Router(tags=["mentoring"])


class CatchUpIn(Schema):
    # An ISO 8601 date and time; without an offset, read in the person's own time zone.
    starts_at: Any = None
    minutes: Any = 30
    where: Any = ""


class GoalIn(Schema):
    text: Any = None


class GoalPatch(Schema):
    text: Any = None
    done: Any = None


def catch_up_out(c: CatchUp, user: User, pairing: Pairing) -> dict[str, Any]:
    zone = pair_space.zone_for(user, pairing.community.program)
    return {
        "id": c.pk,
        "pairing": c.pairing_id,
        "starts_at": c.starts_at.astimezone(zone).isoformat(),
        "ends_at": c.ends_at.astimezone(zone).isoformat(),
        "time_zone": str(zone),
        "minutes": c.minutes,
        "where": c.where,
        "sequence": c.sequence,
        "cancelled": c.is_cancelled,
        "set_by_you": c.changed_by_id == user.pk,
    }


def goal_out(g: PairGoal, user: User) -> dict[str, Any]:
    return {
        "id": g.pk,
        "pairing": g.pairing_id,
        "text": g.text,
        "done": g.is_done,
        "done_at": g.done_at,
        "added_by_you": g.created_by_id == user.pk,
    }


def _upcoming(pairing_id: int) -> CatchUp:
    catch_up = pair_space.upcoming(pairing_id)
    if catch_up is None:
        raise NotFoundError(_("Your pair has no catch-up to come."))
    return catch_up


def _starts_at(value: Any) -> Any:
    """An ISO 8601 string as a datetime (the action refuses anything else)."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


@router.get("/pairings/{pairing_id}/catch-up")
def get_catch_up(request: HttpRequest, pairing_id: int) -> dict[str, Any]:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    return catch_up_out(_upcoming(pairing.pk), user, pairing)


@router.put("/pairings/{pairing_id}/catch-up")
def set_catch_up(request: HttpRequest, pairing_id: int, payload: CatchUpIn) -> dict[str, Any]:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    catch_up = pair_space.check_set_catch_up(
        user=user,
        pairing=pairing,
        starts_at=_starts_at(payload.starts_at),
        minutes=payload.minutes,
        where=payload.where,
    )
    return catch_up_out(catch_up, user, pairing)


@router.delete("/pairings/{pairing_id}/catch-up", response={204: None})
def cancel_catch_up(request: HttpRequest, pairing_id: int) -> Status:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    pair_space.check_cancel_catch_up(user=user, pairing=pairing)
    return Status(204, None)


@router.get("/pairings/{pairing_id}/catch-up.ics")
def catch_up_calendar(request: HttpRequest, pairing_id: int) -> HttpResponse:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    body = catch_up_ics.one(_upcoming(pairing.pk), pairing, user)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@router.get("/pairings/{pairing_id}/goals")
def list_goals(request: HttpRequest, pairing_id: int) -> dict[str, Any]:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    return {"items": [goal_out(g, user) for g in pair_space.goals_of(pairing)]}


@router.post("/pairings/{pairing_id}/goals", response={201: dict})
def add_goal(request: HttpRequest, pairing_id: int, payload: GoalIn) -> Status:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    goal = pair_space.check_add_goal(user=user, pairing=pairing, text=payload.text)
    return Status(201, goal_out(goal, user))


@router.patch("/pairings/{pairing_id}/goals/{goal_id}")
def update_goal(
    request: HttpRequest, pairing_id: int, goal_id: int, payload: GoalPatch
) -> dict[str, Any]:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    goal = pair_space.check_update_goal(
        user=user,
        pairing=pairing,
        goal=pair_space.get_goal(pairing, goal_id),
        text=payload.text,
        done=payload.done,
    )
    return goal_out(goal, user)


@router.delete("/pairings/{pairing_id}/goals/{goal_id}", response={204: None})
def delete_goal(request: HttpRequest, pairing_id: int, goal_id: int) -> Status:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    pair_space.check_delete_goal(
        user=user, pairing=pairing, goal=pair_space.get_goal(pairing, goal_id)
    )
    return Status(204, None)
