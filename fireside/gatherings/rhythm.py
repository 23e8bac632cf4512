"""Change the rhythm of a series from one of its gatherings on.

Groups meet weekly at first, then every second week or once a month. The change splits the
series: the old one ends just before the chosen gathering, a new one carries the new rule.
Past gatherings and their attendance stay as they were. From the chosen gathering on, an
occurrence whose date still fits the new rule moves to the new series and keeps its own
edits (title, agenda, place); the others are cancelled (METHOD:CANCEL, a higher SEQUENCE),
and the dates the old rule did not have get new gatherings, to which members are invited.

`plan_rhythm` only reads: it is the preview. `check_change_rhythm` plans again and writes
it all in one transaction, or refuses and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.gatherings import notices, scheduling
from fireside.gatherings.models import Attendance, Gathering, Series
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, Unprocessable


@dataclass
class RhythmPlan:
    """What a change of rhythm would do. Nothing is written until it is applied."""

    series: Series
    start: Gathering  # the gathering the change starts from
    rule: str  # the new series' rule, with the UNTIL it ends on
    starts: list[dt.datetime]  # every date of the new rhythm, in the gatherings' zone
    keep: list[Gathering] = field(default_factory=list)  # fit, moved to the new series
    move: list[Gathering] = field(default_factory=list)  # of keep: to the new start time
    drop: list[Gathering] = field(default_factory=list)  # do not fit: cancelled
    new: list[dt.datetime] = field(default_factory=list)  # dates with no gathering yet

    @property
    def changes_anything(self) -> bool:
        return bool(self.move or self.drop or self.new)


@dataclass
class RhythmChanged:
    series: Series  # the new series
    kept: list[Gathering]
    moved: list[Gathering]
    cancelled: list[Gathering]
    created: list[Gathering]


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _rule_body(rule: object) -> str:
    if not isinstance(rule, str) or not rule.strip():
        raise InvalidInput(
            _(
                "Say how often the group will meet: a repeat rule such as FREQ=WEEKLY;INTERVAL=2 "
                "(every second week) or FREQ=MONTHLY;BYDAY=2WE (the second Wednesday)."
            ),
            {"rule": [_("A repeat rule is needed.")]},
        )
    body, _asked, _bounded = scheduling._read_rule(rule)
    return body


def _parts(body: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in body.split(";"))


def _joined(parts: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in parts.items())


def _utc_stamp(when: dt.datetime) -> str:
    return f"{when.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def _ended_before(rule: str, first: dt.datetime) -> str:
    """The old series' rule, now ending just before the change."""
    parts = _parts(rule.removeprefix("RRULE:"))
    parts.pop("COUNT", None)
    parts["UNTIL"] = _utc_stamp(first - dt.timedelta(seconds=1))
    return _joined(parts)


def _coming(series: Series, start: Gathering) -> list[Gathering]:
    """The series' gatherings from the chosen one on that still take place."""
    return list(
        series.gatherings.filter(
            cancelled_at__isnull=True, starts_at__gte=start.starts_at
        ).order_by("starts_at", "pk")
    )


def last_date(series: Series) -> dt.date | None:
    """The day of the series' last gathering that still takes place, in its own zone."""
    last = series.gatherings.filter(cancelled_at__isnull=True).order_by("-starts_at").first()
    return last.local_start.date() if last else None


def _series_of(g: Gathering) -> Series:
    if g.series is None:
        raise Conflict(
            _(
                "This gathering is not part of a series, so it has no rhythm to change. Move it "
                "with Edit instead."
            )
        )
    if g.is_cancelled:
        raise Conflict(
            _(
                "This gathering is cancelled. Change the rhythm from a gathering of the series "
                "that still takes place."
            )
        )
    return g.series


def _check_types(start_time: object, until: object) -> None:
    if start_time is not None and not isinstance(start_time, dt.time):
        raise InvalidInput(
            _("Please give the start time as a time of day, such as 19:00."),
            {"start_time": [_("A time of day, such as 19:00.")]},
        )
    if until is not None and not isinstance(until, dt.date):
        raise InvalidInput(
            _("The last date must be a date, such as 2027-06-30."),
            {"until": [_("A date.")]},
        )


def _first(g: Gathering, start_time: dt.time | None) -> dt.datetime:
    """The first start of the new rhythm: the chosen day, at the new time or its own."""
    wall_clock = (start_time or g.local_start.time()).replace(tzinfo=None, second=0, microsecond=0)
    first = dt.datetime.combine(g.local_start.date(), wall_clock, tzinfo=g.tz)
    now = timezone.now()
    if g.starts_at <= now or first <= now:
        raise Unprocessable(
            _(
                "The new rhythm must start with a gathering still to come: %(day)s has passed. "
                "Choose a later gathering of the series."
            )
            % {"day": _day(first.date())},
            {"start": [_("A gathering still to come.")]},
        )
    return first


def _bounded(
    parts: dict[str, str], first: dt.datetime, until: dt.date | None, series: Series, program: Any
) -> str:
    """The rule, with an UNTIL when it says nothing of when it stops."""
    if "COUNT" in parts or "UNTIL" in parts:
        if until is not None:
            raise InvalidInput(
                _(
                    "Give the last date either in the rule (COUNT or UNTIL) or as the last date, "
                    "not both."
                ),
                {"until": [_("The rule already says when it stops.")]},
            )
        return _joined(parts)
    last = until if until is not None else last_date(series)
    if last is None or last < first.date():
        last = first.date()
    if last > program.ends_on:
        raise Unprocessable(
            _(
                "The program ends on %(end)s, so the new rhythm cannot go on until %(day)s. "
                "Choose a last date on or before the program's end."
            )
            % {"end": _day(program.ends_on), "day": _day(last)},
            {"until": [_("On or before the program's end.")]},
        )
    stop = dt.datetime.combine(last, dt.time(23, 59, 59), first.tzinfo)
    return _joined({**parts, "UNTIL": _utc_stamp(stop)})


def _within(plan: scheduling.SeriesPlan, program: Any) -> None:
    outside = [s for s in plan.starts if not program.starts_on <= s.date() <= program.ends_on]
    if plan.cut_at_program_end or outside:
        raise Unprocessable(
            _(
                "The new rhythm has dates outside the program, which runs from %(start)s to "
                "%(end)s. Choose a last date within the program."
            )
            % {"start": _day(program.starts_on), "end": _day(program.ends_on)},
            {"rule": [_("Dates outside the program.")]},
        )


def _sort(result: RhythmPlan) -> None:
    """Which gatherings from the chosen one on fit a new date (one each), which do not."""
    wanted = {s.date(): s for s in result.starts}
    taken: set[dt.date] = set()
    for existing in _coming(result.series, result.start):
        day = existing.local_start.date()
        if day in wanted and day not in taken:
            taken.add(day)
            result.keep.append(existing)
            if not existing.detached and existing.starts_at != wanted[day]:
                result.move.append(existing)
        else:
            result.drop.append(existing)
    result.new = [s for s in result.starts if s.date() not in taken]


def _keeps_what_was_held(result: RhythmPlan) -> None:
    recorded = Attendance.objects.filter(gathering__in=result.drop).select_related("gathering")
    held = sorted({a.gathering.local_start.date() for a in recorded})
    if held:
        raise Conflict(
            ngettext(
                "This change would cancel the gathering of %(days)s, which already has its "
                "attendance recorded. Choose a rhythm that keeps it, or start the change after it.",
                "This change would cancel the gatherings of %(days)s, which already have their "
                "attendance recorded. Choose a rhythm that keeps them, or start the change after "
                "them.",
                len(held),
            )
            % {"days": ", ".join(_day(d) for d in held)},
            {"rule": [_("Would drop a gathering with recorded attendance.")]},
        )


def plan_rhythm(
    *,
    gathering: Gathering,
    rule: object,
    start_time: object = None,
    until: object = None,
) -> RhythmPlan:
    """The new dates from `gathering` on, and what happens to each gathering already there.

    rule: an RFC 5545 RRULE, as for scheduling (FREQ=WEEKLY;INTERVAL=2, FREQ=MONTHLY;
    BYDAY=2WE…). Without COUNT or UNTIL it runs until `until` (a date), by default the day of
    the series' last gathering. start_time: a new time of day (wall-clock time in the
    gatherings' zone), by default the chosen gathering's."""
    series = _series_of(gathering)
    _check_types(start_time, until)
    parts = _parts(_rule_body(rule))
    first = _first(gathering, start_time)  # type: ignore[arg-type]
    program = gathering.community.program
    new_rule = _bounded(parts, first, until, series, program)  # type: ignore[arg-type]
    plan = scheduling.plan_series(new_rule, first, program.ends_on)
    _within(plan, program)
    result = RhythmPlan(series=series, start=gathering, rule=new_rule, starts=plan.starts)
    _sort(result)
    _keeps_what_was_held(result)
    if not result.changes_anything:
        raise Unprocessable(
            _("The series already meets on these dates and at this time: nothing would change."),
            {"rule": [_("Nothing would change.")]},
        )
    return result


def check_change_rhythm(
    *,
    actor: User,
    gathering: Gathering,
    rule: object,
    start_time: object = None,
    until: object = None,
) -> RhythmChanged:
    """Apply the change `plan_rhythm` previews, all of it or nothing, and tell the members:
    a cancellation for the dropped gatherings, the new time for the moved ones, an
    invitation to the new ones."""
    with transaction.atomic():
        # One change at a time: a second confirmation waits, then plans against the result.
        if gathering.series_id is not None:
            Series.objects.select_for_update().filter(pk=gathering.series_id).first()
        gathering.refresh_from_db()
        plan = plan_rhythm(gathering=gathering, rule=rule, start_time=start_time, until=until)
        old = plan.series
        first = plan.starts[0] if plan.starts else gathering.starts_at
        change_at = min([first, gathering.starts_at])
        old.rrule = _ended_before(old.rrule, change_at)[:500]
        old.save(update_fields=["rrule"])
        series = Series.objects.create(
            community=old.community, rrule=plan.rule[:500], created_by=actor
        )
        zone = gathering.tz
        model = next((x for x in plan.keep if not x.detached), gathering)
        now = timezone.now()
        for g in plan.drop:
            g.cancelled_at = now
            g.sequence += 1
            g.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        wanted = {s.date(): s for s in plan.starts}
        moving = {g.pk for g in plan.move}
        for g in plan.keep:
            g.series = series
            fields = ["series", "updated_at"]
            if g.pk in moving:
                g.starts_at = wanted[g.local_start.date()]
                g.sequence += 1
                g.reminder_sent_at = None
                fields += ["starts_at", "sequence", "reminder_sent_at"]
            g.save(update_fields=fields)
        created = [
            Gathering.objects.create(
                community=old.community,
                series=series,
                title=model.title,
                starts_at=start,
                duration_minutes=model.duration_minutes,
                timezone=zone.key,
                location=model.location,
                online_url=model.online_url,
                created_by=actor,
            )
            for start in plan.new
        ]
        record(
            actor,
            "gatherings.change_rhythm",
            old.community,
            old_series_id=old.pk,
            series_id=series.pk,
            rule=plan.rule,
            kept=len(plan.keep),
            moved=len(plan.move),
            cancelled=len(plan.drop),
            created=len(created),
        )
        community = old.community
        if plan.drop:
            notices._invite(community, plan.drop, "CANCEL", "gathering_rhythm_cancelled")
        if plan.move:
            notices._invite(community, plan.move, "REQUEST", "gathering_changed")
        if created:
            notices._invite(community, created, "REQUEST", "gathering_invitation")
        notices._schedule_reminders([*plan.move, *created])
    return RhythmChanged(
        series=series, kept=plan.keep, moved=plan.move, cancelled=plan.drop, created=created
    )
