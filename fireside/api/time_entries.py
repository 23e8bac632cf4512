"""Time people record themselves (fireside/hours/time.py), for the "Hours and certificates"
section of docs/api.md: a member's minutes in a group's online conversations in a month, a
facilitator's preparation and debrief for a gathering, and the group's monthly totals for
its facilitators (minutes only, never notes). Recording again replaces: 200 instead of 201."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from fireside.api.core import Id, me
from fireside.communities.access import get_community_for
from fireside.gatherings.access import get_gathering_for
from fireside.hours import time
from fireside.hours.ledger import counted_minutes
from fireside.hours.models import TimeEntry
from fireside.lib.errors import Refused
from fireside.programs.models import Program

router = Router(tags=["hours"])


class OnlineTimeIn(Schema):
    month: str = Field(..., description="YYYY-MM: this month or an earlier one of the program")
    minutes: int = Field(..., strict=True, description="1 to the program's monthly cap")
    note: str = ""


class PreparationIn(Schema):
    minutes: int = Field(..., strict=True, description="1 to the program's cap a gathering")
    note: str = ""


class TimeEntriesQuery(Schema):
    program: Id | None = Field(None, description="A program's id; without it, every program.")


def entry_out(entry: TimeEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "program": entry.program_id,
        "community": entry.community_id,
        "gathering": entry.gathering_id,
        "month": f"{entry.month:%Y-%m}",
        "minutes": entry.minutes,
        "counted_minutes": counted_minutes(entry.program, entry.kind, entry.minutes),
        "note": entry.note,
        "updated_at": entry.updated_at.isoformat(),
    }


def _saved(saved: time.Saved) -> Status:
    return Status(201 if saved.created else 200, entry_out(saved.entry))


@router.get("/me/time-entries")
def my_time_entries(request: HttpRequest, query: Query[TimeEntriesQuery]) -> list[dict[str, Any]]:
    """The time the caller recorded (in a program), newest month first."""
    user = me(request)
    entries = TimeEntry.objects.filter(user=user)
    if query.program is not None:
        entries = entries.filter(program=get_object_or_404(Program, pk=query.program))
    return [
        entry_out(e) for e in entries.select_related("program").order_by("-month", "kind", "pk")
    ]


@router.post("/communities/{community_id}/online-time", response={200: dict, 201: dict})
def record_online_time(request: HttpRequest, community_id: int, payload: OnlineTimeIn) -> Status:
    """A member's minutes in the group's online conversations in a month: 201, or 200 when
    it replaces what they recorded for that month. 422 over the program's monthly cap or
    when the program does not count it; 400 for a future month or one outside the program."""
    user = me(request)
    community, _standing = get_community_for(user, community_id, "content")
    saved = time.do_record_online_time(
        user=user,
        community=community,
        month=payload.month,
        minutes=payload.minutes,
        note=payload.note,
    )
    return _saved(saved)


@router.get("/communities/{community_id}/online-time")
def group_online_time(request: HttpRequest, community_id: int) -> list[dict[str, Any]]:
    """For the group's facilitators: each member's counted minutes a month, newest first."""
    user = me(request)
    community, _standing = get_community_for(user, community_id, "facilitate")
    program = community.program
    return [
        {
            "user": {"id": user_id, "name": name},
            "month": f"{month:%Y-%m}",
            "minutes": counted_minutes(program, TimeEntry.Kind.ONLINE, minutes),
        }
        for user_id, name, month, minutes in TimeEntry.objects.filter(
            community=community, kind=TimeEntry.Kind.ONLINE
        )
        .order_by("-month", "user__name", "pk")
        .values_list("user_id", "user__name", "month", "minutes")
    ]


@router.post("/gatherings/{gathering_id}/preparation", response={200: dict, 201: dict})
def record_preparation(request: HttpRequest, gathering_id: int, payload: PreparationIn) -> Status:
    """A facilitator's preparation and debrief minutes for a gathering that is over: 201, or
    200 when it replaces theirs. 422 over the program's cap, before the gathering ends or for
    a cancelled one."""
    user = me(request)
    gathering, _standing = get_gathering_for(user, gathering_id, "facilitate")
    saved = time.do_record_preparation_time(
        user=user, gathering=gathering, minutes=payload.minutes, note=payload.note
    )
    return _saved(saved)


@router.delete("/time-entries/{time_entry_id}", response={204: None})
def remove_time_entry(request: HttpRequest, time_entry_id: int) -> Status:
    """Removes time the caller recorded; 404 for anyone else's."""
    user = me(request)
    entry = TimeEntry.objects.filter(pk=time_entry_id, user=user).first()
    if entry is None:
        raise Refused(404)
    time.do_remove_time(user=user, entry=entry)
    return Status(204, None)
