"""The program report: what a program achieves, in aggregates only.

Everything here is a count, a rate, an average or text its author agreed to share without
a name. No function returns who wrote, said or attended what. Figures made of too few
people are withheld by the apps that own them (surveys, confidence), with the same rule.

The number of queries is fixed whatever the size of the program: each figure is summed
per community in the database, and the cohort curves read one row per membership.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fireside.communities.models import Community, Membership
from fireside.gatherings.models import Attendance, Gathering
from fireside.hours.counting import SOURCES, Tally
from fireside.hours.totals import PersonHours, program_hours
from fireside.lib.charts import Chart, sparkline
from fireside.lib.templatetags.fireside import percent_text
from fireside.mentoring.actions import consented_excerpts
from fireside.mentoring.models import Connection, Reflection
from fireside.programs.models import Program
from fireside.reports.series import Monthly, members_by_community, monthly_series, program_months
from fireside.stories.actions import (
    Indicators,
    SharedStory,
    consented_stories,
    value_indicators,
    value_indicators_by_community,
)
from fireside.surveys.paired import PairedConfidence, paired_confidence
from fireside.surveys.report import (
    ConfidenceSummary,
    confidence_by_community,
    confidence_change,
    program_survey_results,
)

# Months after joining at which the cohort curves are read.
COHORT_OFFSETS = (1, 3, 6, 12)


def rate(part: int, whole: int) -> Decimal | None:
    """A share as a percentage with one decimal place, or None when there is no whole."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, 1)


@dataclass
class CommunityFigures:
    community: Community
    active_members: int = 0
    waitlisted: int = 0
    ever_joined: int = 0
    still_active: int = 0
    gatherings_held: int = 0
    present: int = 0
    recorded: int = 0
    connections: int = 0
    reflections: int = 0
    hours: Tally = field(default_factory=Tally)
    confidence: ConfidenceSummary | None = None
    stories: int = 0
    # Members on the last day of each month of the program year (the row's sparkline).
    members_by_month: list[int] = field(default_factory=list)

    @property
    def retention_rate(self) -> Decimal | None:
        return rate(self.still_active, self.ever_joined)

    @property
    def attendance_rate(self) -> Decimal | None:
        return rate(self.present, self.recorded)

    @property
    def sparkline(self) -> SafeString:
        """Members month by month: counts of seats only, shown on the page, not the PDF."""
        return sparkline(self.members_by_month, _("Members at the end of each month"))


@dataclass
class Cohort:
    """People whose first seat in the program began in `month`, and how many of them still
    held a seat after each offset (None where that day has not come yet)."""

    month: dt.date
    size: int
    kept: list[int | None]

    @property
    def retained(self) -> list[Decimal | None]:
        return [None if k is None else rate(k, self.size) for k in self.kept]


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: str
    percent: int  # the bar's length, 0–100


@dataclass
class ProgramReport:
    program: Program
    communities: list[CommunityFigures]
    active_members: int
    waitlisted: int
    ever_joined: int
    still_active: int
    hours: Tally
    reflections_submitted: int
    connections_logged: int
    cohorts: list[Cohort]
    confidence: ConfidenceSummary
    value: Indicators
    surveys: list[Any]
    excerpts: list[str]
    stories: list[SharedStory]
    generated_at: dt.datetime = field(default_factory=timezone.now)
    # The fingerprint of the kept figures (snapshots.refresh): the same figures, the same
    # digest, so the kept PDF outlives a refresh that changed nothing.
    digest: str = ""
    monthly: Monthly | None = None
    paired: PairedConfidence | None = None

    offsets = COHORT_OFFSETS

    @property
    def gatherings_held(self) -> int:
        return sum(c.gatherings_held for c in self.communities)

    @property
    def attendance_rate(self) -> Decimal | None:
        return rate(
            sum(c.present for c in self.communities), sum(c.recorded for c in self.communities)
        )

    @property
    def retention_rate(self) -> Decimal | None:
        return rate(self.still_active, self.ever_joined)

    @property
    def total_hours(self) -> Decimal:
        return self.hours.hours

    @property
    def hours_by_source(self) -> list[tuple[str, Decimal]]:
        return [(source, self.hours.hours_of(source)) for source in SOURCES]

    def charts_over_time(self) -> list[Chart]:
        from fireside.reports.charts import over_time

        return over_time(self.monthly, self.cohorts)

    def confidence_charts(self) -> list[Chart]:
        from fireside.reports.charts import confidence_charts

        return confidence_charts(self.paired)

    def retention_curve(self) -> list[ChartRow]:
        """Of everyone whose day has come, the share still in a group N months on."""
        rows = []
        for i, offset in enumerate(COHORT_OFFSETS):
            counted = [c for c in self.cohorts if c.kept[i] is not None]
            whole = sum(c.size for c in counted)
            share = rate(sum(c.kept[i] or 0 for c in counted), whole)
            if share is None:
                continue
            label = _("After %(n)s months") % {"n": offset} if offset > 1 else _("After a month")
            rows.append(ChartRow(str(label), f"{percent_text(share)} ({whole})", round(share)))
        return rows

    def hours_chart(self) -> list[ChartRow]:
        total = self.total_hours
        names = {
            "gatherings": _("Gatherings attended"),
            "connections": _("Peer connections"),
            "reflections": _("Reflections written"),
            "online_conversations": _("Online conversations"),
            "preparation": _("Preparation and debrief"),
        }
        return [
            ChartRow(str(names[source]), number_format(h), round(100 * h / total) if total else 0)
            for source, h in self.hours_by_source
        ]

    def value_chart(self) -> list[ChartRow]:
        most = max(self.value.by_cycle.values(), default=0)
        return [
            ChartRow(str(name), str(count), round(100 * count / most) if most else 0)
            for _cycle, name, count in self.value.rows()
        ]

    def as_api(self) -> dict[str, Any]:
        """The shape of `GET /api/v1/programs/{id}/report`."""
        change = self.confidence.mean_change
        return {
            "communities": len(self.communities),
            "active_members": self.active_members,
            "waitlisted": self.waitlisted,
            "retention_rate": _number(self.retention_rate),
            "gatherings_held": self.gatherings_held,
            "attendance_rate": _number(self.attendance_rate),
            "total_hours": str(self.total_hours),
            "hours_by_source": {s: str(h) for s, h in self.hours_by_source},
            "reflections_submitted": self.reflections_submitted,
            "connections_logged": self.connections_logged,
            "confidence_change": _number(change),
            "confidence": self.confidence.as_dict(),
            "value_by_cycle": dict(self.value.by_cycle),
            "cohorts": [
                {
                    "month": c.month.strftime("%Y-%m"),
                    "size": c.size,
                    "retained": {
                        f"{offset}m": _number(value)
                        for offset, value in zip(COHORT_OFFSETS, c.retained, strict=True)
                    },
                }
                for c in self.cohorts
            ],
            "excerpts": self.excerpts,
            "stories": [_story(s) for s in self.stories],
        }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _story(story: SharedStory) -> dict[str, Any]:
    return {
        "title": story.title,
        "parts": [{"cycle": c, "heading": h, "text": t} for c, h, t in story.parts],
    }


def _held(program: Program, now: dt.datetime) -> Q:
    return Q(community__program=program, cancelled_at__isnull=True, starts_at__lte=now)


def _cohorts(rows: list[tuple[int, dt.date, dt.datetime | None]], today: dt.date) -> list[Cohort]:
    """rows: (user, joined_on, left_at) for every seat ever held in the program."""
    seats: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for user_id, joined_on, left_at in rows:
        seats[user_id].append((joined_on, left_at.date() if left_at else None))

    def holds_a_seat(user_seats: list[tuple[dt.date, dt.date | None]], day: dt.date) -> bool:
        return any(start <= day and (end is None or end > day) for start, end in user_seats)

    by_month: dict[dt.date, list[int]] = defaultdict(list)
    for user_id, user_seats in seats.items():
        first = min(start for start, _end in user_seats)
        by_month[first.replace(day=1)].append(user_id)
    cohorts = []
    for month in sorted(by_month):
        people = by_month[month]
        kept: list[int | None] = []
        for offset in COHORT_OFFSETS:
            day = add_months(month, offset)
            if day > today:
                kept.append(None)
            else:
                kept.append(sum(1 for u in people if holds_a_seat(seats[u], day)))
        cohorts.append(Cohort(month=month, size=len(people), kept=kept))
    return cohorts


@dataclass
class _Seats:
    active: set[int] = field(default_factory=set)
    waiting: set[int] = field(default_factory=set)
    ever: set[int] = field(default_factory=set)
    rows: list[tuple[int, dt.date, dt.datetime | None]] = field(default_factory=list)


def _count_seats(program: Program, communities: dict[int, CommunityFigures]) -> _Seats:
    """Who holds a seat now, who waits, who ever held one: in the program and per group."""
    seats = _Seats()
    ever: dict[int, set[int]] = defaultdict(set)
    active: dict[int, set[int]] = defaultdict(set)
    for community_id, user_id, status, joined_on, left_at in Membership.objects.filter(
        community__program=program
    ).values_list("community_id", "user_id", "status", "joined_on", "left_at"):
        if status == Membership.Status.WAITLISTED:
            communities[community_id].waitlisted += 1
            seats.waiting.add(user_id)
        if joined_on is None:
            continue
        seats.rows.append((user_id, joined_on, left_at))
        seats.ever.add(user_id)
        ever[community_id].add(user_id)
        if status == Membership.Status.ACTIVE:
            seats.active.add(user_id)
            active[community_id].add(user_id)
    for community_id, figures in communities.items():
        figures.ever_joined = len(ever[community_id])
        figures.active_members = figures.still_active = len(active[community_id])
    return seats


def _count_gatherings(program: Program, communities: dict[int, CommunityFigures]) -> None:
    held = Gathering.objects.filter(_held(program, timezone.now()))
    for row in held.values("community_id").annotate(n=Count("pk")).order_by():
        communities[row["community_id"]].gatherings_held = row["n"]
    for row in (
        Attendance.objects.filter(gathering__in=held.values("pk"))
        .values("gathering__community_id")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(present=True)))
        .order_by()
    ):
        figures = communities[row["gathering__community_id"]]
        figures.recorded, figures.present = row["recorded"], row["present"]


def _count_connections(program: Program, communities: dict[int, CommunityFigures]) -> int:
    total = 0
    for row in (
        Connection.objects.filter(pairing__community__program=program)
        .values("pairing__community_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        communities[row["pairing__community_id"]].connections = row["n"]
        total += row["n"]
    return total


def _count_hours(communities: dict[int, CommunityFigures], people: dict[int, PersonHours]) -> Tally:
    """Hours and reflections belong to a person; a person counts in their current group
    (or the last one they were in), so no hour is counted twice."""
    total = Tally()
    for person in people.values():
        figures = communities[person.community.pk]
        for source in SOURCES:
            minutes = getattr(person.tally, source)
            figures.hours.add(source, minutes)
            total.add(source, minutes)
        figures.reflections += person.counts["reflections"]
    return total


def program_report(program: Program) -> ProgramReport:
    now = timezone.now()
    communities = {
        c.pk: CommunityFigures(community=c)
        for c in Community.objects.filter(program=program).order_by("name", "pk")
    }
    seats = _count_seats(program, communities)
    _count_gatherings(program, communities)
    connections = _count_connections(program, communities)
    people = program_hours(program)
    hours = _count_hours(communities, people)
    for community, summary in confidence_by_community(program):
        if community.pk in communities:
            communities[community.pk].confidence = summary
    for community_id, indicators in value_indicators_by_community(program).items():
        if community_id in communities:
            communities[community_id].stories = indicators.stories
    months = program_months(program)
    members = members_by_community(program, months)
    for community_id, figures in communities.items():
        figures.members_by_month = members.get(community_id, [0] * len(months))
    return ProgramReport(
        program=program,
        communities=list(communities.values()),
        active_members=len(seats.active),
        waitlisted=len(seats.waiting),
        ever_joined=len(seats.ever),
        still_active=len(seats.active & seats.ever),
        hours=hours,
        reflections_submitted=Reflection.objects.filter(program=program).count(),
        connections_logged=connections,
        cohorts=_cohorts(seats.rows, timezone.localdate()),
        confidence=confidence_change(program),
        value=value_indicators(program),
        surveys=program_survey_results(program),
        excerpts=consented_excerpts(program),
        stories=consented_stories(program),
        generated_at=now,
        monthly=monthly_series(program, people=people),
        paired=paired_confidence(program),
    )


CSV_HEADER = [
    "community",
    "region",
    "mode",
    "capacity",
    "active_members",
    "waitlisted",
    "ever_joined",
    "retention_rate",
    "gatherings_held",
    "attendance_rate",
    "hours_gatherings",
    "hours_connections",
    "hours_reflections",
    "total_hours",
    "reflections_submitted",
    "connections_logged",
    "confidence_change",
    "value_stories",
]


def csv_rows(report: ProgramReport) -> list[list[Any]]:
    """One row per community, the same figures as the page; withheld figures are blank."""
    rows: list[list[Any]] = [CSV_HEADER]
    for f in report.communities:
        c = f.community
        change = f.confidence.mean_change if f.confidence else None
        rows.append(
            [
                c.name,
                c.region,
                c.get_mode_display(),
                c.capacity,
                f.active_members,
                f.waitlisted,
                f.ever_joined,
                "" if f.retention_rate is None else f.retention_rate,
                f.gatherings_held,
                "" if f.attendance_rate is None else f.attendance_rate,
                f.hours.gathering_hours,
                f.hours.connection_hours,
                f.hours.reflection_hours,
                f.hours.hours,
                f.reflections,
                f.connections,
                "" if change is None else change,
                f.stories,
            ]
        )
    return rows
