"""A group's hours are what its people did in it; a program's are everything they did."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import World
from fireside.communities.models import Membership
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.gatherings.models import Attendance
from fireside.hours.models import TimeEntry
from fireside.hours.totals import group_hours, program_hours
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db

UTC = dt.UTC
OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


@pytest.fixture
def december(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 12, 7, 20, 0, tzinfo=UTC), tick=False)


def _attend(community: Any, user: Any, minutes: int, day: int = 10) -> Any:
    gathering = GatheringFactory(
        community=community, starts_at=dt.datetime(2026, 10, day, 18, 0, tzinfo=UTC)
    )
    Attendance.objects.create(gathering=gathering, user=user, present=True, minutes=minutes)
    return gathering


def test_a_group_counts_what_its_people_did_in_it(world: World, december: None) -> None:
    program, group, other = world.program, world.community, world.other_community
    mina, fay, otto = world.member, world.facilitator, world.outsider
    Membership.objects.filter(user=mina).update(joined_on=dt.date(2026, 9, 1))
    Membership.objects.filter(user=fay).update(joined_on=dt.date(2026, 11, 15))
    Membership.objects.filter(user=otto).update(joined_on=dt.date(2026, 9, 1))

    ours = _attend(group, mina, 60)
    _attend(other, mina, 45, day=12)  # Mina visits the other group: its gathering, not ours
    guest = UserFactory()
    Attendance.objects.create(gathering=ours, user=guest, present=True, minutes=60)
    make_connection(make_pairing(group, mina, fay), mina, minutes=30, happened_on=OCT)
    make_connection(make_pairing(other, otto, mina), otto, minutes=25, happened_on=OCT)
    make_reflection(program, mina, month=OCT)
    make_reflection(program, fay, month=OCT)  # before Fay's seat: not the group's
    make_reflection(program, fay, month=NOV)
    make_reflection(program, otto, month=OCT)
    TimeEntry.objects.create(
        kind="online_conversations",
        user=mina,
        program=program,
        community=group,
        month=OCT,
        minutes=20,
    )
    TimeEntry.objects.create(
        kind="online_conversations",
        user=otto,
        program=program,
        community=other,
        month=OCT,
        minutes=20,
    )
    TimeEntry.objects.create(
        kind="preparation",
        user=fay,
        program=program,
        community=group,
        gathering=ours,
        month=OCT,
        minutes=15,
    )
    credit = program.reflection_credit_minutes

    people = group_hours(group)
    assert set(people) == {mina.pk, fay.pk}  # never the guest, never Otto
    assert people[mina.pk].tally.gatherings == 60
    assert people[mina.pk].tally.connections == 30  # not the other group's pair
    assert people[mina.pk].tally.reflections == credit
    assert people[mina.pk].tally.online_conversations == 20
    assert people[fay.pk].tally.connections == 30
    assert people[fay.pk].tally.reflections == credit  # November's only
    assert people[fay.pk].tally.preparation == 15
    assert people[mina.pk].months[OCT].minutes == 60 + 30 + credit + 20

    everything = program_hours(program)
    assert everything[mina.pk].tally.gatherings == 105  # both groups' gatherings
    assert everything[mina.pk].tally.connections == 55
    assert everything[fay.pk].tally.reflections == 2 * credit

    others = group_hours(other)
    assert set(others) == {otto.pk}
    assert others[otto.pk].tally.connections == 25 and others[otto.pk].tally.reflections == credit


def test_a_group_takes_as_many_queries_for_12_people_as_for_3(
    world: World, december: None, django_assert_num_queries: Any
) -> None:
    for _n in range(10):
        person = make_member(world.community)
        _attend(world.community, person, 30)
        make_reflection(world.program, person, month=NOV)
    with django_assert_num_queries(5):
        assert len(group_hours(world.community)) == 12
    with django_assert_num_queries(5):
        assert len(group_hours(world.other_community)) == 1
