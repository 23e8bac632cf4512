"""Guests of one gathering through the API: list, invite, withdraw. For the people who
plan the group's gatherings (facilitators and organisers); see fireside/gatherings/guests.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from fireside.api.core import me
from fireside.gatherings import guests
from fireside.gatherings.access import get_gathering_for
from fireside.gatherings.models import GatheringGuest

router = Router(tags=["gatherings"])


class GuestIn(Schema):
    name: str
    email: str
    note: str = ""


def guest_out(guest: GatheringGuest) -> dict[str, Any]:
    return {
        "id": guest.pk,
        "gathering_id": guest.gathering_id,
        "name": guest.name,
        "email": guest.email,
        "note": guest.note,
        "invited_at": guest.invited_at,
        "coming": guest.coming,
        "attended": guest.attended,
        "withdrawn_at": guest.withdrawn_at,
    }


@router.get("/gatherings/{gathering_id}/guests")
def list_guests(request: HttpRequest, gathering_id: int) -> list[dict[str, Any]]:
    gathering, _ = get_gathering_for(me(request), gathering_id, "plan")
    return [guest_out(g) for g in gathering.guests.all()]


@router.post("/gatherings/{gathering_id}/guests", response={201: dict})
def invite_guest(request: HttpRequest, gathering_id: int, payload: GuestIn) -> Status:
    gathering, _ = get_gathering_for(me(request), gathering_id, "plan")
    guest = guests.do_invite_guest(
        actor=me(request),
        gathering=gathering,
        name=payload.name,
        email=payload.email,
        note=payload.note,
    )
    return Status(201, guest_out(guest))


@router.delete("/gatherings/{gathering_id}/guests/{guest_id}", response={204: None})
def withdraw_guest(request: HttpRequest, gathering_id: int, guest_id: int) -> Status:
    gathering, _ = get_gathering_for(me(request), gathering_id, "plan")
    guest = guests.guest_of(gathering, guest_id)
    guests.do_withdraw_guest(actor=me(request), guest=guest)
    return Status(204, None)
