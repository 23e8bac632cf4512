"""The series a group carries into next year (fireside/communities/rollover.py starts it):
the rhythms still running when last year ended go on at the same local time from the new
year's first matching day, scheduled like any series (check_schedule: .ics files, reminders,
invitations to the new group's active members, of whom there are none yet)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.communities.rollover import end_of_day, register_series
from fireside.gatherings.forms import describe_repeat
from fireside.gatherings.models import Gathering, Series
from fireside.gatherings.scheduling import check_schedule
from fireside.programs.models import Program


@dataclass
class SeriesContinued:
    series: Series
    title: str
    first: dt.datetime  # in the gathering's zone
    rule: str
    duration_minutes: int
    timezone: str
    location: str
    online_url: str

    @property
    def words(self) -> str:
        """The rhythm as people say it, when it is one the scheduling form makes."""
        parts = dict(p.split("=", 1) for p in self.rule.split(";") if "=" in p)
        interval = parts.get("INTERVAL", "1")
        kind = {
            ("WEEKLY", "1"): "weekly",
            ("WEEKLY", "2"): "fortnightly",
            ("MONTHLY", "1"): "monthly_weekday" if "BYDAY" in parts else "monthly_date",
        }.get((parts.get("FREQ", ""), interval), "")
        return describe_repeat(kind, self.first.date()) if kind else self.rule


def _still_recurring(series: Series, gatherings: list[Gathering], ends_on: dt.date) -> bool:
    """Whether the series' rule still had dates after the program's end (it was cut there),
    rather than having run its course or been stopped."""
    first = gatherings[0].starts_at.astimezone(ZoneInfo(gatherings[0].timezone))
    try:
        rule = rrulestr(series.rrule.removeprefix("RRULE:"), dtstart=first)
    except (ValueError, TypeError):
        return False
    after = rule.after(end_of_day(ends_on, gatherings[0].timezone))  # type: ignore[union-attr]
    return after is not None


def _continued_rule(rule: str) -> str:
    """The same rhythm without its end: the new year's end stops it."""
    parts = [p for p in rule.removeprefix("RRULE:").split(";") if p]
    return ";".join(p for p in parts if p.split("=", 1)[0] not in {"COUNT", "UNTIL"})


def series_plans(
    community: Community, old: Program, starts_on: dt.date, ends_on: dt.date
) -> list[SeriesContinued]:
    found: list[SeriesContinued] = []
    by_series: dict[int, list[Gathering]] = {}
    for g in Gathering.objects.filter(community=community, series__isnull=False).order_by(
        "starts_at", "pk"
    ):
        by_series.setdefault(g.series_id, []).append(g)  # type: ignore[arg-type]
    now = timezone.now()
    for series in Series.objects.filter(community=community).order_by("pk"):
        gatherings = by_series.get(series.pk, [])
        if not gatherings or not _still_recurring(series, gatherings, old.ends_on):
            continue
        held = [g for g in gatherings if not g.cancelled_at] or gatherings
        model = held[-1]
        zone = ZoneInfo(model.timezone)
        rule = _continued_rule(series.rrule)
        first = gatherings[0].starts_at.astimezone(zone)
        expanded = rrulestr(rule, dtstart=first)
        start = max(dt.datetime.combine(starts_on, dt.time(), tzinfo=zone), now.astimezone(zone))
        nxt = expanded.after(start, inc=True)  # type: ignore[union-attr]
        if nxt is None or nxt.date() > ends_on:
            continue
        found.append(
            SeriesContinued(
                series=series,
                title=model.title,
                first=nxt,
                rule=rule,
                duration_minutes=model.duration_minutes,
                timezone=model.timezone,
                location=model.location,
                online_url=model.online_url,
            )
        )
    return found


def carry_on(actor: User, group: Community, planned: list[SeriesContinued]) -> Gathering | None:
    """Schedule each planned series in the new group; the group's first gathering."""
    first: Gathering | None = None
    for s in planned:
        made = check_schedule(
            actor=actor,
            community=group,
            title=s.title,
            starts_at=s.first,
            duration_minutes=s.duration_minutes,
            timezone_name=s.timezone,
            location=s.location,
            online_url=s.online_url,
            recurrence=s.rule,
            already_happened=False,
        )
        if made.gatherings and (first is None or made.gatherings[0].starts_at < first.starts_at):
            first = made.gatherings[0]
    return first


def register_all() -> None:
    register_series(plan=series_plans, make=carry_on)
