"""Date polls for the authorization guard (gatherings/tests/guard.py): on their own, as
the guard's routes module is imported by the leak machinery that factories.py imports."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from fireside.gatherings import polls
from fireside.gatherings.models import DatePoll


def _in_days(days: int, hour: int = 19) -> dt.datetime:
    zone = ZoneInfo("America/Vancouver")
    day = timezone.now().astimezone(zone).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour))


def guard_poll(world: Any) -> DatePoll:
    """An open poll in the world's group, with two dates to choose from."""
    found = DatePoll.objects.filter(community=world.community, title="Guard poll").first()
    if found is not None:
        return found
    return polls.check_create_poll(
        actor=world.facilitator,
        community=world.community,
        title="Guard poll",
        closes_on=_in_days(2).date(),
        options=[
            {"starts_at": _in_days(5), "duration_minutes": 90},
            {"starts_at": _in_days(6), "duration_minutes": 90},
        ],
        location="Guard library",
    )


def guard_poll_option(world: Any) -> int:
    option = guard_poll(world).options.first()
    return option.pk if option else 0
