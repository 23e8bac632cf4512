"""Seats are never over-filled, under any concurrency: real threads, real connections.

Runs on whichever database the suite runs on (CI runs it on SQLite and PostgreSQL).
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.db import close_old_connections, connection

from fireside.communities import actions
from fireside.communities.models import Community, Membership
from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.lib.errors import ActionError, Conflict

pytestmark = pytest.mark.django_db(transaction=True)

JOINERS = 30


def _race(calls: list[Any]) -> list[Any]:
    """Run every call in its own thread with its own connection, all released together."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            results[i] = calls[i]()
        except ActionError as exc:
            results[i] = exc
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a join hung"
    return results


def _join(user: Any, community: Community) -> Any:
    return lambda: actions.check_join(user=user, community=community, agree_to_agreement=True)


def test_thirty_joins_fill_exactly_the_two_free_seats(mailoutbox: list[Any]) -> None:
    community = CommunityFactory(capacity=4)
    for _ in range(2):
        make_member(community)
    people = [UserFactory(role_type=community.audience) for _ in range(JOINERS)]

    results = _race([_join(p, community) for p in people])

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    statuses = Counter(m.status for m, _ in results)
    assert statuses == {"active": 2, "waitlisted": JOINERS - 2}
    assert Membership.objects.filter(community=community, status="active").count() == 4
    # Each person has exactly one place, and the waitlist positions each caller was told
    # are 1..28 with no gaps or repeats, matching the first-come order kept in the database.
    per_person = Counter(
        Membership.objects.filter(community=community).values_list("user_id", flat=True)
    )
    assert set(per_person.values()) == {1}
    told = sorted(pos for _, pos in results if pos is not None)
    assert told == list(range(1, JOINERS - 1))
    queue = list(actions.waitlist(community).values_list("user_id", flat=True))
    told_by_user = {m.user_id: pos for m, pos in results if pos is not None}
    assert [told_by_user[u] for u in queue] == list(range(1, JOINERS - 1))
    # Everyone got an email: a welcome or a waitlist place.
    subjects = Counter(m.subject.split(" ")[0] for m in mailoutbox)
    assert subjects == {"Welcome": 2, "You": JOINERS - 2}


def test_the_same_person_joining_many_times_at_once_gets_one_place() -> None:
    community = CommunityFactory(capacity=6)
    person = UserFactory(role_type=community.audience)

    results = _race([_join(person, community) for _ in range(10)])

    conflicts = [r for r in results if isinstance(r, Conflict)]
    joined = [r for r in results if isinstance(r, tuple)]
    assert len(joined) == 1 and len(conflicts) == 9, results
    assert Membership.objects.filter(community=community, user=person).count() == 1


def test_leaving_while_others_join_never_over_fills() -> None:
    community = CommunityFactory(capacity=3)
    members = [make_member(community) for _ in range(3)]
    joiners = [UserFactory(role_type=community.audience) for _ in range(12)]
    leave = [(lambda m=m: actions.check_leave(user=m, community=community)) for m in members[:2]]

    results = _race([_join(p, community) for p in joiners] + leave)

    assert [r for r in results if isinstance(r, Exception)] == []
    active = Membership.objects.filter(community=community, status="active").count()
    assert active == 3
    waiting = Membership.objects.filter(community=community, status="waitlisted").count()
    assert waiting == 12 - 2
