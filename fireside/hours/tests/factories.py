"""Recorded time for tests, and for the authorization guard (its rows: tests/guard.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fireside.hours.ledger import today_in
from fireside.hours.models import TimeEntry


def guard_month(program: Any) -> dt.date:
    """This month in the program, or its last once it has ended."""
    return min(today_in(program), program.ends_on).replace(day=1)


def guard_values(world: Any) -> dict[str, Any]:
    """Mina recorded time in her group's online conversations this month."""
    entry, _ = TimeEntry.objects.get_or_create(
        kind=TimeEntry.Kind.ONLINE,
        user=world.member,
        community=world.community,
        month=guard_month(world.program),
        defaults={"program": world.program, "minutes": 30},
    )
    # Its own key: programs' FAQ entries are `entry_id`, and path values share one dict.
    return {"time_entry_id": entry.pk}


def guard_online_body(world: Any) -> dict[str, Any]:
    return {"month": f"{guard_month(world.program):%Y-%m}", "minutes": 20}


def guard_preparation_body(world: Any) -> dict[str, Any]:
    """The world's gathering, begun an hour ago, is moved back so that it is over."""
    type(world.gathering).objects.filter(pk=world.gathering.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3)
    )
    return {"minutes": 30}
