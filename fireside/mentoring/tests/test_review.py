"""Connections that can be trusted (issue 20, part 4): a connection one partner logs counts
once the other confirms it, or 7 days after it was logged unless disputed; a disputed one
counts only when a facilitator of the group settles it so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.certificates.actions import check_issue_certificate
from fireside.demo.factories import make_member
from fireside.hours.ledger import ledger_for, program_hours
from fireside.lib.errors import ActionError, Conflict, InvalidInput, NotAllowed, NotFoundError
from fireside.mentoring import connections, review
from fireside.mentoring.models import Connection, Pairing, Review
from fireside.mentoring.tests.factories import make_pairing, make_reflection
from fireside.notifications.models import Notification

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def _pair(world: World) -> Any:
    return make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 1)
    )


def _log(world: World, pairing: Any, day: int, minutes: int = 60, user: Any = None) -> Connection:
    return connections.check_log_connection(
        user=user or world.member,
        pairing=pairing,
        happened_on=dt.date(2026, 11, day),
        minutes=minutes,
        format="walk",
    )


def _hours(world: World, user: Any = None) -> int:
    return ledger_for(user or world.member, world.program).tally.connections


def test_it_refuses_the_forgery_until_the_partner_has_seen_it(
    world: World, time_machine: Any
) -> None:
    """The issue's 251 hours: one partner logging many long connections cannot raise the
    certificate's hours until the other confirms them or 7 days pass without a dispute."""
    pairing = _pair(world)
    make_reflection(world.program, world.member, dt.date(2026, 11, 1))
    before = check_issue_certificate(user=world.member, program=world.program).certificate
    longest = world.program.max_connection_minutes
    logged = [_log(world, pairing, day, longest) for day in range(1, 11)]
    after = check_issue_certificate(user=world.member, program=world.program).certificate
    assert after.total_hours == before.total_hours
    ledger = ledger_for(world.member, world.program)
    assert ledger.pending_minutes == 10 * longest and ledger.tally.connections == 0
    # The partner disputes one and confirms one; six days on, only the confirmed one counts.
    review.check_dispute_connection(user=world.facilitator, connection=logged[0], note="No.")
    review.check_confirm_connection(user=world.facilitator, connection=logged[1])
    time_machine.move_to(NOW + dt.timedelta(days=6, hours=23), tick=False)
    assert _hours(world) == longest
    # A week after they were logged, the undisputed ones count; the disputed one never does.
    time_machine.move_to(NOW + dt.timedelta(days=7), tick=False)
    assert _hours(world) == 9 * longest
    assert program_hours(world.program)[world.member.pk].tally.connections == 9 * longest
    issued = check_issue_certificate(user=world.member, program=world.program).certificate
    assert issued.total_hours == before.total_hours + Decimal(9 * longest) / 60
    with pytest.raises(NotAllowed):  # a facilitator in the pair does not settle their own
        review.check_settle_connection(actor=world.facilitator, connection=logged[0], counts=True)
    assert _hours(world) == 9 * longest


def test_a_disputed_connection_counts_only_as_a_facilitator_settles_it(
    world: World, time_machine: Any
) -> None:
    pairing = make_pairing(world.community, world.member, world.outsider)
    world.outsider.memberships.update(community=world.community)
    c = _log(world, pairing, 17)
    review.check_dispute_connection(user=world.outsider, connection=c, note="We never met.")
    time_machine.move_to(NOW + dt.timedelta(days=30), tick=False)
    assert _hours(world) == 0
    assert ledger_for(world.member, world.program).pending[0].review == Review.DISPUTED
    with pytest.raises(NotAllowed):  # a member of the pair cannot settle it
        review.check_settle_connection(actor=world.member, connection=c, counts=True)
    review.check_settle_connection(actor=world.facilitator, connection=c, counts=False)
    assert _hours(world) == 0
    assert ledger_for(world.member, world.program).pending[0].review == Review.SETTLED_NOT
    with pytest.raises(Conflict):
        review.check_settle_connection(actor=world.facilitator, connection=c, counts=True)
    c2 = _log(world, pairing, 18)
    review.check_dispute_connection(user=world.outsider, connection=c2)
    review.check_settle_connection(actor=world.facilitator, connection=c2, counts=True)
    assert _hours(world) == 60
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"mentoring.dispute_connection", "mentoring.settle_connection"} <= verbs
    assert "We never met" not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_only_the_partner_reviews_and_only_once(world: World) -> None:
    pairing = _pair(world)
    c = _log(world, pairing, 17)
    with pytest.raises(NotAllowed):
        review.check_confirm_connection(user=world.member, connection=c)
    with pytest.raises(NotFoundError):
        review.check_confirm_connection(user=world.outsider, connection=c)
    with pytest.raises(InvalidInput, match="limit is 500"):
        review.check_dispute_connection(user=world.facilitator, connection=c, note="x" * 501)
    review.check_confirm_connection(user=world.facilitator, connection=c)
    with pytest.raises(Conflict):
        review.check_confirm_connection(user=world.facilitator, connection=c)
    with pytest.raises(Conflict):
        review.check_dispute_connection(user=world.facilitator, connection=c)
    with pytest.raises(NotFoundError):  # never disputed: not the facilitator's to see
        review.check_settle_connection(actor=world.coordinator, connection=c, counts=True)
    with pytest.raises(InvalidInput):
        review.check_settle_connection(actor=world.facilitator, connection=c, counts="yes")


def test_the_partner_is_notified_without_the_note(world: World) -> None:
    pairing = _pair(world)
    connections.check_log_connection(
        user=world.member,
        pairing=pairing,
        happened_on=dt.date(2026, 11, 17),
        minutes=30,
        format="coffee",
        note="PRIVATE-NOTE",
    )
    (note,) = Notification.objects.all()
    assert note.user == world.facilitator and note.kind == "connection"
    assert "17 November" in note.text and "PRIVATE" not in note.text


# --- The rules, over any sequence of what people do ------------------------------------------

STEP = st.one_of(
    st.tuples(st.just("log"), st.integers(0, 1), st.integers(1, 20), st.integers(-5, 400)),
    st.tuples(st.just("confirm"), st.integers(0, 1), st.integers(0, 9)),
    st.tuples(st.just("dispute"), st.integers(0, 1), st.integers(0, 9)),
    st.tuples(st.just("settle"), st.booleans(), st.integers(0, 9)),
    st.tuples(st.just("wait"), st.integers(0, 200)),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, max_size=14))
def test_counted_hours_are_those_seen_by_both(
    world: World, time_machine: Any, steps: list[tuple[Any, ...]]
) -> None:
    Pairing.objects.all().delete()  # each example starts afresh, within the one test
    settler = make_member(world.community, None, "facilitator")
    now = NOW
    time_machine.move_to(now, tick=False)
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 1)
    )
    people = (world.member, world.facilitator)
    longest = world.program.max_connection_minutes
    for step in steps:
        rows = list(Connection.objects.order_by("pk"))
        try:
            if step[0] == "log":
                _log(world, pairing, step[2], step[3], user=people[step[1]])
            elif step[0] == "wait":
                now += dt.timedelta(hours=step[1])
                time_machine.move_to(now, tick=False)
            elif rows and step[0] == "confirm":
                review.check_confirm_connection(
                    user=people[step[1]], connection=rows[step[2] % len(rows)]
                )
            elif rows and step[0] == "dispute":
                review.check_dispute_connection(
                    user=people[step[1]], connection=rows[step[2] % len(rows)]
                )
            elif rows and step[0] == "settle":
                review.check_settle_connection(
                    actor=settler,
                    connection=rows[step[2] % len(rows)],
                    counts=step[1],
                )
        except ActionError:
            pass
        rows = list(Connection.objects.all())
        seen = now - dt.timedelta(days=7)
        expected = sum(
            c.minutes
            for c in rows
            if c.confirmed_at
            or (c.settled_at and c.settled_counts)
            or (not c.disputed_at and c.created_at <= seen)
        )
        for person in people:
            assert ledger_for(person, world.program).tally.connections == expected
        assert sum(c.minutes for c in Connection.objects.counting(now)) == expected
        assert all(c.counts(now) == (c in set(Connection.objects.counting(now))) for c in rows)
        assert all(c.happened_on <= now.date() and 1 <= c.minutes <= longest for c in rows)
        assert len({c.happened_on for c in rows}) == len(rows)
        assert all(c.confirmed_by_id != c.logged_by_id for c in rows if c.confirmed_at)
