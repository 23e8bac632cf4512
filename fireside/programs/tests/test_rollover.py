"""Starting next year: what is copied, once only, seats held and kept or lapsed, and last
year kept as it was."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.communities import actions as community_actions
from fireside.communities import rollover, seat_holds
from fireside.communities.models import (
    Agreement,
    Community,
    CommunityRole,
    Membership,
    MentorAssignment,
    SeatHold,
)
from fireside.demo.factories import UserFactory, make_member
from fireside.gatherings.models import Gathering
from fireside.gatherings.scheduling import check_schedule
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed
from fireside.programs.models import CommitmentPeriod, Program, ProgramStaff

pytestmark = pytest.mark.django_db

VANCOUVER = ZoneInfo("America/Vancouver")
SPRING = dt.datetime(2027, 5, 3, 12, tzinfo=VANCOUVER)  # during the 2026–2027 year


def _weekly_series(world: World) -> None:
    """Wednesdays at 7 pm, open-ended: cut at the program's end (30 June 2027)."""
    with time_machine.travel(dt.datetime(2026, 9, 1, 12, tzinfo=VANCOUVER), tick=False):
        check_schedule(
            actor=world.facilitator,
            community=world.community,
            title="Evening circle",
            starts_at=dt.datetime(2026, 9, 2, 19, 0, tzinfo=VANCOUVER),
            duration_minutes=90,
            location="Community hall",
            online_url="https://meet.example.org/circle",
            recurrence="FREQ=WEEKLY",
            already_happened=False,
        )


def _start(world: World, **kwargs: object) -> Program:
    with time_machine.travel(SPRING, tick=False):
        return rollover.check_rollover(actor=world.coordinator, program=world.program, **kwargs)


# --- names and dates ---------------------------------------------------------------------


def test_it_moves_the_years_in_a_name() -> None:
    start, end = dt.date(2027, 9, 1), dt.date(2028, 6, 30)
    assert rollover.next_name("Circles 2026–2027", start, end) == "Circles 2027–2028"
    assert rollover.next_name("Circles 2026-27", start, end) == "Circles 2027-28"
    assert rollover.next_name("Cohort 2026", start, end) == "Cohort 2027"
    assert rollover.next_name("Early Years Circles", start, end) == "Early Years Circles 2027–2028"


def test_it_moves_29_february_to_28_february() -> None:
    assert rollover.a_year_later(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert rollover.a_year_later(dt.date(2027, 9, 1)) == dt.date(2028, 9, 1)


def test_it_keeps_seats_three_weeks_before_the_start_or_two_weeks_from_now() -> None:
    assert rollover.default_keep_until(dt.date(2027, 9, 1), dt.date(2027, 5, 3)) == dt.date(
        2027, 8, 11
    )
    assert rollover.default_keep_until(dt.date(2027, 9, 1), dt.date(2027, 8, 25)) == dt.date(
        2027, 9, 8
    )


# --- the copy ---------------------------------------------------------------------------


def test_it_copies_settings_groups_agreements_roles_and_mentors(world: World) -> None:
    Program.objects.filter(pk=world.program.pk).update(
        name="Circles 2026–2027", monthly_hours_target=Decimal("6.5"), max_group_size=8
    )
    world.program.refresh_from_db()
    community_actions.do_update_agreement(
        actor=world.facilitator, community=world.community, text="Second version: we listen."
    )
    MentorAssignment.objects.create(community=world.community, mentor=world.mentor)
    new = _start(world)

    assert new.name == "Circles 2027–2028"
    assert (new.starts_on, new.ends_on) == (dt.date(2027, 9, 1), dt.date(2028, 6, 30))
    assert new.previous_year == world.program
    assert (new.monthly_hours_target, new.max_group_size) == (Decimal("6.5"), 8)
    assert new.eligible_role_types == world.program.eligible_role_types
    assert new.timezone == world.program.timezone
    assert {
        (c.role, c.start_month, c.end_month) for c in CommitmentPeriod.objects.filter(program=new)
    } == {
        (c.role, c.start_month, c.end_month)
        for c in CommitmentPeriod.objects.filter(program=world.program)
    }
    assert set(ProgramStaff.objects.filter(program=new).values_list("user", "role")) == {
        (world.coordinator.pk, "coordinator"),
        (world.mentor.pk, "mentor"),
    }
    groups = {c.name: c for c in Community.objects.filter(program=new)}
    assert set(groups) == {world.community.name, world.other_community.name}
    group = groups[world.community.name]
    for name in ("purpose", "audience", "region", "mode", "capacity", "think"):
        assert getattr(group, name) == getattr(world.community, name)
    agreement = Agreement.objects.get(community=group)
    assert (agreement.version, agreement.text) == (1, "Second version: we listen.")
    role = CommunityRole.objects.current().get(community=group)
    assert (role.user, role.role) == (world.facilitator, "facilitator")
    assert MentorAssignment.objects.filter(community=group, mentor=world.mentor).exists()
    # Nobody is a member until they say so: seats are held for the active members.
    assert not Membership.objects.filter(community=group).exists()
    assert set(SeatHold.objects.filter(community=group).values_list("user", flat=True)) == {
        world.member.pk,
        world.facilitator.pk,
    }
    event = AuditEvent.objects.get(verb="programs.rollover")
    assert event.data["new_program_id"] == new.pk


def test_it_continues_a_series_at_the_same_local_time_across_the_clock_change(
    world: World,
) -> None:
    _weekly_series(world)
    new = _start(world)
    group = Community.objects.get(program=new, name=world.community.name)
    gatherings = list(Gathering.objects.filter(community=group).order_by("starts_at"))
    first = gatherings[0].starts_at.astimezone(VANCOUVER)
    # The first Wednesday on or after the new year's first day, 1 September 2027.
    assert (first.date(), first.time()) == (dt.date(2027, 9, 1), dt.time(19, 0))
    # Before and after the clocks go back on 7 November 2027: still 7 pm in Vancouver.
    local = [g.starts_at.astimezone(VANCOUVER) for g in gatherings]
    assert {t.time() for t in local} == {dt.time(19, 0)}
    assert local[-1].date() <= new.ends_on
    assert gatherings[0].location == "Community hall"
    assert gatherings[0].duration_minutes == 90
    assert gatherings[0].series is not None
    assert gatherings[0].series.rrule == "FREQ=WEEKLY"


def test_the_preview_shows_what_will_be_copied_and_writes_nothing(world: World) -> None:
    _weekly_series(world)
    before = Program.objects.count()
    with time_machine.travel(SPRING, tick=False):
        plan = rollover.plan_rollover(program=world.program)
    assert Program.objects.count() == before
    group = next(g for g in plan.groups if g.community == world.community)
    assert {m.user for m in group.members} == {world.member, world.facilitator}
    assert [s.first.date() for s in group.series] == [dt.date(2027, 9, 1)]
    assert plan.keep_seat_until == dt.date(2027, 8, 11)


def test_a_second_rollover_is_refused_and_makes_nothing(world: World) -> None:
    new = _start(world)
    count = Program.objects.count()
    with pytest.raises(Conflict, match=f"already continued in {new.name}"):
        _start(world)
    assert Program.objects.count() == count


def test_it_refuses_a_deadline_outside_the_new_year(world: World) -> None:
    with pytest.raises(InvalidInput):
        _start(world, keep_seat_until=dt.date(2029, 1, 1))
    with pytest.raises(InvalidInput):
        _start(world, keep_seat_until="not a date")
    assert not Program.objects.filter(previous_year=world.program).exists()


# --- seats held -------------------------------------------------------------------------


def _hold(world: World, new: Program, user: object) -> SeatHold:
    return SeatHold.objects.get(community__program=new, user=user)


def test_it_emails_each_member_with_the_one_click_link(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _weekly_series(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = _start(world)
    hold = _hold(world, new, world.member)
    sent = [m for m in mail.outbox if m.to == [world.member.email]]
    assert len(sent) == 1
    assert "Keep your seat" in sent[0].subject
    assert f"/programs/seats/{hold.pk}/" in sent[0].body
    assert "11 August 2027" in sent[0].body
    assert "1 September 2027" in sent[0].body  # the first gathering


def test_a_member_keeps_their_seat_by_accepting_the_agreement(world: World) -> None:
    new = _start(world)
    hold = _hold(world, new, world.member)
    with time_machine.travel(SPRING, tick=False):
        with pytest.raises(InvalidInput):
            seat_holds.check_answer_hold(user=world.member, hold=hold, keep=True)
        membership = seat_holds.check_answer_hold(
            user=world.member, hold=hold, keep=True, agree_to_agreement=True
        )
    assert membership is not None
    assert membership.status == Membership.Status.ACTIVE
    assert membership.agreement is not None
    hold.refresh_from_db()
    assert hold.outcome == SeatHold.Outcome.KEPT
    with time_machine.travel(SPRING, tick=False), pytest.raises(Conflict):
        seat_holds.check_answer_hold(
            user=world.member, hold=hold, keep=True, agree_to_agreement=True
        )


def test_the_audience_rule_still_holds_when_keeping_a_seat(world: World) -> None:
    new = _start(world)
    hold = _hold(world, new, world.member)
    world.member.role_type = "director"
    world.member.save(update_fields=["role_type"])
    with time_machine.travel(SPRING, tick=False), pytest.raises(NotAllowed):
        seat_holds.check_answer_hold(
            user=world.member, hold=hold, keep=True, agree_to_agreement=True
        )
    assert not Membership.objects.filter(community=hold.community).exists()


def test_held_seats_count_against_capacity(world: World) -> None:
    Community.objects.filter(pk=world.community.pk).update(capacity=3)
    new = _start(world)
    group = Community.objects.get(program=new, name=world.community.name)
    first, second = UserFactory(role_type=group.audience), UserFactory(role_type=group.audience)
    with time_machine.travel(SPRING, tick=False):
        assert group.open_seats() == 1
        joined, _ = community_actions.check_join(
            user=first, community=group, agree_to_agreement=True
        )
        waiting, position = community_actions.check_join(
            user=second, community=group, agree_to_agreement=True
        )
    assert joined.status == Membership.Status.ACTIVE
    assert (waiting.status, position) == (Membership.Status.WAITLISTED, 1)
    # A declined seat goes to the first person waiting at once.
    with time_machine.travel(SPRING, tick=False):
        seat_holds.check_answer_hold(
            user=world.member, hold=_hold(world, new, world.member), keep=False
        )
    waiting.refresh_from_db()
    assert waiting.status == Membership.Status.ACTIVE


def test_unanswered_seats_lapse_after_the_deadline_and_go_to_the_waitlist(world: World) -> None:
    Community.objects.filter(pk=world.community.pk).update(capacity=2)
    new = _start(world, keep_seat_until=dt.date(2027, 8, 11))
    group = Community.objects.get(program=new, name=world.community.name)
    waiting_people = [UserFactory(role_type=group.audience) for _ in range(2)]
    with time_machine.travel(SPRING, tick=False):
        for person in waiting_people:
            community_actions.check_join(user=person, community=group, agree_to_agreement=True)
    assert Membership.objects.filter(community=group, status="waitlisted").count() == 2
    # Still kept on the last day, in the program's zone.
    with time_machine.travel(dt.datetime(2027, 8, 11, 23, 30, tzinfo=VANCOUVER), tick=False):
        assert seat_holds.lapse_all() == 0
    with time_machine.travel(dt.datetime(2027, 8, 12, 0, 30, tzinfo=VANCOUVER), tick=False):
        assert seat_holds.lapse_all() == 2
        hold = _hold(world, new, world.member)
        assert hold.outcome == SeatHold.Outcome.LAPSED
        with pytest.raises(Conflict, match="deadline"):
            seat_holds.check_answer_hold(
                user=world.member, hold=hold, keep=True, agree_to_agreement=True
            )
    assert set(
        Membership.objects.filter(community=group, status="active").values_list("user", flat=True)
    ) == {p.pk for p in waiting_people}


def test_joining_after_the_deadline_seats_the_waitlist_first_without_the_timer(
    world: World,
) -> None:
    Community.objects.filter(pk=world.community.pk).update(capacity=2)
    new = _start(world, keep_seat_until=dt.date(2027, 8, 11))
    group = Community.objects.get(program=new, name=world.community.name)
    early = UserFactory(role_type=group.audience)
    with time_machine.travel(SPRING, tick=False):
        community_actions.check_join(user=early, community=group, agree_to_agreement=True)
    late = UserFactory(role_type=group.audience)
    with time_machine.travel(dt.datetime(2027, 8, 20, 12, tzinfo=VANCOUVER), tick=False):
        membership, position = community_actions.check_join(
            user=late, community=group, agree_to_agreement=True
        )
    assert Membership.objects.get(community=group, user=early).status == "active"
    assert membership.status == "active"  # the second lapsed seat
    assert position is None


# --- last year, kept as it was ----------------------------------------------------------


def test_last_year_is_closed_only_once_the_new_year_has_started(world: World) -> None:
    new = _start(world)
    world.program.refresh_from_db()
    assert world.program.read_only_from == new.starts_on
    assert not world.program.is_read_only(dt.date(2027, 8, 31))
    assert world.program.is_read_only(dt.date(2027, 9, 1))


def test_nobody_joins_last_years_group(world: World) -> None:
    _start(world)
    person = UserFactory(role_type=world.community.audience)
    with time_machine.travel(dt.datetime(2027, 9, 2, 12, tzinfo=VANCOUVER), tick=False):
        community = Community.objects.get(pk=world.other_community.pk)
        with pytest.raises(NotAllowed, match="last year"):
            community_actions.check_join(user=person, community=community, agree_to_agreement=True)


def test_a_member_who_is_not_in_the_new_group_has_no_hold(world: World) -> None:
    newcomer = make_member(world.other_community)
    Membership.objects.filter(user=newcomer).update(status="left")
    new = _start(world)
    assert not SeatHold.objects.filter(community__program=new, user=newcomer).exists()


def test_erasing_a_person_gives_their_kept_seat_to_the_waitlist(world: World) -> None:
    from fireside.communities.personal_data import erase_for

    Community.objects.filter(pk=world.community.pk).update(capacity=2)
    new = _start(world)
    group = Community.objects.get(program=new, name=world.community.name)
    waiting = UserFactory(role_type=group.audience)
    with time_machine.travel(SPRING, tick=False):
        community_actions.check_join(user=waiting, community=group, agree_to_agreement=True)
        erase_for(world.member)
    assert _hold(world, new, world.member).outcome == SeatHold.Outcome.DECLINED
    assert Membership.objects.get(community=group, user=waiting).status == "active"


# --- the report's logo --------------------------------------------------------------------


def test_the_next_year_keeps_the_logo_as_a_file_of_its_own(
    world: World, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from fireside.accounts.tests import pictures
    from fireside.programs import logos

    settings.MEDIA_ROOT = tmp_path
    logos.check_set_logo(
        actor=world.coordinator,
        program=world.program,
        upload=pictures.upload(pictures.png(), "logo.png"),
    )
    old = Program.objects.get(pk=world.program.pk)
    new = _start(world)
    assert new.logo and new.logo != old.logo
    assert logos.data_uri(new) == logos.data_uri(old) != ""  # the same picture
    with django_capture_on_commit_callbacks(execute=True):
        logos.do_remove_logo(actor=world.coordinator, program=old)
    assert logos.data_uri(Program.objects.get(pk=old.pk)) == ""
    assert logos.data_uri(Program.objects.get(pk=new.pk)) != ""  # still there next year
    assert sorted(p.name for p in tmp_path.rglob("*.webp")) == [f"{new.logo}.webp"]


def test_a_missing_logo_file_is_not_copied(world: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    Program.objects.filter(pk=world.program.pk).update(logo="gone")
    world.program.refresh_from_db()
    assert _start(world).logo == ""


def test_a_refused_rollover_leaves_no_copied_logo(
    world: World, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fireside.accounts.tests import pictures
    from fireside.programs import logos

    settings.MEDIA_ROOT = tmp_path
    logos.check_set_logo(
        actor=world.coordinator,
        program=world.program,
        upload=pictures.upload(pictures.png(), "logo.png"),
    )
    world.program.refresh_from_db()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(rollover, "record", broken)
    with pytest.raises(RuntimeError):
        _start(world)
    assert [p.name for p in tmp_path.rglob("*.webp")] == [f"{world.program.logo}.webp"]
    assert not Program.objects.filter(previous_year=world.program).exists()
