"""Pairing, connections, nudges and reflections through the actions: the rules, the
refusals (nothing written), the history and the emails."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.communities.models import Membership, Mode
from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable
from fireside.mentoring import actions, connections, nudges, personal_data
from fireside.mentoring.models import Connection, Pairing, PairMember, Reflection
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection
from fireside.mentoring.tests.grids import EVERY_DAY, WEEKDAYS, WEEKEND, grid

pytestmark = pytest.mark.django_db

NOV = dt.date(2026, 11, 1)


@pytest.fixture
def now(time_machine: Any) -> dt.date:
    """Mid-November 2026, noon in Vancouver (the program's time zone)."""
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)
    return dt.date(2026, 11, 18)


def nothing_written() -> None:
    assert not Pairing.objects.exists()
    assert not PairMember.objects.exists()


# --- Pairing ------------------------------------------------------------------------------


def test_a_facilitator_pairs_two_members_and_they_are_told(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pairing = actions.check_create_pairing(
            actor=world.facilitator,
            community=world.community,
            user_ids=[world.member.pk, world.facilitator.pk],
        )
    assert sorted(pairing.user_ids()) == sorted([world.member.pk, world.facilitator.pk])
    assert pairing.starts_on == actions.today_for(None, world.program)  # in Vancouver
    assert pairing.reasons  # why, in words, kept with the pair
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.member.email, world.facilitator.email]
    )
    assert "Fay Facilitator" in mailoutbox[0].subject + mailoutbox[1].subject
    assert f"/mentoring/pairs/{pairing.pk}/" in mailoutbox[0].body
    assert AuditEvent.objects.filter(verb="mentoring.pair").count() == 1


@pytest.mark.parametrize(
    ("ids", "error", "message"),
    [
        (lambda w: [w.member.pk, w.member.pk], InvalidInput, "cannot be paired with themselves"),
        (lambda w: [w.member.pk], InvalidInput, "A pair is two people"),
        (lambda w: [w.member.pk, w.outsider.pk], Unprocessable, "not an active member"),
        (lambda w: [w.member.pk, w.waitlisted.pk], Unprocessable, "not an active member"),
        (lambda w: [w.member.pk, 10**9], Unprocessable, "not an active member"),
        (lambda w: "everyone", InvalidInput, "user_ids must be a list"),
        (lambda w: [w.member.pk, True], InvalidInput, "user_ids must be a list"),
    ],
)
def test_bad_pairings_are_refused_and_nothing_is_written(
    world: World, ids: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        actions.check_create_pairing(
            actor=world.facilitator, community=world.community, user_ids=ids(world)
        )
    nothing_written()


def test_a_second_open_pair_for_someone_is_a_conflict(world: World) -> None:
    third = make_member(world.community, UserFactory(name="Theo Third"))
    make_pairing(world.community, world.member, world.facilitator)
    with pytest.raises(Conflict, match="Mina Member is already paired with Fay Facilitator"):
        actions.check_create_pairing(
            actor=world.facilitator, community=world.community, user_ids=[third.pk, world.member.pk]
        )
    assert Pairing.objects.count() == 1


def test_a_pair_cannot_start_in_the_future(world: World) -> None:
    with pytest.raises(InvalidInput, match="cannot be in the future"):
        actions.check_create_pairing(
            actor=world.facilitator,
            community=world.community,
            user_ids=[world.member.pk, world.facilitator.pk],
            starts_on=timezone.localdate() + dt.timedelta(days=3),
        )
    nothing_written()


def test_ending_and_re_forming_keeps_the_history(world: World) -> None:
    third = make_member(world.community, UserFactory(name="Theo Third"))
    first = actions.check_create_pairing(
        actor=world.facilitator, community=world.community, user_ids=[world.member.pk, third.pk]
    )
    with pytest.raises(Conflict):
        actions.check_create_pairing(
            actor=world.facilitator,
            community=world.community,
            user_ids=[world.member.pk, world.facilitator.pk],
        )
    actions.do_end_pairing(actor=world.facilitator, pairing=first)
    with pytest.raises(Conflict, match="already ended"):
        actions.do_end_pairing(actor=world.facilitator, pairing=first)
    again = actions.check_create_pairing(
        actor=world.facilitator,
        community=world.community,
        user_ids=[world.member.pk, world.facilitator.pk, third.pk],  # now a trio
    )
    first.refresh_from_db()
    assert first.ended_on is not None and first.ended_by == world.facilitator
    assert list(Pairing.objects.filter(community=world.community).order_by("pk")) == [first, again]
    assert PairMember.objects.filter(user=world.member).count() == 2


def test_leaving_the_group_ends_the_pair(world: World) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    assert actions.do_end_pairings_for(user=world.member, community=world.community) == 1
    pairing.refresh_from_db()
    assert not pairing.is_open


def test_leaving_or_being_removed_from_the_group_ends_the_pair(world: World) -> None:
    from fireside.communities.actions import check_leave, check_remove_member

    left = make_pairing(world.community, world.member, world.facilitator)
    check_leave(user=world.member, community=world.community)
    left.refresh_from_db()
    assert not left.is_open

    third = make_member(world.community)
    removed = make_pairing(world.community, third, world.facilitator)
    check_remove_member(actor=world.coordinator, community=world.community, user=third)
    removed.refresh_from_db()
    assert not removed.is_open


def test_the_personal_export_holds_peer_mentoring_and_erasure_removes_reflections(
    world: World,
) -> None:
    from fireside.accounts.actions import do_erase_user, export_user_data

    make_pairing(world.community, world.member, world.facilitator)
    make_reflection(world.program, world.member, body="My private month")
    exported = export_user_data(user=world.member)
    assert "My private month" in str(exported["peer_mentoring"])
    do_erase_user(user=world.member)
    assert not Reflection.objects.filter(author=world.member).exists()
    assert not PairMember.objects.filter(user=world.member, ended_on__isnull=True).exists()


def twelve(mode: str = Mode.IN_PERSON) -> Any:
    """A group of twelve with the profiles people really write."""
    community = CommunityFactory(mode=mode, capacity=12)
    profiles = [
        ("Amara", ["outdoor play", "risky play"], "Coast", grid(WEEKDAYS, "evening")),
        ("Lucas", ["outdoor play", "music"], "Coast", grid("sat", "morning evening")),
        ("Siobhan", ["nature", "loose parts"], "Coast", grid("sun mon tue wed thu sat", "evening")),
        ("Jasmine", ["outdoor play", "infant care"], "Coast", grid(WEEKDAYS, "evening")),
        ("Mateo", ["risky play", "music"], "Valley", grid(WEEKEND, "morning")),
        ("Hana", ["documentation", "nature"], "Coast", grid("tue thu", "evening")),
        ("Bridget", ["land-based learning"], "Valley", grid(WEEKDAYS, "evening")),
        ("Olivia", ["infant care", "transitions"], "Valley", grid("wed", "evening")),
        ("Ananya", ["infant care", "documentation"], "Coast", grid(EVERY_DAY, "evening")),
        ("Kwame", ["music"], "Valley", []),
        ("Chloé", ["infant care"], "Coast", grid("sat")),
        ("Mei Lin", ["self-care"], "Valley", grid(EVERY_DAY, "afternoon")),
    ]
    for name, interests, region, when in profiles:
        make_member(
            community,
            UserFactory(name=name, interests=interests, region=region, availability_slots=when),
        )
    return community


def test_twelve_people_get_six_sensible_pairs_in_one_go(world: World) -> None:
    community = twelve()
    facilitator = Membership.objects.filter(community=community).first().user  # type: ignore[union-attr]
    result = actions.suggest_pairs(community=community)
    assert len(result.groups) == 6 and not result.left_out
    assert all(g.reasons for g in result.groups)
    names = {frozenset(p.name for p in g.people) for g in result.groups}
    assert frozenset({"Amara", "Jasmine"}) in names  # shared interest, region and evenings
    made = actions.check_accept_suggestions(
        actor=facilitator, community=community, groups=[g.ids for g in result.groups]
    )
    assert len(made) == 6
    assert actions.suggest_pairs(community=community).notes == (
        "Everyone in the group already has a partner.",
    )


def test_an_odd_group_gets_a_trio_and_one_left_is_explained(world: World) -> None:
    community = twelve()
    make_member(community, UserFactory(name="Zed", interests=["music"]))
    result = actions.suggest_pairs(community=community)
    assert sorted(len(g.people) for g in result.groups) == [2, 2, 2, 2, 2, 3]
    alone = actions.suggest_pairs(community=world.community, avoid=[])
    assert len(alone.groups) == 1  # member and facilitator
    make_pairing(world.community, world.member, world.facilitator)
    newcomer = make_member(world.community, UserFactory(name="Nia New"))
    only = actions.suggest_pairs(community=world.community)
    assert only.left_out[0].id == newcomer.pk
    assert only.notes == (
        "Only Nia New is waiting for a partner, and a pair needs two.",
        "To make a trio, end one of the pairs, then pair the three by hand.",
    )


def test_accepting_is_all_or_nothing(world: World) -> None:
    third = make_member(world.community, UserFactory())
    fourth = make_member(world.community, UserFactory())
    with pytest.raises(InvalidInput, match="in two of these pairs"):
        actions.check_accept_suggestions(
            actor=world.facilitator,
            community=world.community,
            groups=[[world.member.pk, third.pk], [third.pk, fourth.pk]],
        )
    with pytest.raises(Unprocessable):
        actions.check_accept_suggestions(
            actor=world.facilitator,
            community=world.community,
            groups=[[world.member.pk, third.pk], [fourth.pk, world.outsider.pk]],
        )
    nothing_written()


# --- Connections --------------------------------------------------------------------------


def log(world: World, pairing: Pairing, **fields: Any) -> Connection:
    fields.setdefault("happened_on", timezone.localdate() - dt.timedelta(days=1))
    fields.setdefault("minutes", 30)
    fields.setdefault("format", "walk")
    return connections.check_log_connection(user=world.member, pairing=pairing, **fields)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"happened_on": dt.date(2026, 11, 19)}, "in the future"),
        ({"happened_on": dt.date(2026, 11, 1)}, "This pair started on 4 November 2026"),
        ({"happened_on": "2026-11-17"}, "date must be a date"),
        ({"minutes": 0}, "minutes must be from 1 to 1440"),
        ({"minutes": -5}, "minutes must be from 1 to 1440"),
        ({"minutes": 1441}, "minutes must be from 1 to 1440"),
        ({"minutes": True}, "minutes must be a whole number"),
        ({"minutes": 12.5}, "minutes must be a whole number"),
        ({"format": "carrier pigeon"}, "format must be one of"),
        ({"note": "x" * 2001}, "note is 2,001 characters; the limit is 2,000"),
        ({"note": "bad\x00byte"}, "not allowed"),
    ],
)
def test_bad_connections_are_refused_and_nothing_is_written(
    world: World, now: dt.date, fields: dict[str, Any], message: str
) -> None:
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 4)
    )
    fields.setdefault("happened_on", dt.date(2026, 11, 17))
    with pytest.raises(InvalidInput, match=message):
        log(world, pairing, **fields)
    assert not Connection.objects.exists()


def test_today_is_the_loggers_own_today(world: World, time_machine: Any) -> None:
    # 07:00 UTC on the 19th is still the 18th in Vancouver: the 19th is tomorrow there.
    time_machine.move_to(dt.datetime(2026, 11, 19, 7, 0, tzinfo=dt.UTC), tick=False)
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 4)
    )
    with pytest.raises(InvalidInput, match="in the future"):
        log(world, pairing, happened_on=dt.date(2026, 11, 19))
    world.member.timezone = "Europe/Paris"
    world.member.save()
    assert log(world, pairing, happened_on=dt.date(2026, 11, 19)).minutes == 30


def test_a_day_long_connection_and_an_ended_pair(world: World, now: dt.date) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    world.program.max_connection_minutes = 1440  # a program may allow a whole day
    world.program.save()
    assert log(world, pairing, minutes=1440, note="Road trip").minutes == 1440
    assert log(world, pairing, minutes=1, happened_on=now - dt.timedelta(days=2)).minutes == 1
    actions.do_end_pairing(actor=world.facilitator, pairing=pairing)
    with pytest.raises(Conflict, match="has ended"):
        log(world, pairing)
    assert Connection.objects.count() == 2
    assert "Road trip" not in str(AuditEvent.objects.values_list("data", flat=True))


def test_only_its_writer_removes_a_connection(world: World) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    connection = make_connection(pairing, world.member)
    with pytest.raises(NotAllowed):
        connections.do_remove_connection(user=world.facilitator, connection=connection)
    connections.do_remove_connection(user=world.member, connection=connection)
    assert not Connection.objects.exists()


# --- Nudges -------------------------------------------------------------------------------


def test_a_quiet_pair_gets_one_nudge_per_quiet_spell(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    start = dt.date(2026, 10, 1)
    pairing = make_pairing(world.community, world.member, world.facilitator, starts_on=start)
    other = make_pairing(world.other_community, world.outsider, make_member(world.other_community))
    make_connection(other, world.outsider, happened_on=dt.date(2026, 11, 1))

    def run(day: dt.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return nudges.send_nudges(today=day)

    assert run(dt.date(2026, 10, 14)) == 0  # 13 days: not yet
    assert run(dt.date(2026, 10, 15)) == 1  # 14 quiet days
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.member.email, world.facilitator.email]
    )
    assert all("14 days" in m.body for m in mailoutbox)
    assert run(dt.date(2026, 10, 20)) == 0  # one nudge per quiet spell
    make_connection(pairing, world.member, happened_on=dt.date(2026, 10, 21))
    assert run(dt.date(2026, 11, 3)) == 0
    assert run(dt.date(2026, 11, 4)) == 1  # a new quiet spell
    assert len(mailoutbox) == 4
    # Nobody else is told: not the facilitators (Fay is told as a partner), nor the program.
    assert {m.to[0] for m in mailoutbox} == {world.member.email, world.facilitator.email}


def test_nudges_skip_ended_pairs_and_people_who_left(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 9, 1)
    )
    Membership.objects.filter(user=world.member).update(status="left")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_nudges", stdout=io.StringIO())
    assert [m.to[0] for m in mailoutbox] == [world.facilitator.email]
    actions.do_end_pairing(actor=world.facilitator, pairing=pairing)
    PairMember.objects.update(nudged_after=None)
    assert nudges.send_nudges() == 0


# --- Reflections --------------------------------------------------------------------------


def write(world: World, **fields: Any) -> Reflection:
    fields.setdefault("month", NOV)
    fields.setdefault("body", "I tried a slower morning circle.")
    return actions.check_write_reflection(author=world.member, program=world.program, **fields)


def test_a_reflection_per_month_and_a_second_is_a_conflict(world: World, now: dt.date) -> None:
    first = write(world, shareable_excerpt="Slowing down helped the children.")
    assert first.prompt and first.excerpt_consented_at is not None
    with pytest.raises(Conflict, match="already have a reflection for November 2026") as caught:
        write(world, body="Again")
    assert caught.value.errors["reflection_id"] == [str(first.pk)]
    assert Reflection.objects.get().body == "I tried a slower morning circle."
    october = write(world, month=dt.date(2026, 10, 1))
    assert october.prompt != first.prompt  # the prompts rotate
    assert "slower" not in str(AuditEvent.objects.values_list("data", flat=True))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"month": dt.date(2026, 12, 1)}, "December 2026 has not begun yet"),
        ({"month": dt.date(2026, 8, 1)}, "runs from September 2026 to June 2027"),
        ({"body": "   "}, "body is required"),
        ({"body": "x" * 20_001}, "body is 20,001 characters; the limit is 20,000"),
        ({"shareable_excerpt": "x" * 501}, "shareable_excerpt is 501 characters; the limit is 500"),
    ],
)
def test_bad_reflections_are_refused_and_nothing_is_written(
    world: World, now: dt.date, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        write(world, **fields)
    assert not Reflection.objects.exists()


def test_only_participants_reflect(world: World, now: dt.date) -> None:
    for person in (world.waitlisted, world.mentor, world.coordinator, world.staff):
        with pytest.raises(NotAllowed):
            actions.check_write_reflection(
                author=person, program=world.program, month=NOV, body="b"
            )
    assert not Reflection.objects.exists()


def test_editing_and_withdrawing_the_excerpt(world: World, now: dt.date) -> None:
    reflection = write(world, shareable_excerpt="Nature calms us.")
    assert actions.consented_excerpts(world.program) == ["Nature calms us."]
    edited = actions.check_edit_reflection(
        author=world.member,
        reflection=reflection,
        body="Rewritten",
        shareable_excerpt="Nature calms us.",
    )
    assert edited.body == "Rewritten"
    assert edited.excerpt_consented_at == reflection.excerpt_consented_at
    withdrawn = actions.do_withdraw_excerpt(author=world.member, reflection=edited)
    assert withdrawn.shareable_excerpt == "" and withdrawn.excerpt_consented_at is None
    assert actions.consented_excerpts(world.program) == []
    assert AuditEvent.objects.filter(verb="mentoring.withdraw_excerpt").count() == 1


def test_reports_show_the_newest_excerpts_in_alphabetical_order(world: World) -> None:
    people = [world.member, world.facilitator, world.mentor]
    start = world.program.starts_on.replace(day=1)
    for i in range(5):
        month = (start + dt.timedelta(days=32 * i)).replace(day=1)
        for person in people:
            make_reflection(
                world.program, person, month=month, shareable_excerpt=f"{'zyx'[i % 3]} {i}"
            )
    newest = actions.consented_excerpts(world.program, newest=4)
    assert newest == ["y 4", "y 4", "y 4", "z 3"]


def test_export_and_erasure(world: World, now: dt.date) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.member, note="My own note")
    make_connection(pairing, world.facilitator, note="Fay's note")
    write(world, body="My own words")
    mine = personal_data.export_for(world.member)
    assert [c["note"] for c in mine["connections_logged"]] == ["My own note"]
    assert mine["reflections"][0]["body"] == "My own words"
    assert mine["pairings"][0]["partners"] == ["Fay Facilitator"]
    theirs = str(personal_data.export_for(world.facilitator))
    assert "My own" not in theirs and "Fay's note" in theirs
    personal_data.do_erase_for(user=world.member)
    assert not Reflection.objects.exists()
    assert set(Connection.objects.values_list("note", flat=True)) == {"", "Fay's note"}
    pairing.refresh_from_db()
    assert not pairing.is_open


def test_reflection_months_follow_the_program(world: World, time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2027, 9, 1, 12, 0, tzinfo=dt.UTC), tick=False)
    assert actions.reflection_months(world.program, world.member) == (
        dt.date(2026, 9, 1),
        dt.date(2027, 6, 1),
    )
    make_reflection(world.program, world.member, dt.date(2027, 6, 1))
    with pytest.raises(InvalidInput, match="runs from"):
        write(world, month=dt.date(2027, 7, 1))
