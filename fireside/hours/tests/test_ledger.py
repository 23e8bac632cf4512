"""The ledger's arithmetic and rules: exact decimals, corrections, edits, removals, leaving."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.certificates.tests.factories import attend, past_gathering
from fireside.communities.actions import check_leave
from fireside.demo.factories import CommunityFactory, make_member
from fireside.gatherings.actions import check_record_attendance
from fireside.hours.ledger import Period, Tally, hours, ledger_for, program_hours
from fireside.lib.errors import Unprocessable
from fireside.mentoring.actions import check_edit_reflection, check_write_reflection
from fireside.mentoring.connections import check_log_connection, do_remove_connection
from fireside.mentoring.review import check_confirm_connection
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def at(day: int, month: int = 11, hour: int = 2) -> dt.datetime:
    """A moment in UTC (02:00 UTC is the evening before in Vancouver)."""
    return dt.datetime(2026, month, day, hour, 0, tzinfo=dt.UTC)


@given(st.integers(min_value=0, max_value=10**7))
def test_hours_are_minutes_rounded_half_up_to_two_places(minutes: int) -> None:
    exact = Decimal(minutes) / 60
    value = hours(minutes)
    assert value.as_tuple().exponent == -2
    assert abs(value - exact) <= Decimal("0.005")
    # Half up, by integer arithmetic: hundredths of an hour are 0.6 minutes.
    assert value == Decimal((minutes * 100 + 30) // 60) / 100


def test_it_counts_each_source_in_exact_decimals(world: World) -> None:
    program = world.program
    first = past_gathering(world.community, at(4))
    attend(first, world.member, 90)
    attend(world.gathering, world.member, 50)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.facilitator, minutes=20, happened_on=dt.date(2026, 11, 12))
    make_reflection(program, world.member, dt.date(2026, 11, 1))

    ledger = ledger_for(world.member, program)

    assert ledger.tally == Tally(gatherings=140, connections=20, reflections=30)
    assert ledger.tally.by_source() == {
        "gatherings": Decimal("2.33"),
        "connections": Decimal("0.33"),
        "reflections": Decimal("0.50"),
        "online_conversations": Decimal("0.00"),
        "preparation": Decimal("0.00"),
    }
    # The total comes from its minutes (190 → 3.17), not from the rounded parts (3.16).
    assert ledger.total_hours == Decimal("3.17")
    assert all(v.as_tuple().exponent == -2 for v in ledger.by_month().values())
    assert ledger.counts == {
        "gatherings": 2,
        "connections": 1,
        "reflections": 1,
        "online_conversations": 0,
        "preparation": 0,
    }
    # 4 November 02:00 UTC is the evening of 3 November in Vancouver: still November. Mina
    # joined this month, so the months start here.
    assert ledger.by_month() == {"2026-11": Decimal("3.17")}
    assert [e.source for e in ledger.entries] == [
        "gatherings",  # 18 November
        "connections",  # 12 November
        "gatherings",  # 3 November
        "reflections",  # November
    ]


def test_months_are_the_programs_own(world: World) -> None:
    # 1 November, 04:00 UTC is 31 October, 21:00 in Vancouver.
    attend(past_gathering(world.community, at(1, hour=4)), world.member, 60)
    attend(past_gathering(world.community, at(1, hour=9)), world.member, 30)
    ledger = ledger_for(world.member, world.program)
    assert ledger.by_month()["2026-10"] == Decimal("1.00")
    assert ledger.by_month()["2026-11"] == Decimal("0.50")
    people = program_hours(world.program)
    assert people[world.member.pk].hours_in(dt.date(2026, 10, 1)) == Decimal("1.00")


def test_a_correction_updates_the_ledger_and_keeps_its_history(world: World) -> None:
    g = world.gathering
    check_record_attendance(
        actor=world.facilitator,
        gathering=g,
        rows=[{"user_id": world.member.pk, "present": True, "minutes": 90}],
    )
    assert ledger_for(world.member, world.program).tally.gatherings == 90
    assert not AuditEvent.objects.filter(verb="gatherings.attendance_corrected").exists()

    check_record_attendance(
        actor=world.facilitator,
        gathering=g,
        rows=[
            {"user_id": world.member.pk, "present": True, "minutes": 60},
            {"user_id": world.facilitator.pk, "present": True, "minutes": 60},
        ],
    )
    ledger = ledger_for(world.member, world.program)
    assert ledger.tally.gatherings == 60 and ledger.total_hours == Decimal("1.00")
    (correction,) = ledger.corrections
    assert (correction.was_minutes, correction.now_minutes) == (90, 60)
    assert correction.by == "Fay Facilitator" and correction.gathering == g.title
    # The facilitator's own row was added, not corrected: a correction to them too.
    assert [c.now_minutes for c in ledger_for(world.facilitator, world.program).corrections] == [60]

    check_record_attendance(
        actor=world.facilitator,
        gathering=g,
        rows=[{"user_id": world.member.pk, "present": False}],
    )
    ledger = ledger_for(world.member, world.program)
    assert ledger.is_empty and ledger.total_hours == Decimal("0.00")
    assert [(c.was_minutes, c.now_minutes) for c in ledger.corrections] == [(60, 0), (90, 60)]


def test_editing_a_reflection_never_counts_it_twice(world: World) -> None:
    reflection = check_write_reflection(
        author=world.member, program=world.program, month=dt.date(2026, 11, 1), body="First go."
    )
    for body in ("Second go.", "Third go, with an excerpt."):
        check_edit_reflection(
            author=world.member, reflection=reflection, body=body, shareable_excerpt="Shared"
        )
    ledger = ledger_for(world.member, world.program)
    assert ledger.counts["reflections"] == 1
    assert ledger.tally.reflections == 30 and ledger.total_hours == Decimal("0.50")
    assert program_hours(world.program)[world.member.pk].tally.reflections == 30


def test_the_credit_follows_the_programs_setting(world: World) -> None:
    make_reflection(world.program, world.member, dt.date(2026, 10, 1))
    make_reflection(world.program, world.member, dt.date(2026, 11, 1))
    world.program.reflection_credit_minutes = 45
    world.program.save()
    assert ledger_for(world.member, world.program).tally.reflection_hours == Decimal("1.50")


def test_both_people_of_a_pair_are_credited_until_a_connection_is_removed(world: World) -> None:
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 2)
    )
    kept = check_log_connection(
        user=world.member,
        pairing=pairing,
        happened_on=dt.date(2026, 11, 10),
        minutes=40,
        format="walk",
    )
    mistake = check_log_connection(
        user=world.facilitator,
        pairing=pairing,
        happened_on=dt.date(2026, 11, 11),
        minutes=25,
        format="phone",
    )
    for person in (world.member, world.facilitator):  # pending until the partner confirms
        ledger = ledger_for(person, world.program)
        assert (ledger.tally.connections, ledger.pending_minutes) == (0, 65)
    check_confirm_connection(user=world.facilitator, connection=kept)
    check_confirm_connection(user=world.member, connection=mistake)
    for person in (world.member, world.facilitator):
        assert ledger_for(person, world.program).tally.connections == 65
    do_remove_connection(user=world.facilitator, connection=mistake)
    for person in (world.member, world.facilitator):
        ledger = ledger_for(person, world.program)
        assert ledger.tally.connections == 40 and ledger.counts["connections"] == 1
        assert program_hours(world.program)[person.pk].tally.connections == 40
    entry = next(e for e in ledger_for(world.member, world.program).entries)
    assert entry.title == "A walk with Fay Facilitator"
    assert entry.url == f"/mentoring/pairs/{pairing.pk}/"
    assert kept.pk


def test_a_member_who_left_keeps_the_hours_earned_while_a_member(
    world: World, time_machine: Any
) -> None:
    earlier = past_gathering(world.community, at(4))
    attend(earlier, world.member, 90)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.member, minutes=30)
    make_reflection(world.program, world.member, dt.date(2026, 11, 1))
    before = ledger_for(world.member, world.program)

    check_leave(user=world.member, community=world.community)
    later = past_gathering(world.community, NOW + dt.timedelta(hours=1))
    time_machine.move_to(NOW + dt.timedelta(hours=2), tick=False)
    with pytest.raises(Unprocessable):  # a gathering after they left cannot list them
        check_record_attendance(
            actor=world.facilitator,
            gathering=later,
            rows=[{"user_id": world.member.pk, "present": True}],
        )

    after = ledger_for(world.member, world.program)
    assert after.tally == before.tally and after.total_hours == Decimal("2.50")
    # The group's pages are closed to them now, so the entries stop linking there.
    assert {e.source: bool(e.url) for e in after.entries} == {
        "gatherings": False,
        "connections": False,
        "reflections": True,
    }
    person = program_hours(world.program)[world.member.pk]
    assert not person.active and person.tally.hours == Decimal("2.50")


def test_a_whole_program_agrees_with_each_ledger(world: World) -> None:
    other = CommunityFactory(program=world.program, name="Third circle")
    people = [world.member, world.facilitator, world.outsider, make_member(other)]
    groups = [world.community, world.community, world.other_community, other]
    for i, (person, community) in enumerate(zip(people, groups, strict=True)):
        for day in (3, 10, 17):
            attend(past_gathering(community, at(day, 10 if i % 2 else 11)), person, 37 + i)
        make_reflection(world.program, person, dt.date(2026, 10, 1))
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.member, minutes=17, happened_on=dt.date(2026, 11, 12))
    make_connection(pairing, world.facilitator, minutes=29, happened_on=dt.date(2026, 11, 13))

    everyone = program_hours(world.program)
    assert set(everyone) == {p.pk for p in people}  # not the waitlisted: they never began
    for person in people:
        ledger = ledger_for(person, world.program)
        summed = everyone[person.pk]
        assert summed.tally == ledger.tally
        assert summed.counts == ledger.counts
        for month in ledger.months:
            assert summed.hours_in(month.month) == month.hours


def test_a_period_counts_what_falls_in_it(world: World) -> None:
    attend(past_gathering(world.community, at(20, 10, hour=18)), world.member, 60)
    attend(past_gathering(world.community, at(3, 11, hour=18)), world.member, 60)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.member, minutes=30, happened_on=dt.date(2026, 10, 31))
    make_reflection(world.program, world.member, dt.date(2026, 10, 1))
    make_reflection(world.program, world.member, dt.date(2026, 11, 1))

    november = program_hours(world.program, Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30)))
    assert november[world.member.pk].tally == Tally(60, 0, 30)
    october = program_hours(world.program, Period(dt.date(2026, 10, 15), dt.date(2026, 10, 31)))
    # A reflection counts in a period that overlaps its month.
    assert october[world.member.pk].tally == Tally(60, 30, 30)
    with pytest.raises(ValueError, match="ends on or after"):
        Period(dt.date(2026, 11, 2), dt.date(2026, 11, 1))
