from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from fireside.api.core import PageQuery, active_user, me, paginate
from fireside.lib.errors import Refused
from fireside.programs import actions
from fireside.programs.access import get_program_for
from fireside.programs.models import Program, ProgramStaff

router = Router(tags=["programs"])


class CommitmentIO(Schema):
    role: str
    start_month: int
    end_month: int


class ProgramIn(Schema):
    name: str
    description: str = ""
    starts_on: dt.date
    ends_on: dt.date
    timezone: str
    max_group_size: int = 12
    monthly_hours_target: Decimal = Decimal("5")
    reflection_credit_minutes: int = 30
    max_connection_minutes: int = 180
    online_conversation_cap_minutes: int = 120
    facilitation_cap_minutes: int = 60
    partner_choice: str = "facilitators"  # added: or "members" (docs/api.md)
    partner_scope: str = "group"  # added: or "program"
    eligible_role_types: list[str]
    commitment_periods: list[CommitmentIO] | None = None


class ProgramOut(Schema):
    id: int
    name: str
    description: str
    starts_on: dt.date
    ends_on: dt.date
    timezone: str
    max_group_size: int
    monthly_hours_target: float
    reflection_credit_minutes: int
    max_connection_minutes: int
    online_conversation_cap_minutes: int
    facilitation_cap_minutes: int
    reflection_policy: str  # added: "private" or "shared_with_coordinators"
    partner_choice: str  # added: "facilitators" or "members"
    partner_scope: str  # added: "group" or "program"
    eligible_role_types: list[str]
    commitment_periods: list[CommitmentIO]
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_note: str = ""


class UserRef(Schema):
    user_id: int


class StaffOut(Schema):
    program_id: int
    user_id: int
    role: str


def program_out(p: Program) -> dict[str, Any]:
    return {
        "id": p.pk,
        "name": p.name,
        "description": p.description,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "timezone": p.timezone,
        "max_group_size": p.max_group_size,
        "monthly_hours_target": float(p.monthly_hours_target),
        "reflection_credit_minutes": p.reflection_credit_minutes,
        "max_connection_minutes": p.max_connection_minutes,
        "online_conversation_cap_minutes": p.online_conversation_cap_minutes,
        "facilitation_cap_minutes": p.facilitation_cap_minutes,
        "reflection_policy": p.reflection_policy,
        "partner_choice": p.partner_choice,
        "partner_scope": p.partner_scope,
        "eligible_role_types": p.eligible_role_types,
        "commitment_periods": [
            {"role": c.role, "start_month": c.start_month, "end_month": c.end_month}
            for c in p.commitments.all()
        ],
        "contact_name": p.contact_name,
        "contact_email": p.contact_email,
        "contact_phone": p.contact_phone,
        "contact_note": p.contact_note,
    }


@router.post("/programs", response={201: ProgramOut})
def create_program(request: HttpRequest, payload: ProgramIn) -> Status:
    actor = me(request)
    if not actor.is_staff:
        raise Refused(403)
    fields = payload.dict(exclude={"commitment_periods"})
    commitments = (
        {c.role: (c.start_month, c.end_month) for c in payload.commitment_periods}
        if payload.commitment_periods is not None
        else None
    )
    program = actions.check_create_program(actor=actor, commitments=commitments, **fields)
    return Status(201, program_out(program))


@router.get("/programs", auth=None)
def list_programs(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paginate(Program.objects.prefetch_related("commitments"), page, program_out)


@router.get("/programs/{program_id}", auth=None, response=ProgramOut)
def get_program(request: HttpRequest, program_id: int) -> dict[str, Any]:
    return program_out(
        get_object_or_404(Program.objects.prefetch_related("commitments"), pk=program_id)
    )


@router.post("/programs/{program_id}/coordinators", response={201: StaffOut})
def add_coordinator(request: HttpRequest, program_id: int, payload: UserRef) -> Status:
    program, _ = get_program_for(me(request), program_id, "name_coordinators")
    staff = actions.do_add_program_staff(
        actor=me(request),
        program=program,
        user=active_user(payload.user_id),
        role=ProgramStaff.Role.COORDINATOR,
    )
    return Status(201, staff)


@router.post("/programs/{program_id}/mentors", response={201: StaffOut})
def add_mentor(request: HttpRequest, program_id: int, payload: UserRef) -> Status:
    program, _ = get_program_for(me(request), program_id, "manage")
    staff = actions.do_add_program_staff(
        actor=me(request),
        program=program,
        user=active_user(payload.user_id),
        role=ProgramStaff.Role.MENTOR,
    )
    return Status(201, staff)
