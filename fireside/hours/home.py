"""The home task of hours (fireside.lib.home): once a month, in a program that counts time in
online group conversations, a member who recorded none for last month in a group is asked
about how long they spent there. One query, and none when the person's memberships say last
month is recorded everywhere (`online_time_maybe_due`, read with their places,
fireside/communities/places.py) or no group is in such a program.

Its panel on the home links to the person's ledgers and, for a coordinator, everyone's hours
(no query: the programs come with their places and staff rows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.communities.places import flagged, register_membership_flag
from fireside.hours.counting import today_in
from fireside.hours.models import TimeEntry
from fireside.lib.home import Region, Task, Urgency, Viewer, register_panel, register_tasks


def _last_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# The first and last time zones on Earth: between them, every program's "last month".
_ZONES = (dt.timezone(dt.timedelta(hours=-12)), dt.timezone(dt.timedelta(hours=14)))


def _candidates(now: dt.datetime) -> set[dt.date]:
    """Last month as the first and last time zones see it: one month but near its turn."""
    return {_last_month(now.astimezone(zone).date()) for zone in _ZONES}


def _maybe_due(user: Any) -> Q:
    """False only when the person recorded their online time in the membership's group for
    last month as any program's zone may see it (near a month's turn, for both months); and
    away from a month's turn, True exactly when it is not recorded."""
    recorded = Q()
    for month in _candidates(timezone.now()):
        recorded &= Q(
            Exists(
                TimeEntry.objects.filter(
                    user=user,
                    kind=TimeEntry.Kind.ONLINE,
                    community=OuterRef("community"),
                    month=month,
                )
            )
        )
    return ~recorded


def online_time_due(viewer: Viewer) -> list[Task]:
    due = []
    for place in flagged(viewer.places, "online_time_maybe_due"):
        program = place.community.program
        if not program.online_conversation_cap_minutes or place.joined_on is None:
            continue
        month = _last_month(today_in(program))
        in_program = program.starts_on.replace(day=1) <= month <= program.ends_on
        if in_program and place.joined_on.replace(day=1) <= month:
            due.append((place, month))
    if not due:
        return []
    # Away from a month's turn the flag is exact; near it, ask.
    unsure = [(p, m) for p, m in due if _candidates(viewer.now) != {m}]
    recorded = set()
    if unsure:
        recorded = set(
            TimeEntry.objects.filter(
                user=viewer.user,
                kind=TimeEntry.Kind.ONLINE,
                community_id__in={p.community_id for p, _m in unsure},
                month__in={m for _p, m in unsure},
            ).values_list("community_id", "month")
        )
    return [
        Task(
            kind="online-time-due",
            urgency=Urgency.THIS_MONTH,
            title=_("Your time in %(group)s's online conversations in %(month)s")
            % {"group": place.community.name, "month": date_format(month, "F")},
            detail=_("%(program)s · about how many minutes? It counts toward your hours.")
            % {"program": place.community.program.name},
            action=_("Record it"),
            url=reverse("hours:record", args=[place.community.program_id])
            + f"?community={place.community_id}&month={month:%Y-%m}",
        )
        for place, month in due
        if (place.community_id, month) not in recorded
    ]


def hours_panel(viewer: Viewer) -> dict[str, list[Any]] | None:
    mine = list(viewer.places.programs.values())
    coordinated = viewer.staff_programs.get("coordinator", [])
    if not mine and not coordinated:
        return None
    return {"my_programs": mine, "coordinated": coordinated}


def register_all() -> None:
    register_membership_flag("online_time_maybe_due", _maybe_due)
    register_tasks(online_time_due, order=43)
    register_panel("hours", hours_panel, template="hours/_home.html", region=Region.YOURS, order=20)
