"""Hours added up for many people at once: a whole program (coordinators, bulk issue of
certificates, the program report) or one group (its facilitators' progress page).

What counts, and how minutes become hours: counting.py. Each reader here makes a fixed
number of queries, however many people and groups there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.gatherings.models import Attendance
from fireside.hours.counting import (
    CONNECTIONS,
    GATHERINGS,
    ONLINE,
    PREPARATION,
    REFLECTIONS,
    SOURCES,
    Period,
    Tally,
    counted_minutes,
    month_of_start,
    next_month,
)
from fireside.mentoring.models import Connection, ConnectionQuerySet, Reflection
from fireside.programs.models import Program

# (source, user id, month or a day in it, minutes, how many things)
Row = tuple[str, int, dt.date | dt.datetime, int, int]


@dataclass
class PersonHours:
    user: User
    community: Community  # their group now, or the last one they were in
    active: bool
    tally: Tally = field(default_factory=Tally)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SOURCES, 0))
    months: dict[dt.date, Tally] = field(default_factory=dict)

    def add(self, source: str, month: dt.date, minutes: int, count: int) -> None:
        self.tally.add(source, minutes)
        self.counts[source] += count
        self.months.setdefault(month, Tally()).add(source, minutes)

    def hours_in(self, month: dt.date) -> Decimal:
        tally = self.months.get(month)
        return tally.hours if tally else Decimal("0.00")


def _month_value(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _people(
    places: QuerySet[Membership],
    seats: dict[int, list[tuple[dt.date, dt.datetime | None]]] | None = None,
) -> dict[int, PersonHours]:
    """One PersonHours a person, in their group now if they are in one, else the last one
    they joined (and each person's seats, from when to when, in `seats` when given)."""
    people: dict[int, PersonHours] = {}
    for place in places.select_related("user", "community").order_by("joined_on", "pk"):
        if seats is not None and place.joined_on is not None:
            seats.setdefault(place.user_id, []).append((place.joined_on, place.left_at))
        current = people.get(place.user_id)
        is_active = place.status == Membership.Status.ACTIVE
        if current is None or is_active or not current.active:
            people[place.user_id] = PersonHours(place.user, place.community, is_active)
            if current is not None:
                people[place.user_id].active = is_active or current.active
    return people


def _add(people: dict[int, PersonHours], rows: Iterable[Row]) -> dict[int, PersonHours]:
    for source, user_id, month, minutes, count in rows:
        person = people.get(user_id)
        if person is None:
            continue  # a guest, or someone with no seat here
        on = _month_value(month).replace(day=1)
        person.add(source, on, int(minutes or 0), int(count or 0))
    return people


def _attended(attendance: QuerySet[Attendance], tz: ZoneInfo) -> list[Row]:
    return [
        (GATHERINGS, row["user_id"], row["month"], row["minutes"], row["n"])
        for row in attendance.filter(present=True, minutes__gt=0)
        .values("user_id", month=TruncMonth("gathering__starts_at", tzinfo=tz))
        .annotate(minutes=Sum("minutes"), n=Count("pk"))
        .order_by()
    ]


def _connected(connections: ConnectionQuerySet) -> list[Row]:
    """Connections that count now, credited to each member of the pair."""
    return [
        (CONNECTIONS, row["person"], row["month"], row["minutes"], row["n"])
        for row in connections.counting(timezone.now())
        .values(person=F("pairing__pair_members__user_id"), month=TruncMonth("happened_on"))
        .annotate(minutes=Sum("minutes"), n=Count("pk"))
        .order_by()
    ]


def _recorded_rows(program: Program, period: Period, tz: ZoneInfo, where: Q) -> list[Row]:
    from fireside.hours.models import TimeEntry

    online = Q(kind=TimeEntry.Kind.ONLINE) & period.month_filter("month")
    preparation = Q(kind=TimeEntry.Kind.PREPARATION) & period.gathering_filter(tz)
    rows: list[Row] = []
    for kind, user_id, month, minutes, starts_at in TimeEntry.objects.filter(
        online | preparation, where, program=program
    ).values_list("kind", "user_id", "month", "minutes", "gathering__starts_at"):
        counted = counted_minutes(program, kind, minutes)
        if not counted:
            continue
        if kind == TimeEntry.Kind.ONLINE:
            rows.append((ONLINE, user_id, month, counted, 1))
        else:
            rows.append((PREPARATION, user_id, month_of_start(starts_at, tz), counted, 1))
    return rows


def program_hours(program: Program, period: Period | None = None) -> dict[int, PersonHours]:
    """Everyone who took part in the program, with their hours (in the period), by user id.
    Five queries: the people, then attendance, connections (those that count, now) and
    reflections, each summed by person and month in the database, and the time people
    recorded (each entry, as each counts up to the program's cap)."""
    period = period or Period()
    tz = ZoneInfo(program.timezone)
    people = _people(Membership.objects.filter(community__program=program, joined_on__isnull=False))
    rows = _attended(
        Attendance.objects.filter(
            period.gathering_filter(tz), gathering__community__program=program
        ),
        tz,
    )
    rows += _connected(
        Connection.objects.filter(
            period.day_filter("happened_on"), pairing__community__program=program
        )
    )
    credit = program.reflection_credit_minutes
    for author_id, month in Reflection.objects.filter(
        period.month_filter("month"), program=program
    ).values_list("author_id", "month"):
        rows.append((REFLECTIONS, author_id, month, credit, 1))
    rows += _recorded_rows(program, period, tz, Q())
    return _add(people, rows)


def held_a_seat(
    seats: list[tuple[dt.date, dt.datetime | None]], month: dt.date, tz: ZoneInfo
) -> bool:
    """Whether any of these seats was held on some day of `month`."""
    last = next_month(month) - dt.timedelta(days=1)
    return any(
        joined_on <= last and (left_at is None or timezone.localtime(left_at, tz).date() >= month)
        for joined_on, left_at in seats
    )


def group_hours(community: Community, period: Period | None = None) -> dict[int, PersonHours]:
    """The hours a group's people earned in that group, by user id: what its facilitators
    expect its charts to show, so that the groups of a program are compared on what each
    did itself.

    The people are everyone who held a seat in the group (now or before: someone who left
    keeps what they earned while they were in), each counted once; what counts for them is
    what they did in the group:
    - gatherings: their attendance at the group's gatherings (guests and visitors from other
      groups count in their own ledger and the program's totals, not here);
    - connections: the connections that count of the group's pairs, credited to each member
      of the pair who held a seat in the group;
    - reflections: a reflection belongs to the program, not a group, so the group counts
      those its people wrote for a month in which they held a seat in it (someone in two
      groups at once counts in both groups' charts, and once in the program's);
    - online conversations: the time recorded for this group's online conversations;
    - preparation and debrief: the time recorded for this group's gatherings.
    Hours a member earned in another group of the program are that group's.

    Five queries, however many people: the seats, then attendance, connections and
    reflections summed by person and month, and the recorded time.
    """
    program = community.program
    period = period or Period()
    tz = ZoneInfo(program.timezone)
    places = Membership.objects.filter(community=community, joined_on__isnull=False)
    seats: dict[int, list[tuple[dt.date, dt.datetime | None]]] = {}
    people = _people(places, seats)
    rows = _attended(
        Attendance.objects.filter(period.gathering_filter(tz), gathering__community=community),
        tz,
    )
    rows += _connected(
        Connection.objects.filter(period.day_filter("happened_on"), pairing__community=community)
    )
    credit = program.reflection_credit_minutes
    for author_id, month in Reflection.objects.filter(
        period.month_filter("month"),
        program=program,
        author__in=places.values("user_id"),
    ).values_list("author_id", "month"):
        if held_a_seat(seats.get(author_id, []), month, tz):
            rows.append((REFLECTIONS, author_id, month, credit, 1))
    rows += _recorded_rows(program, period, tz, Q(community=community))
    return _add(people, rows)
