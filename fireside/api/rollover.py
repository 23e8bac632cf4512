"""Starting next year, and keeping one's seat (docs/api.md, "Next year")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from fireside.api.core import me
from fireside.communities import rollover, seat_holds
from fireside.communities.models import SeatHold
from fireside.lib.errors import Refused
from fireside.programs.access import get_program_for

router = Router(tags=["next year"])


class RolloverIn(Schema):
    dry_run: bool = False
    name: str | None = None
    keep_seat_until: dt.date | None = None


class SeatHoldAnswerIn(Schema):
    keep: bool
    agree_to_agreement: bool = False


def _plan_out(plan: rollover.RolloverPlan) -> dict[str, Any]:
    return {
        "name": plan.name,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "keep_seat_until": plan.keep_seat_until,
        "staff": [{"user_id": s.user_id, "role": s.role} for s in plan.staff],
        "groups": [
            {
                "community_id": g.community.pk,
                "name": g.community.name,
                "agreement_version": g.agreement.version if g.agreement else None,
                "roles": [{"user_id": r.user_id, "role": r.role} for r in g.roles],
                "mentor_ids": [m.mentor_id for m in g.mentors],
                "members_to_invite": [m.user_id for m in g.members],
                "series": [
                    {
                        "title": s.title,
                        "rule": s.rule,
                        "first_starts_at": s.first,
                        "timezone": s.timezone,
                        "duration_minutes": s.duration_minutes,
                    }
                    for s in g.series
                ],
            }
            for g in plan.groups
        ],
    }


def hold_out(hold: SeatHold) -> dict[str, Any]:
    return {
        "id": hold.pk,
        "community_id": hold.community_id,
        "community_name": hold.community.name,
        "program_id": hold.community.program_id,
        "keep_until": hold.last_day,
        "outcome": hold.outcome,
    }


@router.post("/programs/{program_id}/rollover", response={200: dict, 201: dict})
def start_next_year(request: HttpRequest, program_id: int, payload: RolloverIn) -> Status:
    """A preview with dry_run (nothing written), else the new year: 201 with its id."""
    program, _ = get_program_for(me(request), program_id, "manage")
    if payload.dry_run:
        plan = rollover.plan_rollover(
            program=program, name=payload.name, keep_seat_until=payload.keep_seat_until
        )
        return Status(200, {"dry_run": True, **_plan_out(plan)})
    new = rollover.check_rollover(
        actor=me(request),
        program=program,
        name=payload.name,
        keep_seat_until=payload.keep_seat_until,
    )
    return Status(
        201,
        {
            "program_id": new.pk,
            "name": new.name,
            "starts_on": new.starts_on,
            "ends_on": new.ends_on,
            "previous_year_id": program.pk,
            "seats_held": SeatHold.objects.filter(community__program=new).count(),
        },
    )


@router.get("/seat-holds", response=list[dict])
def my_seat_holds(request: HttpRequest) -> list[dict[str, Any]]:
    """The seats kept for the caller that wait for their answer."""
    holds = seat_holds.holds_waiting(me(request)).select_related("community__program")
    return [hold_out(h) for h in holds]


@router.post("/seat-holds/{hold_id}", response=dict)
def answer_seat_hold(request: HttpRequest, hold_id: int, payload: SeatHoldAnswerIn) -> Any:
    """Keep the seat (with the agreement accepted) or decline it; 404 for anyone else."""
    user = me(request)
    hold = (
        SeatHold.objects.filter(pk=hold_id, user=user).select_related("community__program").first()
    )
    if hold is None:
        raise Refused(404)
    membership = seat_holds.check_answer_hold(
        user=user, hold=hold, keep=payload.keep, agree_to_agreement=payload.agree_to_agreement
    )
    hold.refresh_from_db()
    return {
        **hold_out(hold),
        "membership_status": membership.status if membership else None,
    }
