"""Pairs, connections and reflections for tests, made directly (no emails, no checks)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from fireside.mentoring.models import (
    CatchUp,
    Connection,
    MatchingAnswer,
    MatchingChoice,
    MatchingQuestion,
    PairGoal,
    Pairing,
    PairMember,
    PartnerRequest,
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


def members_choose(program: Any, scope: str = "group") -> None:
    program.partner_choice, program.partner_scope = "members", scope
    program.save(update_fields=["partner_choice", "partner_scope"])


def make_partner_request(
    sender: Any, recipient: Any, community: Any, **fields: Any
) -> PartnerRequest:
    return PartnerRequest.objects.create(
        from_user=sender,
        to_user=recipient,
        community=community,
        program=community.program,
        **fields,
    )


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def make_question(
    program: Any,
    text: str = "What do you most want to talk about?",
    labels: tuple[str, ...] = ("Outdoor play", "Infant care"),
    *,
    text_fr: str = "",
    labels_fr: tuple[str, ...] = (),
    rule: str = "same",
    kind: str = "single",
    weight: int = 3,
) -> MatchingQuestion:
    """A matching question with its choices, placed last in the program's list."""
    position = MatchingQuestion.objects.filter(program=program).count() + 1
    question = MatchingQuestion.objects.create(
        program=program,
        position=position,
        text_en=text,
        text_fr=text_fr,
        rule=rule,
        kind=kind,
        weight=weight,
    )
    for n, label in enumerate(labels, start=1):
        french = labels_fr[n - 1] if n <= len(labels_fr) else ""
        MatchingChoice.objects.create(
            question=question, position=n, label_en=label, label_fr=french
        )
    return question


def make_answer(user: Any, question: MatchingQuestion, *labels: str) -> MatchingAnswer:
    answer = MatchingAnswer.objects.create(user=user, question=question)
    answer.choices.set(question.choices.filter(label_en__in=labels))
    return answer


def guard_values(world: Any) -> dict[str, Any]:
    """Mina and Fay are a pair (since a week); Mina logged a connection (Fay has not yet
    reviewed it) and wrote a reflection for the program's first month."""
    from fireside.mentoring.actions import today_for
    from fireside.mentoring.reflecting import stop_token

    today = today_for(None, world.program)
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=today - dt.timedelta(days=7)
    )
    # Members choose their partners in the world's program; Mina asked Fay (before they
    # were paired): Fay answers it, Mina may withdraw it.
    members_choose(world.program)
    asked = make_partner_request(world.member, world.facilitator, world.community, note="Walk?")
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
        "request_id": asked.pk,
        "partner_request_id": asked.pk,
        "pairing_id": pairing.pk,
        "goal_id": goal.pk,
        "connection_id": make_connection(pairing, world.member, confirmed_at=None).pk,
        "reflection_id": make_reflection(world.program, world.member).pk,
        "stop_token": stop_token(world.member.pk),  # Mina's "stop the reminders" link
        "disputed_id": guard_disputed(world).pk,
        # A question of the world's program, which Mina (the member) answered.
        "question_id": make_answer(
            world.member, make_question(world.program), "Outdoor play"
        ).question_id,
    }


def guard_disputed(world: Any) -> Connection:
    """A connection one of two other members of the group logged and the other disputed, in
    a pair since ended by their leaving: Fay, the group's facilitator, settles it."""
    from fireside.demo.factories import make_member

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


def _end_open_pairs(world: Any) -> None:
    today = timezone.localdate()
    PairMember.objects.filter(ended_on__isnull=True).update(ended_on=today)
    Pairing.objects.filter(ended_on__isnull=True).update(ended_on=today)


def guard_partner_request_body(world: Any) -> dict[str, Any]:
    """Nobody in the program has a partner now, and a newcomer in the sibling group is
    in reach of everyone taking part (members choose across the program)."""
    from fireside.demo.factories import make_member

    members_choose(world.program, "program")
    _end_open_pairs(world)
    return {"to_user_id": make_member(world.other_community).pk, "note": "Coffee on Tuesdays?"}


def guard_free_body(world: Any) -> dict[str, Any]:
    """Mina and Fay's pair has ended, so Fay can accept Mina's request."""
    _end_open_pairs(world)
    return {}


def guard_pair_body(world: Any) -> dict[str, Any]:
    """Two new members of the group, not yet paired."""
    from fireside.demo.factories import make_member

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
    from fireside.mentoring import actions, connections

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
        connections.check_log_connection(
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
    from fireside.mentoring.tests.pair_message_factories import seed_messages

    seed_messages(world, s, pairing)
    # Otto, in the sibling group, asks Mina to be his partner (members choose across the
    # program): the two of them read his note; nobody else, facilitators included.
    from fireside.mentoring.partner_requests import _tell_recipient

    members_choose(world.program, "program")
    asked = make_partner_request(
        world.outsider,
        world.member,
        world.other_community,
        note=s.add("mentoring.partner_request_note"),
    )
    _tell_recipient(asked)
    s.paths = {
        "pairing_id": pairing.pk,
        "reflection_id": reflection.pk,
        "request_id": asked.pk,
        "partner_request_id": asked.pk,
    }
    # Mina answers a matching question under a choice whose label holds a marker: the
    # question is the program's (its participants and coordinators read it); the answer is
    # hers, and the suggestions only ever turn it into a reason for the facilitator.
    from fireside.mentoring import questionnaire

    question = make_question(
        world.program, "Which age group?", (s.add("mentoring.matching_choice"), "Toddlers")
    )
    questionnaire.check_answer(
        user=world.member,
        program=world.program,
        answers={question.pk: [question.choices.order_by("position")[0].pk]},
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
    s.paths["goal_id"] = goal.pk
    return s
