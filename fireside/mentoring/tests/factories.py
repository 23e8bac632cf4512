"""Pairs, connections and reflections for tests, made directly (no emails, no checks)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from fireside.mentoring.models import (
    CatchUp,
    Connection,
    PairGoal,
    Pairing,
    PairMember,
    Reflection,
    prompt_for,
)

if TYPE_CHECKING:  # the leak test's module imports this one
    from fireside.lib.tests.leaks import Seeded


def make_pairing(community: Any, *users: Any, starts_on: dt.date | None = None) -> Pairing:
    pairing = Pairing.objects.create(
        community=community,
        starts_on=starts_on or timezone.localdate() - dt.timedelta(days=7),
    )
    for user in users:
        PairMember.objects.create(pairing=pairing, user=user, community=community)
    return pairing


def make_connection(pairing: Pairing, user: Any, **fields: Any) -> Connection:
    if "happened_on" not in fields:  # one a day per pair: the next free day from the start
        taken = set(
            Connection.objects.filter(pairing=pairing).values_list("happened_on", flat=True)
        )
        day = pairing.starts_on
        while day in taken:
            day += dt.timedelta(days=1)
        fields["happened_on"] = day
    fields.setdefault("minutes", 30)
    fields.setdefault("format", "coffee")
    # Counting, as every connection did before partners reviewed them; a test of the review
    # passes confirmed_at=None for one still waiting.
    fields.setdefault("confirmed_at", timezone.now())
    return Connection.objects.create(pairing=pairing, logged_by=user, **fields)


def make_reflection(
    program: Any, author: Any, month: dt.date | None = None, **fields: Any
) -> Reflection:
    month = month or program.starts_on.replace(day=1)
    fields.setdefault("body", "A quiet month.")
    return Reflection.objects.create(
        program=program, author=author, month=month, prompt=prompt_for(month), **fields
    )


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def guard_values(world: Any) -> dict[str, Any]:
    """Mina and Fay are a pair (since a week); Mina logged a connection (Fay has not yet
    reviewed it) and wrote a reflection for the program's first month."""
    from fireside.mentoring.actions import today_for
    from fireside.mentoring.reflecting import stop_token

    today = today_for(None, world.program)
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=today - dt.timedelta(days=7)
    )
    # Their next catch-up is tomorrow, and they keep one goal.
    CatchUp.objects.create(
        pairing=pairing,
        starts_at=timezone.now() + dt.timedelta(days=1),
        where="The library, room 2",
        created_by=world.member,
        changed_by=world.member,
    )
    goal = PairGoal.objects.create(pairing=pairing, text="Guarded goal", created_by=world.member)
    return {
        "pairing_id": pairing.pk,
        "goal_id": goal.pk,
        "connection_id": make_connection(pairing, world.member, confirmed_at=None).pk,
        "reflection_id": make_reflection(world.program, world.member).pk,
        "stop_token": stop_token(world.member.pk),  # Mina's "stop the reminders" link
        "disputed_id": guard_disputed(world).pk,
    }


def guard_disputed(world: Any) -> Connection:
    """A connection one of two other members of the group logged and the other disputed, in
    a pair since ended by their leaving: Fay, the group's facilitator, settles it."""
    from fireside.lib.factories import make_member

    ann, bo = make_member(world.community), make_member(world.community)
    pairing = make_pairing(world.community, ann, bo)
    # Ended, and both have left the group since (a dispute outlives its pair): no other
    # test meets them among the group's members or open pairs.
    from fireside.communities.models import Membership

    today = timezone.localdate()
    Pairing.objects.filter(pk=pairing.pk).update(ended_on=today)
    PairMember.objects.filter(pairing=pairing).update(ended_on=today)
    Membership.objects.filter(user__in=[ann, bo], community=world.community).update(
        status=Membership.Status.LEFT
    )
    return make_connection(
        pairing,
        ann,
        confirmed_at=None,
        disputed_at=timezone.now(),
        disputed_by=bo,
        dispute_note="We did not meet that day.",
    )


def guard_dispute_body(world: Any) -> dict[str, Any]:
    return {"note": "It was another day."}


def guard_settle_body(world: Any) -> dict[str, Any]:
    return {"counts": True}


def guard_pair_body(world: Any) -> dict[str, Any]:
    """Two new members of the group, not yet paired."""
    from fireside.lib.factories import make_member

    return {"user_ids": [make_member(world.community).pk, make_member(world.community).pk]}


def guard_connection_body(world: Any) -> dict[str, Any]:
    from fireside.mentoring.actions import today_for

    yesterday = today_for(None, world.program) - dt.timedelta(days=1)
    return {"date": yesterday.isoformat(), "minutes": 30, "format": "coffee"}


def guard_catch_up_body(world: Any) -> dict[str, Any]:
    """The day after tomorrow at 10:00, in the person's own zone."""
    from fireside.mentoring.actions import today_for

    day = today_for(None, world.program) + dt.timedelta(days=2)
    return {"starts_at": f"{day.isoformat()}T10:00", "minutes": 30, "where": "A walk"}


def guard_goal_body(world: Any) -> dict[str, Any]:
    return {"text": "Read one article together"}


def guard_goal_patch(world: Any) -> dict[str, Any]:
    return {"done": True}


def guard_reflection_body(world: Any) -> dict[str, Any]:
    """This month, or the program's last once it has ended; never the guard's own month."""
    from fireside.mentoring.actions import reflection_months

    return {"month": reflection_months(world.program, None)[1].strftime("%Y-%m"), "body": "Hi"}


# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """Mina and Fay, a pair, each log a connection with a private note (Fay disputes
    Mina's, with a note of her own); the facilitator's
    view of the pair holds its matching reasons; Mina writes this month's reflection with
    an excerpt she consents to share, while the program keeps reflections private. Then the
    program shares reflections with its coordinators, and Otto (in a sibling group) writes
    his: the coordinators read his, never Mina's, written under the earlier policy."""
    from fireside.lib.tests.leaks import Seeded
    from fireside.mentoring import actions

    s = Seeded()
    today = actions.today_for(None, world.program)
    pairing = Pairing.objects.open().filter(community=world.community, people=world.member).first()
    if pairing is None:
        pairing = make_pairing(
            world.community, world.member, world.facilitator, starts_on=today - dt.timedelta(days=7)
        )
    Pairing.objects.filter(pk=pairing.pk).update(reasons=[s.add("mentoring.pair_reason")])
    # One connection a day per pair: Mina logs today's, Fay yesterday's.
    pair_logs = ((world.member, "connection_note", 0), (world.facilitator, "partner_note", 1))
    for who, key, days_ago in pair_logs:
        actions.check_log_connection(
            user=who,
            pairing=pairing,
            happened_on=today - dt.timedelta(days=days_ago),
            minutes=25,
            format="walk",
            note=s.add(f"mentoring.{key}"),
        )
    # Fay says Mina's connection of today did not happen: the pair and the group's
    # facilitators read why; nobody else (coordinators, mentors, staff, other members).
    from fireside.mentoring import review

    review.check_dispute_connection(
        user=world.facilitator,
        connection=Connection.objects.get(pairing=pairing, happened_on=today),
        note=s.add("mentoring.dispute_note"),
    )
    reflection = actions.check_write_reflection(
        author=world.member,
        program=world.program,
        month=actions.reflection_months(world.program, world.member)[1],
        body=s.add("mentoring.reflection_body"),
        anything_else=s.add("mentoring.reflection_anything_else"),
        shareable_excerpt=s.add("mentoring.reflection_excerpt"),
    )
    from fireside.mentoring.reflecting import check_set_policy
    from fireside.programs.models import ReflectionPolicy

    check_set_policy(actor=world.coordinator, program=world.program, policy=ReflectionPolicy.SHARED)
    actions.check_write_reflection(
        author=world.outsider,
        program=world.program,
        month=actions.reflection_months(world.program, world.outsider)[1],
        body=s.add("mentoring.shared_reflection_body"),
        anything_else=s.add("mentoring.shared_reflection_anything_else"),
    )
    # Their space: a goal and where they meet next, for the two of them only.
    from fireside.mentoring import pair_space

    goal = pair_space.check_add_goal(
        user=world.member, pairing=pairing, text=s.add("mentoring.pair_goal")
    )
    day = today + dt.timedelta(days=3)
    pair_space.check_set_catch_up(
        user=world.facilitator,
        pairing=pairing,
        starts_at=dt.datetime.combine(day, dt.time(10, 0)),
        where=s.add("mentoring.catch_up_where"),
    )
    s.paths = {"pairing_id": pairing.pk, "reflection_id": reflection.pk, "goal_id": goal.pk}
    return s
