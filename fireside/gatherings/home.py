"""Gatherings on a person's home: the next gathering of each of their groups (with their
answer and the agenda's first item), and for facilitators the gatherings already held whose
attendance or notes are still to record (a task, see fireside.lib.home).

Both come from one query however many groups, read once per page from the places the page
read already (`Places.remember`), so the section, the group cards and the task source share
it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.communities.access import FACILITATING, Standing
from fireside.communities.group_home import register_group_home
from fireside.communities.models import Community, Membership
from fireside.communities.page_parts import register_home_part
from fireside.communities.places import Places
from fireside.communities.zones import zone_from_places
from fireside.gatherings.models import (
    AgendaItem,
    Attendance,
    Debrief,
    DebriefCall,
    Gathering,
    Rsvp,
)
from fireside.lib.home import Task, Urgency, Viewer, register_tasks

LONGEST = dt.timedelta(hours=24)  # no gathering lasts longer
HELD_WINDOW = dt.timedelta(days=30)  # older gatherings no longer ask for their records
CALLS_AHEAD = dt.timedelta(days=14)  # debrief conversations shown this far ahead


@dataclass
class Upcoming:
    zone: str  # the person's own time zone, for the times shown
    next: dict[int, Gathering] = field(default_factory=dict)  # by community id
    held: list[Gathering] = field(default_factory=list)  # in groups they facilitate
    calls: list[Gathering] = field(default_factory=list)  # with a debrief call to come, too
    facilitated: set[int] = field(default_factory=set)

    @property
    def soonest_first(self) -> list[Gathering]:
        return sorted(self.next.values(), key=lambda g: (g.starts_at, g.pk))


def upcoming_for(user: Any, places: Places, now: dt.datetime | None = None) -> Upcoming:
    """Once per page: the first call reads, later calls with the same places reuse it."""
    return places.remember("gatherings.upcoming", lambda: _read(user, places, now))


def _read(user: Any, places: Places, now: dt.datetime | None) -> Upcoming:
    now = now or timezone.now()
    found = Upcoming(zone=zone_from_places(user, places))
    groups = {p.community_id: p.community for p in places.active}
    if not groups:
        return found
    found.facilitated = {r.community_id for r in places.roles_in(groups, FACILITATING)}
    for g in my_gatherings(user, groups, now, facilitated=found.facilitated):
        g.is_running = g.starts_at <= now  # type: ignore[attr-defined]
        if g.community_id in found.facilitated and g.has_call:  # type: ignore[attr-defined]
            found.calls.append(g)
        if g.starts_at > now or g.ends_at > now:
            # The one still running wins over the next to start (it comes first by time).
            found.next.setdefault(g.community_id, g)
        elif g.community_id in found.facilitated:
            found.held.append(g)
    found.held.sort(key=lambda g: (g.starts_at, g.pk))
    return found


def my_gatherings(
    user: Any,
    groups: dict[int, Community],
    now: dt.datetime,
    facilitated: set[int] = frozenset(),  # type: ignore[assignment]
) -> list[Gathering]:
    """One query: per group, the gathering running now (if any) and the next to start, each
    with the person's answer (`my_rsvp`) and the agenda's first item (`headline`); and in the
    groups they facilitate, the gatherings held in the last 30 days with no attendance or no
    notes (`recorded` says whether attendance is in). `community` is set from `groups`."""
    live = Gathering.objects.filter(community=OuterRef("community"), cancelled_at__isnull=True)
    running = live.filter(starts_at__lte=now, starts_at__gt=now - LONGEST).order_by(
        "-starts_at", "-pk"
    )
    coming = live.filter(starts_at__gt=now).order_by("starts_at", "pk")
    wanted = Q(starts_at__gt=now, pk=Subquery(coming.values("pk")[:1])) | Q(
        starts_at__lte=now, starts_at__gt=now - LONGEST, pk=Subquery(running.values("pk")[:1])
    )
    if facilitated:
        # Held and still asking something of its facilitators: attendance, notes, a debrief
        # (fireside/gatherings/mentor_home.py reads these too), or a debrief call to come.
        wanted |= Q(
            community_id__in=facilitated,
            starts_at__lte=now,
            starts_at__gte=now - HELD_WINDOW,
            cancelled_at__isnull=True,
        ) & (Q(recorded=False) | Q(notes="") | Q(debriefed=False)) | Q(
            community_id__in=facilitated, has_call=True
        )
    calls = DebriefCall.objects.live().filter(
        gathering=OuterRef("pk"),
        starts_at__gte=now - dt.timedelta(minutes=30),
        starts_at__lte=now + CALLS_AHEAD,
    )
    rows = (
        Gathering.objects.filter(community_id__in=groups)
        .annotate(
            recorded=Exists(Attendance.objects.filter(gathering=OuterRef("pk"))),
            debriefed=Exists(Debrief.objects.filter(gathering=OuterRef("pk"))),
            has_call=Exists(calls),
            call_starts=Subquery(calls.values("starts_at")[:1]),
            call_timezone=Subquery(calls.values("timezone")[:1]),
            my_rsvp=Subquery(
                Rsvp.objects.filter(gathering=OuterRef("pk"), user=user).values("response")[:1]
            ),
            headline=Subquery(
                AgendaItem.objects.filter(gathering=OuterRef("pk"))
                .order_by("position", "pk")
                .values("topic")[:1]
            ),
        )
        .filter(wanted)
        .order_by("starts_at", "pk")
    )
    result: list[Gathering] = list(rows)
    for g in result:
        g.community = groups[g.community_id]
    return result


def _when(g: Gathering, zone: str) -> str:
    return date_format(g.starts_at.astimezone(ZoneInfo(zone)), _("l j F, H:i"))


def records_to_keep(viewer: Viewer) -> list[Task]:
    """For facilitators: each gathering held in the last 30 days without its attendance (the
    hours of everyone who came wait for it), then those without notes."""
    if not viewer.places.active or not viewer.places.roles:
        return []
    upcoming = upcoming_for(viewer.user, viewer.places, viewer.now)
    tasks = []
    for g in upcoming.held:
        where = {"group": g.community.name, "when": _when(g, upcoming.zone)}
        if not g.recorded:  # type: ignore[attr-defined]
            tasks.append(
                Task(
                    kind="attendance-to-record",
                    urgency=Urgency.TODAY,
                    title=_("Record who came to “%(title)s”") % {"title": g.title},
                    detail=_("%(group)s, %(when)s. Their hours count once you record it.") % where,
                    action=_("Record attendance"),
                    url=reverse("gatherings:attendance", args=[g.pk]),
                )
            )
        elif not g.notes:
            tasks.append(
                Task(
                    kind="notes-to-write",
                    urgency=Urgency.THIS_WEEK,
                    title=_("Write the notes of “%(title)s”") % {"title": g.title},
                    detail=_("%(group)s, %(when)s. Members get them by email.") % where,
                    action=_("Write the notes"),
                    url=reverse("gatherings:notes", args=[g.pk]),
                )
            )
    return tasks


def upcoming(viewer: Viewer) -> Upcoming:
    """The home's "Your next gatherings", and each group card's next gathering (`next`)."""
    return upcoming_for(viewer.user, viewer.places, viewer.now)


@dataclass(frozen=True)
class NextOne:
    gathering: Gathering | None
    zone: str


def group_next(
    user: Any, community: Community, standing: Standing, membership: Membership | None
) -> NextOne:
    """The group's home (fireside/communities/group_home.py): its next gathering, or the one
    running now, with the person's answer and the agenda's first item (one query)."""
    zone = getattr(user, "timezone", "") or community.program.timezone
    if not getattr(user, "is_authenticated", False):
        return NextOne(None, zone)
    now = timezone.now()
    for g in my_gatherings(user, {community.pk: community}, now):
        if g.ends_at > now:
            g.is_running = g.starts_at <= now  # type: ignore[attr-defined]
            return NextOne(g, zone)
    return NextOne(None, zone)


def register_all() -> None:
    register_tasks(records_to_keep, order=30)
    register_home_part("upcoming", upcoming)
    register_group_home("next_gathering", group_next)
