"""Attendance in seconds: self check-in with the gathering's code, and everyone present."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from fireside.api.core import me
from fireside.gatherings import checkin
from fireside.gatherings.access import get_gathering_for
from fireside.gatherings.models import Attendance

router = Router(tags=["gatherings"])


class CheckInIn(Schema):
    code: str


def _items(gathering_id: int, rows: list[Attendance]) -> dict[str, Any]:
    return {
        "gathering_id": gathering_id,
        "items": [{"user_id": a.user_id, "present": a.present, "minutes": a.minutes} for a in rows],
    }


@router.get("/gatherings/{gathering_id}/check-in")
def checkin_code(request: HttpRequest, gathering_id: int) -> dict[str, Any]:
    """The code to show the group, and the window it works in (the code is null outside it)."""
    g, _ = get_gathering_for(me(request), gathering_id, "facilitate")
    is_open = checkin.is_open(g)
    path = reverse("gatherings:check_in", args=[g.pk])
    code = checkin.code_for(g) if is_open else None
    return {
        "gathering_id": g.pk,
        "open": is_open,
        "opens_at": checkin.opens_at(g).astimezone(g.tz),
        "closes_at": g.ends_at.astimezone(g.tz),
        "code": code,
        "url": request.build_absolute_uri(f"{path}?code={code}") if code else None,
    }


@router.post("/gatherings/{gathering_id}/check-in")
def check_in(request: HttpRequest, gathering_id: int, payload: CheckInIn) -> dict[str, Any]:
    g, _ = get_gathering_for(me(request), gathering_id, "content")
    row = checkin.check_in(user=me(request), gathering=g, code=payload.code)
    return {"gathering_id": g.pk, "user_id": row.user_id, "present": True, "minutes": row.minutes}


@router.post("/gatherings/{gathering_id}/attendance/everyone")
def everyone_present(request: HttpRequest, gathering_id: int) -> dict[str, Any]:
    g, _ = get_gathering_for(me(request), gathering_id, "facilitate")
    return _items(g.pk, checkin.check_everyone_present(actor=me(request), gathering=g))
