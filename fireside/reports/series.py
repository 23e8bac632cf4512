"""Monthly series over the program year, for the report's charts over time.

Counts only, by month in the program's own time zone, from the month the program starts to
this month (or its last). Computed with the kept figures (snapshots.py), never per request
for a whole program: a fixed number of queries, however many groups and people.

For one group (its facilitators' progress page) the same series are read for that group
alone: attendance at its gatherings, the hours its people earned in it (group_hours in
fireside/hours/totals.py says what is the group's), its members, its pairs' connections
and the reflections its people wrote while in it; with how many people are behind each
chart, so that a chart of fewer people than the survey threshold is withheld.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from fireside.communities.models import Community, Membership
from fireside.gatherings.models import Attendance
from fireside.hours.counting import SOURCES, months_between, today_in
from fireside.hours.totals import PersonHours, group_hours, held_a_seat, program_hours
from fireside.mentoring.models import Connection, Reflection
from fireside.programs.models import Program


@dataclass
class Monthly:
    """One value per month of `months` in every list (minutes by source in `minutes`)."""

    months: list[dt.date]
    present: list[int] = field(default_factory=list)
    recorded: list[int] = field(default_factory=list)
    minutes: dict[str, list[int]] = field(default_factory=dict)
    active: list[int] = field(default_factory=list)
    connections: list[int] = field(default_factory=list)
    reflections: list[int] = field(default_factory=list)
    # For one group: how many people are behind each chart (by its key), for the threshold.
    people: dict[str, int] = field(default_factory=dict)

    def attendance_rates(self) -> list[float | None]:
        return [
            round(100 * p / r, 1) if r else None
            for p, r in zip(self.present, self.recorded, strict=True)
        ]

    def hours(self, source: str) -> list[float]:
        return [round(m / 60, 1) for m in self.minutes.get(source, [0] * len(self.months))]


def program_months(program: Program) -> list[dt.date]:
    """The first day of each month from the program's start to this month or its end."""
    last = min(program.ends_on, today_in(program))
    return months_between(program.starts_on, last) if last >= program.starts_on else []


def _by_month(months: list[dt.date], rows: list[tuple[dt.date | dt.datetime, int]]) -> list[int]:
    at = {m: i for i, m in enumerate(months)}
    values = [0] * len(months)
    for month, n in rows:
        day = month.date() if isinstance(month, dt.datetime) else month
        i = at.get(day.replace(day=1))
        if i is not None:
            values[i] += n
    return values


def _seats_at_month_ends(
    months: list[dt.date],
    seats: list[tuple[int, dt.date | None, dt.datetime | None]],
    today: dt.date,
    tz: ZoneInfo,
) -> list[int]:
    """How many people held a seat on the last day of each month (today, this month)."""
    counts = []
    for month in months:
        after = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        day = min(after - dt.timedelta(days=1), today)
        people = {
            user_id
            for user_id, joined_on, left_at in seats
            if joined_on is not None
            and joined_on <= day
            and (left_at is None or timezone.localtime(left_at, tz).date() > day)
        }
        counts.append(len(people))
    return counts


def monthly_series(
    program: Program,
    community: Community | None = None,
    people: dict[int, PersonHours] | None = None,
) -> Monthly:
    """Six queries for a program (five more for its hours unless `people` is given); for
    one group (`community`), eleven, whatever its size."""
    tz = ZoneInfo(program.timezone)
    months = program_months(program)
    series = Monthly(months=months)
    if not months:
        return series
    in_group = Q(gathering__community=community) if community else Q()
    attendance = (
        Attendance.objects.filter(
            in_group,
            gathering__community__program=program,
            gathering__cancelled_at__isnull=True,
            gathering__starts_at__lte=timezone.now(),
        )
        .values(month=TruncMonth("gathering__starts_at", tzinfo=tz))
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(present=True)))
        .order_by()
    )
    rows = list(attendance)
    series.recorded = _by_month(months, [(r["month"], r["recorded"]) for r in rows])
    series.present = _by_month(months, [(r["month"], r["present"]) for r in rows])

    if community is not None:
        _group(series, community, in_group)
        return series
    people = program_hours(program) if people is None else people
    for source in SOURCES:
        series.minutes[source] = _by_month(
            months,
            [
                (month, getattr(tally, source))
                for person in people.values()
                for month, tally in person.months.items()
            ],
        )
    places = Membership.objects.filter(community__program=program, joined_on__isnull=False)
    seats = list(places.values_list("user_id", "joined_on", "left_at"))
    series.active = _seats_at_month_ends(months, seats, today_in(program), tz)
    series.connections = _connections_by_month(
        months, Connection.objects.filter(pairing__community__program=program)
    )
    series.reflections = _by_month(
        months,
        [
            (r["month"], r["n"])
            for r in Reflection.objects.filter(program=program)
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        ],
    )
    return series


def _connections_by_month(months: list[dt.date], connections: QuerySet[Connection]) -> list[int]:
    return _by_month(
        months,
        [
            (r["month"], r["n"])
            for r in connections.values(month=TruncMonth("happened_on"))
            .annotate(n=Count("pk"))
            .order_by()
        ],
    )


def _group(series: Monthly, community: Community, in_group: Q) -> None:
    """One group's hours, members, connections and reflections (group_hours says what is
    the group's), with how many people are behind each chart. Seven queries, however many
    people."""
    program, months = community.program, series.months
    tz = ZoneInfo(program.timezone)
    people = group_hours(community)
    for source in SOURCES:
        series.minutes[source] = _by_month(
            months,
            [
                (month, getattr(tally, source))
                for person in people.values()
                for month, tally in person.months.items()
            ],
        )
    seats: dict[int, list[tuple[dt.date, dt.datetime | None]]] = {}
    for user_id, joined_on, left_at in Membership.objects.filter(
        community=community, joined_on__isnull=False
    ).values_list("user_id", "joined_on", "left_at"):
        if joined_on is not None:
            seats.setdefault(user_id, []).append((joined_on, left_at))
    series.active = _seats_at_month_ends(
        months,
        [(user_id, j, left) for user_id, held in seats.items() for j, left in held],
        today_in(program),
        tz,
    )
    connections = Connection.objects.filter(pairing__community=community)
    series.connections = _connections_by_month(months, connections)
    written = [
        (author_id, month)
        for author_id, month in Reflection.objects.filter(
            program=program, author__in=list(seats)
        ).values_list("author_id", "month")
        if held_a_seat(seats[author_id], month, tz)
    ]
    series.reflections = _by_month(months, [(month, 1) for _author, month in written])
    attended = Attendance.objects.filter(
        in_group, gathering__cancelled_at__isnull=True, gathering__starts_at__lte=timezone.now()
    ).aggregate(n=Count("user", distinct=True))["n"]
    connected = connections.aggregate(n=Count("pairing__pair_members__user", distinct=True))["n"]
    series.people = {
        "attendance": attended,
        "hours": sum(1 for person in people.values() if person.tally.minutes),
        "active": len(seats),
        "connections": connected,
        "reflections": len({author for author, _month in written}),
    }


def members_by_community(program: Program, months: list[dt.date]) -> dict[int, list[int]]:
    """Each group's members on the last day of each month (one query), for the report's
    small multiples: counts of seats only, never a rate of a few people."""
    if not months:
        return {}
    seats: dict[int, list[tuple[int, dt.date | None, dt.datetime | None]]] = {}
    for community_id, user_id, joined_on, left_at in Membership.objects.filter(
        community__program=program, joined_on__isnull=False
    ).values_list("community_id", "user_id", "joined_on", "left_at"):
        seats.setdefault(community_id, []).append((user_id, joined_on, left_at))
    today, tz = today_in(program), ZoneInfo(program.timezone)
    return {
        community_id: _seats_at_month_ends(months, rows, today, tz)
        for community_id, rows in seats.items()
    }
