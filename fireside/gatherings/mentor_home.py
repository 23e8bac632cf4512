"""Gatherings' part of a person's home (see fireside.lib.home): the debriefs still to write,
for a group's facilitators and its assigned mentors, and the debrief conversations coming
up; and the mentor's own section (their groups, the gatherings just held, what to write).

The task source makes one query, and none for someone who neither facilitates a group
nor mentors in a program.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, Exists, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, CommunityRole, MentorAssignment
from fireside.gatherings.home import CALLS_AHEAD, upcoming_for
from fireside.gatherings.models import Debrief, DebriefCall, Gathering
from fireside.lib.home import Region, Task, Urgency, Viewer, register_panel, register_tasks

# Debriefs older than this leave the home (the program's list keeps them all).
TASK_WINDOW = dt.timedelta(days=30)
JUST_HELD = dt.timedelta(days=14)


def _facilitated(viewer: Viewer) -> set[int]:
    active = [p.community_id for p in viewer.places.active]
    return {r.community_id for r in viewer.places.roles_in(active, FACILITATING)}


def _mentors(viewer: Viewer) -> bool:
    return bool(viewer.staff_programs.get("mentor"))


def _mine(viewer: Viewer, facilitated: set[int], path: str = "community") -> Q:
    """Groups the person facilitates or is assigned to as a mentor."""
    mine = Q(**{f"{path}_id__in": facilitated})
    if _mentors(viewer):
        assigned = MentorAssignment.objects.filter(
            community=OuterRef(f"{path}_id"), mentor=viewer.user
        )
        mine |= Q(Exists(assigned))
    return mine


def _zone(viewer: Viewer, fallback: str) -> ZoneInfo:
    return ZoneInfo(getattr(viewer.user, "timezone", "") or fallback)


def debrief_tasks(viewer: Viewer) -> list[Task]:
    """Debriefs to write (gatherings held in the last TASK_WINDOW without one, a task per
    group) and debrief conversations coming up (in the next CALLS_AHEAD), for the groups a
    person facilitates or mentors: one query for both, through the gatherings."""
    facilitated = _facilitated(viewer)
    if not facilitated and not _mentors(viewer):
        return []
    if not _mentors(viewer):
        # A facilitator's held gatherings are already read for the home (no extra query).
        upcoming = upcoming_for(viewer.user, viewer.places, viewer.now)
        held = {g.pk for g in upcoming.held}
        found = sorted(
            {g.pk: g for g in [*upcoming.held, *upcoming.calls]}.values(),
            key=lambda g: (g.starts_at, g.pk),
            reverse=True,
        )
        for g in found:
            g.unwritten = g.pk in held and not g.debriefed  # type: ignore[attr-defined]
        return _tasks(viewer, found)
    calls = DebriefCall.objects.live().filter(
        gathering=OuterRef("pk"),
        starts_at__gte=viewer.now - dt.timedelta(minutes=30),
        starts_at__lte=viewer.now + CALLS_AHEAD,
    )
    unwritten = Q(starts_at__lte=viewer.now, starts_at__gte=viewer.now - TASK_WINDOW) & ~Q(
        Exists(Debrief.objects.filter(gathering=OuterRef("pk")))
    )
    found = list(
        Gathering.objects.filter(_mine(viewer, facilitated), cancelled_at__isnull=True)
        .annotate(
            has_call=Exists(calls),
            call_starts=Subquery(calls.values("starts_at")[:1]),
            call_timezone=Subquery(calls.values("timezone")[:1]),
        )
        .filter(unwritten | Q(has_call=True))
        .annotate(unwritten=Case(When(unwritten, then=True), default=False))
        .select_related("community")
        .order_by("-starts_at", "pk")[:100]
    )
    return _tasks(viewer, found)


def _tasks(viewer: Viewer, found: list[Gathering]) -> list[Task]:
    """Newest first: `found` carry `unwritten`, `has_call`, `call_starts`, `call_timezone`."""
    by_group: dict[int, list[Gathering]] = {}
    for g in found:
        if g.unwritten and g.ends_at <= viewer.now:  # type: ignore[attr-defined]
            by_group.setdefault(g.community_id, []).append(g)
    calls_found = sorted(
        (g for g in found if g.has_call),  # type: ignore[attr-defined]
        key=lambda g: g.call_starts,  # type: ignore[attr-defined]
    )
    return [
        *(_call_task(viewer, g) for g in calls_found),
        *(_write_task(viewer, held) for held in by_group.values()),
    ]


def _write_task(viewer: Viewer, gatherings: list[Gathering]) -> Task:
    newest, group = gatherings[0], gatherings[0].community
    day = date_format(newest.starts_at.astimezone(_zone(viewer, newest.timezone)), "l j F")
    if len(gatherings) > 1:
        return Task(
            kind="debriefs-to-write",
            urgency=Urgency.THIS_WEEK,
            title=_("Debriefs to write in %(group)s") % {"group": group.name},
            detail=ngettext(
                "%(n)s gathering has no debrief yet; the last on %(day)s.",
                "%(n)s gatherings have no debrief yet; the last on %(day)s.",
                len(gatherings),
            )
            % {"n": len(gatherings), "day": day},
            action=_("See the gatherings"),
            url=reverse("gatherings:community_list", args=[group.pk]) + "#past-title",
            count=len(gatherings),
        )
    return Task(
        kind="debriefs-to-write",
        urgency=Urgency.THIS_WEEK,
        title=_("Write the debrief of “%(title)s” (%(group)s)")
        % {"title": newest.title, "group": group.name},
        detail=_("Held on %(day)s. Logistics, common threads, wonderings: a few lines.")
        % {"day": day},
        action=_("Write the debrief"),
        url=reverse("gatherings:debrief", args=[newest.pk]),
    )


def _call_task(viewer: Viewer, g: Gathering) -> Task:
    starts: dt.datetime = g.call_starts  # type: ignore[attr-defined]
    when = starts.astimezone(_zone(viewer, g.call_timezone))  # type: ignore[attr-defined]
    return Task(
        kind="debrief-call",
        urgency=Urgency.TODAY if starts - viewer.now <= dt.timedelta(days=1) else Urgency.THIS_WEEK,
        title=_("Debrief conversation: %(group)s, %(when)s")
        % {"group": g.community.name, "when": date_format(when, _("l j F, H:i"))},
        detail=_("To talk over “%(title)s”.") % {"title": g.title},
        action=_("See the details"),
        url=reverse("gatherings:debrief_call", args=[g.pk]),
    )


# --- The mentor's section of the home page ------------------------------------------------


@dataclass
class MentoredGroup:
    community: Community
    facilitators: list[Any] = field(default_factory=list)
    last_held: Gathering | None = None
    next: Gathering | None = None


@dataclass
class MentorHome:
    programs: list[Any] = field(default_factory=list)
    groups: list[MentoredGroup] = field(default_factory=list)
    just_held: list[Gathering] = field(default_factory=list)  # with `has_debrief`
    to_write: list[Gathering] = field(default_factory=list)
    calls: list[DebriefCall] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.programs)

    @property
    def older_to_write(self) -> list[Gathering]:
        """Debriefs to write for gatherings no longer "just held" (those are listed there)."""
        recent = {g.pk for g in self.just_held}
        return [g for g in self.to_write if g.pk not in recent]


def mentor_home(user: Any, programs: list[Any], now: dt.datetime) -> MentorHome:
    """The groups a mentor supports and what waits for them there: four queries for a
    mentor (one when assigned nowhere), none for anyone else."""
    home = MentorHome(programs=list(programs))
    if not programs:
        return home
    groups = {
        a.community_id: MentoredGroup(a.community)
        for a in MentorAssignment.objects.filter(mentor=user, community__program__in=programs)
        .select_related("community")
        .order_by("community__name", "pk")
    }
    if not groups:
        return home
    home.groups = list(groups.values())
    for role in (
        CommunityRole.objects.current()
        .filter(community_id__in=groups, role__in=FACILITATING)
        .select_related("user")
        .order_by("user__name", "pk")
    ):
        people = groups[role.community_id].facilitators
        if role.user not in people:
            people.append(role.user)
    recent = (
        Gathering.objects.filter(
            community_id__in=groups,
            cancelled_at__isnull=True,
            starts_at__gte=now - TASK_WINDOW,
            starts_at__lte=now + dt.timedelta(days=90),
        )
        .annotate(has_debrief=Exists(Debrief.objects.filter(gathering=OuterRef("pk"))))
        .select_related("community")
        .order_by("starts_at", "pk")
    )
    for g in recent:
        group = groups[g.community_id]
        if g.ends_at <= now:
            group.last_held = g
            if now - g.ends_at <= JUST_HELD:
                home.just_held.insert(0, g)
            if not g.has_debrief:  # type: ignore[attr-defined]
                home.to_write.insert(0, g)
        elif group.next is None:
            group.next = g
    home.calls = list(
        DebriefCall.objects.live()
        .filter(
            Q(gathering__community_id__in=groups) | Q(proposed_by=user),
            starts_at__gte=now - dt.timedelta(minutes=30),
        )
        .select_related("gathering__community")
        .order_by("starts_at", "pk")[:10]
    )
    return home


def mentor_panel(viewer: Viewer) -> MentorHome | None:
    """The home's section for mentors: only for a person who mentors in a program."""
    mentored = viewer.staff_programs.get("mentor")
    if not mentored:
        return None
    return mentor_home(viewer.user, mentored, viewer.now)


def register_all() -> None:
    register_panel(
        "mentor_home",
        mentor_panel,
        template="gatherings/_home_mentor.html",
        region=Region.STAFF,
        order=10,
    )
    register_tasks(debrief_tasks, order=31)
