"""Members choosing their partners (docs/api.md, "Partner requests"): suggestions with
their reasons, requests sent and received, and the answers. A request and its note are
for its sender and recipient only; a declined request reads to its sender as "waiting"
until it is no longer open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from fireside.api.core import me
from fireside.api.mentoring import pairing_out
from fireside.mentoring import partner_requests as pr
from fireside.mentoring.access import get_program_to_reflect
from fireside.mentoring.models import Pairing, PartnerRequest

router = Router(tags=["mentoring"])


class RequestIn(Schema):
    to_user_id: Any = None  # a user id; anything else is a 400 from the action
    note: Any = ""


def _person(user: Any) -> dict[str, Any]:
    return {"user_id": user.pk, "name": user.display_name}


def sent_out(r: PartnerRequest) -> dict[str, Any]:
    """As its sender reads it: "waiting", "accepted" or "closed" — never "declined"."""
    shown = pr.shown_state(r)
    return {
        "id": r.pk,
        "program": r.program_id,
        "to": _person(r.to_user),
        "note": r.note,
        "state": shown,
        "created_at": r.created_at,
        "open_until": r.open_until() if shown == pr.WAITING else None,
        "pairing_id": r.pairing_id if shown == pr.ACCEPTED else None,
    }


def received_out(r: PartnerRequest) -> dict[str, Any]:
    return {
        "id": r.pk,
        "program": r.program_id,
        "from": _person(r.from_user),
        "note": r.note,
        "created_at": r.created_at,
        "open_until": r.open_until(),
    }


@router.get("/programs/{program_id}/partner-suggestions")
def partner_suggestions(request: HttpRequest, program_id: int) -> dict[str, Any]:
    user = me(request)
    program = get_program_to_reflect(user, program_id)
    finding = pr.find(user, program)
    return {
        "members_choose": pr.members_choose(program),
        "scope": program.partner_scope,
        "has_partner": finding.paired,
        "waiting": finding.asked,
        "items": [
            {
                **_person(s.user),
                "community": s.community.pk,
                "score": s.score,
                "reasons": s.reasons,
            }
            for s in finding.suggestions
        ],
    }


@router.post("/programs/{program_id}/partner-requests", response={201: dict})
def send_request(request: HttpRequest, program_id: int, payload: RequestIn) -> Status:
    user = me(request)
    program = get_program_to_reflect(user, program_id)
    made = pr.check_send_request(
        sender=user, program=program, to_user_id=payload.to_user_id, note=payload.note
    )
    return Status(201, sent_out(made))


@router.get("/me/partner-requests")
def my_requests(request: HttpRequest) -> dict[str, Any]:
    user = me(request)
    return {
        "received": [received_out(r) for r in pr.received(user)],
        "sent": [sent_out(r) for r in pr.sent(user)],
    }


@router.post("/partner-requests/{partner_request_id}/accept", response={201: dict})
def accept_request(request: HttpRequest, partner_request_id: int) -> Status:
    user = me(request)
    item = pr.get_request_for(user, partner_request_id, "to")
    pairing = pr.check_accept_request(user=user, request=item)
    return Status(201, pairing_out(Pairing.objects.with_people().get(pk=pairing.pk)))


@router.post("/partner-requests/{partner_request_id}/decline")
def decline_request(request: HttpRequest, partner_request_id: int) -> dict[str, Any]:
    user = me(request)
    item = pr.do_decline_request(
        user=user, request=pr.get_request_for(user, partner_request_id, "to")
    )
    return {"id": item.pk, "declined": True}


@router.post("/partner-requests/{partner_request_id}/withdraw")
def withdraw_request(request: HttpRequest, partner_request_id: int) -> dict[str, Any]:
    user = me(request)
    item = pr.do_withdraw_request(
        user=user, request=pr.get_request_for(user, partner_request_id, "from")
    )
    return sent_out(item)
