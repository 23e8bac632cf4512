"""Calendars read back by independent parsers (icalendar + recurring-ical-events)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from conftest import World
from fireside.demo.factories import CommunityFactory, ProgramFactory, make_member
from fireside.gatherings import ics, scheduling
from fireside.gatherings.models import Gathering

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _schedule(community: Any, actor: Any, **kwargs: Any) -> list[Gathering]:
    fields = {
        "title": "Monthly circle",
        "duration_minutes": 90,
        "location": "Orchard Street Library",
        **kwargs,
    }
    return scheduling.check_schedule(actor=actor, community=community, **fields)[1]


def _parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


@pytest.fixture
def planner(world: World) -> Any:
    return world.facilitator


def test_a_weekly_series_keeps_7pm_in_vancouver_across_the_dst_change(
    world: World, planner: Any
) -> None:
    # Clocks go back on Sunday 1 November 2026 in Vancouver: 7 pm is 02:00 UTC before,
    # 03:00 UTC after.
    gatherings = _schedule(
        world.community,
        planner,
        starts_at=dt.datetime(2026, 10, 21, 19, 0),
        timezone_name="America/Vancouver",
        recurrence="FREQ=WEEKLY;COUNT=4",
    )
    cal = _parse(ics.calendar(gatherings))
    starts = sorted(e.decoded("dtstart").astimezone(UTC) for e in cal.walk("VEVENT"))
    assert starts == [
        dt.datetime(2026, 10, 22, 2, 0, tzinfo=UTC),
        dt.datetime(2026, 10, 29, 2, 0, tzinfo=UTC),
        dt.datetime(2026, 11, 5, 3, 0, tzinfo=UTC),
        dt.datetime(2026, 11, 12, 3, 0, tzinfo=UTC),
    ]
    # The calendar carries the zone's rules, so apps place it right without guessing.
    [zone] = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "America/Vancouver"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    [first] = [e for e in cal.walk("VEVENT") if e.decoded("dtstart").day == 21]
    assert first["DTSTART"].params["TZID"] == "America/Vancouver"


def test_monthly_on_the_second_wednesday_in_paris_eight_times(world: World, planner: Any) -> None:
    program = ProgramFactory(timezone="Europe/Paris", ends_on=dt.date(2027, 12, 31))
    community = CommunityFactory(program=program)
    make_member(community, planner, "facilitator")
    gatherings = _schedule(
        community,
        planner,
        starts_at=dt.datetime(2026, 9, 9, 18, 30),
        recurrence="FREQ=MONTHLY;BYDAY=2WE;COUNT=8",
    )
    assert {g.timezone for g in gatherings} == {"Europe/Paris"}
    cal = _parse(ics.calendar(gatherings))
    window = recurring_ical_events.of(cal).between(dt.date(2026, 9, 1), dt.date(2027, 6, 1))
    local = sorted(e.decoded("dtstart") for e in window)
    assert len(local) == 8
    assert all(d.weekday() == 2 and 8 <= d.day <= 14 for d in local)  # the second Wednesday
    assert {(d.hour, d.minute) for d in local} == {(18, 30)}
    utc = {d.astimezone(UTC).hour for d in local}
    assert utc == {16, 17}  # CEST (UTC+2) in September and October, CET (UTC+1) after


def test_uids_stay_and_sequence_rises_when_one_occurrence_moves(world: World, planner: Any) -> None:
    gatherings = _schedule(
        world.community,
        planner,
        starts_at=dt.datetime(2027, 1, 6, 19, 0),
        timezone_name="America/Vancouver",
        recurrence="FREQ=WEEKLY;COUNT=3",
    )
    before = {e["UID"]: e for e in _parse(ics.calendar(gatherings)).walk("VEVENT")}
    moved = scheduling.check_update_gathering(
        actor=planner,
        gathering=gatherings[1],
        changes={"starts_at": dt.datetime(2027, 1, 14, 18, 0), "location": "The park"},
    )
    after_all = Gathering.objects.filter(series=moved.series).order_by("starts_at")
    after = {e["UID"]: e for e in _parse(ics.calendar(after_all)).walk("VEVENT")}
    assert set(before) == set(after)
    changed = after[moved.uid]
    assert changed["SEQUENCE"] == 1 and str(changed["LOCATION"]) == "The park"
    assert changed.decoded("dtstart") == dt.datetime(
        2027, 1, 14, 18, 0, tzinfo=ZoneInfo("America/Vancouver")
    )
    others = [after[u] for u in after if u != moved.uid]
    assert [e["SEQUENCE"] for e in others] == [0, 0]


def test_a_cancellation_is_a_cancel_with_the_same_uid(world: World, planner: Any) -> None:
    [gathering] = _schedule(world.community, planner, starts_at=dt.datetime(2027, 2, 3, 19, 0))
    scheduling.do_cancel(actor=planner, gathering=gathering)
    cal = _parse(ics.calendar([gathering], method="CANCEL"))
    assert cal["METHOD"] == "CANCEL"
    [event] = cal.walk("VEVENT")
    assert (event["UID"], event["STATUS"], event["SEQUENCE"]) == (gathering.uid, "CANCELLED", 1)
    feed = _parse(ics.calendar(Gathering.objects.filter(pk=gathering.pk)))
    assert "METHOD" not in feed
    assert [str(e["STATUS"]) for e in feed.walk("VEVENT")] == ["CANCELLED"]


def test_an_open_ended_rule_stops_at_the_end_of_the_program(world: World, planner: Any) -> None:
    world.program.ends_on = dt.date(2027, 3, 31)
    world.program.save()
    gatherings = _schedule(
        world.community,
        planner,
        starts_at=dt.datetime(2027, 1, 5, 19, 0),
        recurrence="FREQ=MONTHLY",
    )
    assert [g.local_start.month for g in gatherings] == [1, 2, 3]
