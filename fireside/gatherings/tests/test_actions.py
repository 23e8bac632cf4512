"""Scheduling, invitations, attendance, feedback, debriefs and reminders."""

from __future__ import annotations

import datetime as dt
import email
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.utils import timezone
from icalendar import Calendar

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.communities.models import Membership
from fireside.demo.factories import GatheringFactory, MembershipFactory, UserFactory, make_member
from fireside.gatherings import actions, agendas, feedback, notices, scheduling
from fireside.gatherings.models import (
    AgendaItem,
    Attendance,
    Debrief,
    Feedback,
    Gathering,
    NotificationPrefs,
    Rsvp,
    Series,
    Topic,
    TopicVote,
)
from fireside.lib.errors import Conflict, InvalidInput, Unprocessable

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _schedule(world: World, **kwargs: Any) -> tuple[Series | None, list[Gathering]]:
    fields = {
        "title": "Loose parts, rainy days",
        "starts_at": dt.datetime(2027, 3, 3, 19, 0),
        "duration_minutes": 90,
        "timezone_name": "America/Vancouver",
        "location": "Kettle & Fern Café",
        **kwargs,
    }
    series, gatherings, _notice = scheduling.check_schedule(
        actor=world.facilitator, community=world.community, **fields
    )
    return series, gatherings


def test_invitations_are_real_messages_with_an_ics_and_local_times(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    world.member.timezone = "Europe/London"
    world.member.save()
    with commits():
        _schedule(world, recurrence="FREQ=WEEKLY;COUNT=2")

    assert sorted(m.to[0] for m in mailoutbox) == [
        world.facilitator.email,
        world.member.email,
    ]  # active members only: not the waitlisted, not staff
    sent = next(m for m in mailoutbox if m.to == [world.member.email])
    parsed = email.message_from_bytes(sent.message().as_bytes())
    parts = {p.get_content_type(): p for p in parsed.walk()}
    attachment = parts["text/calendar"]
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_param("method") == "REQUEST"
    cal = Calendar.from_ical(attachment.get_payload(decode=True))
    assert cal["METHOD"] == "REQUEST"
    assert len(cal.walk("VEVENT")) == 2
    # 19:00 in Vancouver (PST, UTC-8) is 03:00 the next day in London.
    body = parts["text/plain"].get_payload(decode=True).decode()
    assert "Thursday 4 March 2027, 03:00 (Europe/London)" in body
    facilitator_mail = next(m for m in mailoutbox if m.to == [world.facilitator.email])
    assert "Wednesday 3 March 2027, 19:00 (America/Vancouver)" in facilitator_mail.body


def test_people_who_turned_invitations_off_get_none(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    NotificationPrefs.objects.create(user=world.member, invitations=False)
    with commits():
        _schedule(world)
    assert [m.to for m in mailoutbox] == [[world.facilitator.email]]


def test_a_moved_gathering_is_re_sent_and_a_cancelled_one_cancelled(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    _, [gathering] = _schedule(world)
    with commits():
        scheduling.check_update_gathering(
            actor=world.facilitator,
            gathering=gathering,
            changes={"starts_at": dt.datetime(2027, 3, 10, 19, 0)},
        )
    changed = next(m for m in mailoutbox if m.to == [world.member.email])
    assert changed.subject.startswith("Changed:")
    cal = Calendar.from_ical(changed.attachments[0][1])
    assert cal.walk("VEVENT")[0]["SEQUENCE"] == 1
    mailoutbox.clear()
    with commits():
        scheduling.do_cancel(actor=world.facilitator, gathering=gathering)
    cancelled = next(m for m in mailoutbox if m.to == [world.member.email])
    filename, content, mimetype = cancelled.attachments[0]
    assert (filename, mimetype.split(";")[0]) == ("cancel.ics", "text/calendar")
    assert Calendar.from_ical(content)["METHOD"] == "CANCEL"
    with pytest.raises(Conflict):
        scheduling.do_cancel(actor=world.facilitator, gathering=gathering)


def test_changing_a_series_changes_only_future_untouched_occurrences(
    world: World, time_machine: Any
) -> None:
    time_machine.move_to(dt.datetime(2027, 2, 1, tzinfo=dt.UTC), tick=False)
    series, gatherings = _schedule(world, recurrence="FREQ=WEEKLY;COUNT=4")
    assert series is not None
    scheduling.check_update_gathering(
        actor=world.facilitator, gathering=gatherings[2], changes={"title": "Special guest"}
    )
    time_machine.move_to(dt.datetime(2027, 3, 5, tzinfo=dt.UTC), tick=False)  # 1st is past

    changed = scheduling.check_update_series(
        actor=world.facilitator,
        series=series,
        title="Outdoor circle",
        local_time=dt.time(18, 30),
        duration_minutes=60,
        location="The park",
        online_url="",
    )

    assert [g.pk for g in changed] == [gatherings[1].pk, gatherings[3].pk]
    titles = list(Gathering.objects.filter(series=series).values_list("title", flat=True))
    assert titles == [
        "Loose parts, rainy days",
        "Outdoor circle",
        "Special guest",
        "Outdoor circle",
    ]
    moved = Gathering.objects.get(pk=gatherings[3].pk)
    assert (moved.local_start.hour, moved.local_start.minute) == (18, 30)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"recurrence": "FREQ=HOURLY;COUNT=3"}, "FREQ"),
        ({"recurrence": "FREQ=WEEKLY;COUNT=500"}, "asks for 500 gatherings .* at most 60"),
        ({"recurrence": "DTSTART:20270101T000000Z\nFREQ=DAILY"}, "not one we can read"),
        ({"recurrence": "FREQ=WEEKLY;UNTIL=20270101"}, "RRULE"),
        ({"recurrence": "FREQ=WEEKLY;BYDAY=XX"}, "could not be read"),
        ({"duration_minutes": 2000}, "1440"),
        ({"duration_minutes": 0}, "duration"),
        ({"timezone_name": "Mars/Olympus"}, "time zone"),
        ({"title": "  "}, "title"),
        ({"location": "", "online_url": ""}, "place"),
        ({"online_url": "javascript:alert(1)"}, "web address"),
        ({"agenda": [{"topic": "x", "activity": "karaoke", "minutes": 10}]}, "activity"),
        ({"agenda": [{"topic": "x", "activity": "showcase", "minutes": 0}]}, "minutes"),
    ],
)
def test_bad_schedules_are_refused_and_write_nothing(
    world: World, changes: dict[str, Any], message: str
) -> None:
    before = Gathering.objects.count()
    with pytest.raises(InvalidInput, match=message):
        _schedule(world, **changes)
    assert Gathering.objects.count() == before
    assert not Series.objects.exists()


def test_attendance_replaces_the_record_with_minutes_defaulting_to_the_length(
    world: World,
) -> None:
    g = world.gathering
    rows = actions.check_record_attendance(
        actor=world.facilitator,
        gathering=g,
        rows=[
            {"user_id": world.member.pk, "present": True},
            {"user_id": world.facilitator.pk, "present": True, "minutes": 30},
        ],
    )
    assert {(a.user_id, a.minutes) for a in rows} == {
        (world.member.pk, 90),
        (world.facilitator.pk, 30),
    }
    actions.check_record_attendance(
        actor=world.facilitator,
        gathering=g,
        rows=[{"user_id": world.member.pk, "present": False, "minutes": 45}],
    )
    assert list(Attendance.objects.values_list("user_id", "present", "minutes")) == [
        (world.member.pk, False, 0)
    ]


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ([{"user_id": "me", "present": True}], InvalidInput),
        ([{"user_id": 1, "present": "yes"}], InvalidInput),
        ([{"user_id": 1, "present": True, "minutes": 1441}], InvalidInput),
        ([{"user_id": 1, "present": True, "minutes": -1}], InvalidInput),
        ("not a list", InvalidInput),
    ],
)
def test_bad_attendance_is_refused_and_keeps_the_old_record(
    world: World, rows: Any, error: type[Exception]
) -> None:
    Attendance.objects.create(gathering=world.gathering, user=world.member, minutes=60)
    with pytest.raises(error):
        actions.check_record_attendance(
            actor=world.facilitator, gathering=world.gathering, rows=rows
        )
    assert list(Attendance.objects.values_list("user_id", "minutes")) == [(world.member.pk, 60)]


def test_attendance_can_only_name_members(world: World) -> None:
    for stranger in (world.waitlisted, world.outsider, world.mentor):
        with pytest.raises(Unprocessable, match="Only people who were members"):
            actions.check_record_attendance(
                actor=world.facilitator,
                gathering=world.gathering,
                rows=[
                    {"user_id": world.member.pk, "present": True},
                    {"user_id": stranger.pk, "present": True},
                ],
            )
    assert not Attendance.objects.exists()
    with pytest.raises(InvalidInput, match="twice"):
        actions.check_record_attendance(
            actor=world.facilitator,
            gathering=world.gathering,
            rows=[{"user_id": world.member.pk}, {"user_id": world.member.pk}],
        )


def test_attendance_waits_for_the_gathering_to_start(world: World) -> None:
    future = GatheringFactory(community=world.community)
    with pytest.raises(Conflict, match="started"):
        actions.check_record_attendance(
            actor=world.facilitator, gathering=future, rows=[{"user_id": world.member.pk}]
        )


def test_notes_are_sent_once_after_the_gathering(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    with commits():
        scheduling.check_update_gathering(
            actor=world.facilitator,
            gathering=world.gathering,
            changes={"notes": "We tried the mud kitchen.", "action_points": ["Bring boots", " "]},
        )
    assert sorted(m.to[0] for m in mailoutbox) == [world.facilitator.email, world.member.email]
    assert "Bring boots" in mailoutbox[0].body
    world.gathering.refresh_from_db()
    assert world.gathering.action_points == ["Bring boots"]
    mailoutbox.clear()
    with commits():
        scheduling.check_update_gathering(
            actor=world.facilitator, gathering=world.gathering, changes={"notes": "Edited."}
        )
    assert mailoutbox == []


def test_the_reminder_carries_the_agenda_and_skips_stale_or_cancelled_ones(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    _, [g] = _schedule(
        world,
        starts_at=timezone.now() + dt.timedelta(days=2),
        agenda=[{"topic": "Rainy-day gear", "activity": "showcase", "minutes": 20}],
    )
    mailoutbox.clear()
    assert notices.send_reminder.call(gathering_id=g.pk, sequence=g.sequence + 1) == 0
    with commits():
        assert notices.send_reminder.call(gathering_id=g.pk, sequence=g.sequence) == 2
    assert "Rainy-day gear (Showcase, 20 min)" in mailoutbox[0].body
    assert notices.send_reminder.call(gathering_id=g.pk, sequence=g.sequence) == 0  # once
    scheduling.do_cancel(actor=world.facilitator, gathering=g)
    assert notices.send_reminder.call(gathering_id=g.pk, sequence=g.sequence) == 0


def test_reminders_are_queued_for_the_worker_at_the_right_time(
    world: World, settings: Any, commits: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.GATHERING_REMINDER_DAYS = 3
    start = timezone.now() + dt.timedelta(days=10)
    with commits():
        _, [g] = _schedule(world, starts_at=start)
    reminder = DBTaskResult.objects.get(task_path="fireside.gatherings.notices.send_reminder")
    assert reminder.run_after == start.replace(microsecond=start.microsecond) - dt.timedelta(days=3)
    assert reminder.args_kwargs["kwargs"] == {"gathering_id": g.pk, "sequence": 0}


def test_feedback_tells_the_facilitator_what_the_group_rates_best(world: World) -> None:
    g = world.gathering
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=g,
        changes={
            "agenda": [
                {"topic": "Wins this month", "activity": "recognition", "minutes": 15},
                {"topic": "New study", "activity": "research", "minutes": 30},
            ]
        },
    )
    feedback.do_give_feedback(
        user=world.member, gathering=g, worked=["recognition"], less_of="research"
    )
    feedback.do_give_feedback(
        user=world.facilitator, gathering=g, worked=["recognition"], more_of="story_sharing"
    )
    scores = feedback.activity_scores(world.community)
    assert [(s.activity, s.score) for s in scores] == [
        ("recognition", 2),
        ("story_sharing", 1),
        ("research", -1),
    ]
    with pytest.raises(InvalidInput):
        feedback.do_give_feedback(user=world.member, gathering=g, worked=["karaoke"])


def test_a_debrief_is_filed_once_and_then_updated(world: World) -> None:
    debrief, created = actions.check_file_debrief(
        actor=world.mentor,
        gathering=world.gathering,
        logistics="Room was cold",
        common_threads="Transitions",
        wonderings="",
    )
    assert created
    again, created = actions.check_file_debrief(
        actor=world.facilitator,
        gathering=world.gathering,
        logistics="Room was cold; ask for the other room",
        common_threads="Transitions",
        wonderings="More outdoor time?",
    )
    assert not created and again.pk == debrief.pk
    assert Debrief.objects.get().written_by == world.facilitator
    with pytest.raises(InvalidInput):
        actions.check_file_debrief(
            actor=world.mentor,
            gathering=world.gathering,
            logistics=" ",
            common_threads="",
            wonderings="",
        )


def test_the_personal_feed_can_be_rotated(world: World) -> None:
    feed = notices.feed_for(world.member)
    old = feed.token
    assert notices.feed_for(world.member).token == old
    assert notices.do_rotate_feed(user=world.member).token != old


def test_a_person_s_gatherings_are_those_of_their_active_groups(world: World) -> None:
    assert list(notices.gatherings_for(world.member)) == [world.gathering]
    assert list(notices.gatherings_for(world.waitlisted)) == []
    assert list(notices.gatherings_for(UserFactory())) == []


# --- Series and the program's end --------------------------------------------------------


def test_a_counted_series_stops_at_the_program_end_and_says_how_many(world: World) -> None:
    # Weekly from Wednesday 3 March 2027; the program ends on Wednesday 30 June 2027.
    series, gatherings, notice = scheduling.check_schedule(
        actor=world.facilitator,
        community=world.community,
        title="Weekly walk",
        starts_at=dt.datetime(2027, 3, 3, 10, 0),
        duration_minutes=60,
        timezone_name="America/Vancouver",
        location="Park gate",
        recurrence="FREQ=WEEKLY;COUNT=30",
    )
    assert len(gatherings) == 18
    assert gatherings[-1].local_start.date() == dt.date(2027, 6, 30)
    assert Gathering.objects.filter(series=series).count() == 18
    assert notice == (
        "The rule asks for 30 gatherings, but the program ends on 30 June 2027, so only "
        "18 gatherings will be scheduled, the last on 30 June 2027."
    )


def test_a_series_with_an_until_date_past_the_program_end_stops_there(world: World) -> None:
    plan = scheduling.plan_series(
        "FREQ=MONTHLY;BYMONTHDAY=14;UNTIL=20271231T000000Z",
        dt.datetime(2027, 3, 14, 19, 0, tzinfo=ZoneInfo("America/Vancouver")),
        world.program.ends_on,
    )
    assert [s.month for s in plan.starts] == [3, 4, 5, 6]
    assert plan.cut_at_program_end
    assert plan.notice == (
        "The rule goes on after the program ends on 30 June 2027, so only 4 gatherings will "
        "be scheduled, the last on 14 June 2027."
    )


def test_a_series_within_the_program_has_no_notice(world: World) -> None:
    _series, gatherings, notice = scheduling.check_schedule(
        actor=world.facilitator,
        community=world.community,
        title="Weekly walk",
        starts_at=dt.datetime(2027, 3, 3, 10, 0),
        duration_minutes=60,
        location="Park gate",
        recurrence="FREQ=WEEKLY;COUNT=4",
    )
    assert (len(gatherings), notice) == (4, "")


@pytest.mark.parametrize(
    ("rule", "first", "message"),
    [
        (
            "FREQ=WEEKLY;COUNT=61",
            dt.datetime(2027, 3, 3, 10, 0),
            "The rule asks for 61 gatherings (COUNT=61), and a series can have at most 60.",
        ),
        (
            "FREQ=WEEKLY;COUNT=4",
            dt.datetime(2027, 7, 7, 10, 0),
            "The first date of this series, 7 July 2027, is after the program ends on "
            "30 June 2027, so no gathering would be scheduled.",
        ),
        (
            "FREQ=DAILY;UNTIL=20271231T000000Z",
            dt.datetime(2027, 3, 3, 10, 0),
            "That rule makes more than 60 gatherings by 30 June 2027. Choose an earlier UNTIL",
        ),
        (
            "FREQ=DAILY",
            dt.datetime(2027, 3, 3, 10, 0),
            "That rule makes more than 60 gatherings by 30 June 2027. Say when it stops",
        ),
        ("FREQ=WEEKLY;COUNT=0", dt.datetime(2027, 3, 3, 10, 0), "COUNT is how many gatherings"),
    ],
)
def test_a_series_that_cannot_be_scheduled_is_explained(
    world: World, rule: str, first: dt.datetime, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _schedule(world, recurrence=rule, starts_at=first)
    assert message in refused.value.message
    assert Gathering.objects.count() == 1  # the world's own
    assert not Series.objects.exists()


def test_saving_a_series_unchanged_sends_and_bumps_nothing(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    series, gatherings = _schedule(world, recurrence="FREQ=WEEKLY;COUNT=3")
    assert series is not None
    mailoutbox.clear()
    audit_before = AuditEvent.objects.count()
    same = {
        "title": gatherings[0].title,
        "local_time": dt.time(19, 0),
        "duration_minutes": 90,
        "location": "Kettle & Fern Café",
        "online_url": "",
    }
    with commits():
        changed = scheduling.check_update_series(actor=world.facilitator, series=series, **same)
    assert changed == []
    assert mailoutbox == []
    assert set(Gathering.objects.filter(series=series).values_list("sequence", flat=True)) == {0}
    assert AuditEvent.objects.count() == audit_before

    with commits():
        changed = scheduling.check_update_series(
            actor=world.facilitator, series=series, **{**same, "local_time": dt.time(18, 0)}
        )
    assert len(changed) == 3
    assert set(Gathering.objects.filter(series=series).values_list("sequence", flat=True)) == {1}
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("local_time", ["19:00", 1900, None, dt.datetime(2027, 3, 3, 19, 0)])
def test_a_series_change_with_a_time_that_is_no_time_is_refused(
    world: World, mailoutbox: list[Any], local_time: object
) -> None:
    series, _gatherings = _schedule(world, recurrence="FREQ=WEEKLY;COUNT=3")
    assert series is not None
    mailoutbox.clear()
    with pytest.raises(InvalidInput, match="time of day") as refused:
        scheduling.check_update_series(
            actor=world.facilitator,
            series=series,
            title="Changed",
            local_time=local_time,
            duration_minutes=60,
            location="Elsewhere",
            online_url="",
        )
    assert refused.value.errors == {"start_time": ["A time of day, such as 19:00."]}
    assert set(Gathering.objects.filter(series=series).values_list("title", "sequence")) == {
        ("Loose parts, rainy days", 0)
    }
    assert mailoutbox == []


# --- Agendas and proposed topics ---------------------------------------------------------


def _topic(community: Any, title: str, by: Any) -> Topic:
    return agendas.do_propose_topic(user=by, community=community, title=title, details="")


def test_a_topic_taken_off_the_agenda_goes_back_on_the_list(world: World) -> None:
    g = GatheringFactory(community=world.community)
    naps = _topic(world.community, "Naps", world.member)
    mud = _topic(world.community, "Mud kitchens", world.member)
    line = {"activity": "story_sharing", "minutes": 20}
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=g,
        changes={
            "agenda": [
                {**line, "topic": "Naps", "from_topic_id": naps.pk},
                {**line, "topic": "Mud kitchens", "from_topic_id": mud.pk},
            ]
        },
    )
    assert set(Topic.objects.values_list("title", "used_in")) == {
        ("Naps", g.pk),
        ("Mud kitchens", g.pk),
    }
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=g,
        changes={"agenda": [{**line, "topic": "Mud kitchens", "from_topic_id": mud.pk}]},
    )
    assert set(Topic.objects.values_list("title", "used_in")) == {
        ("Naps", None),
        ("Mud kitchens", g.pk),
    }
    scheduling.check_update_gathering(actor=world.facilitator, gathering=g, changes={"agenda": []})
    assert set(Topic.objects.values_list("used_in", flat=True)) == {None}


def test_a_topic_used_by_another_gathering_stays_used_there(world: World) -> None:
    first, second = (GatheringFactory(community=world.community) for _ in range(2))
    naps = _topic(world.community, "Naps", world.member)
    line = {"activity": "story_sharing", "minutes": 20, "topic": "Naps", "from_topic_id": naps.pk}
    scheduling.check_update_gathering(
        actor=world.facilitator, gathering=second, changes={"agenda": [line]}
    )
    scheduling.check_update_gathering(
        actor=world.facilitator, gathering=first, changes={"agenda": []}
    )
    naps.refresh_from_db()
    assert naps.used_in == second


@pytest.mark.parametrize("which", ["unknown", "other_group", "text", "true", "huge"])
def test_an_agenda_item_from_a_topic_not_on_the_group_s_list_is_refused(
    world: World, which: str
) -> None:
    g = GatheringFactory(community=world.community)
    AgendaItem.objects.create(gathering=g, topic="Kept", activity="showcase", minutes=15)
    secret = _topic(world.other_community, "A secret of the other circle", world.outsider)
    from_topic = {
        "unknown": secret.pk + 1000,
        "other_group": secret.pk,
        "text": str(secret.pk),
        "true": True,
        "huge": 2**70,
    }[which]
    item = {"topic": "Ours", "activity": "research", "minutes": 10, "from_topic_id": from_topic}
    with pytest.raises(InvalidInput) as refused:
        scheduling.check_update_gathering(
            actor=world.facilitator, gathering=g, changes={"agenda": [item]}
        )
    assert refused.value.message.startswith("Agenda item 1")
    assert "secret" not in refused.value.message
    assert list(g.agenda.values_list("topic", flat=True)) == ["Kept"]
    secret.refresh_from_db()
    assert secret.used_in is None


def test_an_agenda_item_from_the_group_s_own_topic_is_linked(world: World) -> None:
    topic = _topic(world.community, "Naps", world.member)
    _series, [g] = _schedule(
        world,
        agenda=[
            {"topic": "Naps", "activity": "story_sharing", "minutes": 20, "from_topic_id": topic.pk}
        ],
    )
    assert list(g.agenda.values_list("from_topic", flat=True)) == [topic.pk]
    topic.refresh_from_db()
    assert topic.used_in == g


def test_proposing_a_topic_writes_the_topic_and_its_vote_or_neither(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise IntegrityError("the vote could not be stored")

    monkeypatch.setattr(TopicVote.objects, "create", broken)
    with pytest.raises(IntegrityError):
        _topic(world.community, "Naps", world.member)
    assert not Topic.objects.exists()
    monkeypatch.undo()
    topic = _topic(world.community, "Naps", world.member)
    assert list(TopicVote.objects.values_list("topic", "user")) == [(topic.pk, world.member.pk)]


# --- Attendance: who was in the group at the time ----------------------------------------


def _past(world: World, days_ago: int) -> Gathering:
    return GatheringFactory(  # type: ignore[no-any-return]
        community=world.community, starts_at=timezone.now() - dt.timedelta(days=days_ago)
    )


def test_attendance_can_name_only_people_who_were_members_at_the_time(world: World) -> None:
    g = _past(world, days_ago=20)
    Membership.objects.filter(user__in=[world.member, world.facilitator]).update(
        joined_on=timezone.localdate() - dt.timedelta(days=60)
    )
    newcomer = make_member(world.community, UserFactory(name="Nia Newcomer"))  # joined today
    leaver = UserFactory(name="Lou Leaver")
    MembershipFactory(
        community=world.community,
        user=leaver,
        status="left",
        joined_on=timezone.localdate() - dt.timedelta(days=90),
        left_at=timezone.now() - dt.timedelta(days=5),  # after the gathering
    )
    gone_before = UserFactory(name="Gil Gone")
    MembershipFactory(
        community=world.community,
        user=gone_before,
        status="left",
        joined_on=timezone.localdate() - dt.timedelta(days=90),
        left_at=timezone.now() - dt.timedelta(days=30),  # before the gathering
    )
    assert {m.user_id for m in actions.attendance_candidates(g)} == {
        world.member.pk,
        world.facilitator.pk,
        leaver.pk,
    }
    for late in (newcomer, gone_before):
        with pytest.raises(Unprocessable, match="not a member of the group at the time"):
            actions.check_record_attendance(
                actor=world.facilitator,
                gathering=g,
                rows=[{"user_id": world.member.pk}, {"user_id": late.pk}],
            )
    assert not Attendance.objects.exists()
    rows = actions.check_record_attendance(
        actor=world.facilitator,
        gathering=g,
        rows=[{"user_id": world.member.pk}, {"user_id": leaver.pk}],
    )
    assert {a.user_id for a in rows} == {world.member.pk, leaver.pk}


def test_a_member_who_joined_on_the_day_of_the_gathering_can_be_listed(world: World) -> None:
    # world.gathering began an hour ago; everyone in the world joined today.
    rows = actions.check_record_attendance(
        actor=world.facilitator, gathering=world.gathering, rows=[{"user_id": world.member.pk}]
    )
    assert [a.user_id for a in rows] == [world.member.pk]


def test_the_refusal_names_former_members_and_only_counts_strangers(world: World) -> None:
    g = _past(world, days_ago=20)
    Membership.objects.filter(user=world.member).update(
        joined_on=timezone.localdate() - dt.timedelta(days=60)
    )
    newcomer = make_member(world.community, UserFactory(name="Nia Newcomer"))
    rows = [
        {"user_id": world.member.pk},
        {"user_id": newcomer.pk},
        {"user_id": world.outsider.pk},
        {"user_id": world.waitlisted.pk},
    ]
    with pytest.raises(Unprocessable) as refused:
        actions.check_record_attendance(actor=world.facilitator, gathering=g, rows=rows)
    message = refused.value.message
    assert message == (
        "Attendance was not saved: Nia Newcomer was not a member of the group at the time of "
        "this gathering and 2 other people on the list are not in this group. Only people who "
        "were members when the gathering took place can be listed."
    )
    assert "Otto" not in message and "Walt" not in message
    assert str(world.outsider.pk) not in message


# --- Cancelled gatherings ----------------------------------------------------------------


def test_a_cancelled_gathering_sends_no_notes_and_takes_no_debrief(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    g = world.gathering
    scheduling.do_cancel(actor=world.facilitator, gathering=g)
    mailoutbox.clear()
    with commits():
        scheduling.check_update_gathering(
            actor=world.facilitator, gathering=g, changes={"notes": "Snow day: we stayed home."}
        )
    assert mailoutbox == []
    g.refresh_from_db()
    assert g.notes_sent_at is None
    with pytest.raises(Conflict, match="cancelled"):
        actions.check_file_debrief(
            actor=world.mentor,
            gathering=g,
            logistics="Cancelled for snow",
            common_threads="",
            wonderings="",
        )
    assert not Debrief.objects.exists()


def test_a_cancelled_gathering_does_not_count_in_what_the_group_rates_best(
    world: World,
) -> None:
    held, called_off = world.gathering, _past(world, days_ago=7)
    for g, activity in ((held, "recognition"), (called_off, "research")):
        AgendaItem.objects.create(gathering=g, topic="Item", activity=activity, minutes=10)
        feedback.do_give_feedback(user=world.member, gathering=g, worked=[activity])
    assert {s.activity for s in feedback.activity_scores(world.community)} == {
        "recognition",
        "research",
    }
    scheduling.do_cancel(actor=world.facilitator, gathering=called_off)
    scores = feedback.activity_scores(world.community)
    assert [(s.activity, s.planned, s.worked) for s in scores] == [("recognition", 1, 1)]


# --- RSVPs and feedback ------------------------------------------------------------------


def test_an_rsvp_after_the_gathering_ended_is_refused(world: World) -> None:
    ended = _past(world, days_ago=1)
    with pytest.raises(Unprocessable, match="This gathering is over"):
        actions.do_rsvp(user=world.member, gathering=ended, response="yes")
    # Still going on (it began an hour ago and lasts 90 minutes): an answer is fine.
    actions.do_rsvp(user=world.member, gathering=world.gathering, response="yes")
    assert list(Rsvp.objects.values_list("gathering", flat=True)) == [world.gathering.pk]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"worked": "story_sharing"}, "worked"),
        ({"worked": [5]}, "worked"),
        ({"worked": [{"a": 1}]}, "worked"),
        ({"worked": ["story_sharing"] * 50}, "worked"),
        ({"worked": {"story_sharing": True}}, "worked"),
        ({"more_of": 3}, "more_of"),
        ({"more_of": ["story_sharing"]}, "more_of"),
        ({"less_of": "x" * 5000}, "less_of"),
        ({"less_of": "karaoke"}, "less_of"),
        ({"comment": 12}, "comment"),
        ({"comment": "x" * 2001}, "comment"),
    ],
)
def test_feedback_of_the_wrong_shape_is_refused_clearly(
    world: World, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        feedback.do_give_feedback(
            user=world.member, gathering=world.gathering, **{"worked": [], **fields}
        )
    assert list(refused.value.errors) == [field]
    assert refused.value.message.endswith(".")
    assert "x" * 100 not in refused.value.message  # long input is not echoed back
    assert not Feedback.objects.exists()


def test_feedback_on_a_cancelled_gathering_is_refused(world: World) -> None:
    scheduling.do_cancel(actor=world.facilitator, gathering=world.gathering)
    with pytest.raises(Conflict, match="cancelled"):
        feedback.do_give_feedback(user=world.member, gathering=world.gathering, worked=[])
    assert not Feedback.objects.exists()


# --- Plain messages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"action_points": "Bring boots"},
            "Action points must be a list of short texts, one for each thing to do.",
        ),
        (
            {"action_points": ["Bring boots"] * 51},
            "There can be at most 50 action points; there are 51. Please combine some of them.",
        ),
        (
            {"action_points": ["x" * 501]},
            "An action point is 501 characters; the limit is 500. Shorten it and send it again.",
        ),
        ({"title": " "}, "Please fill in the title."),
        ({"notes": 5}, "The notes must be written as text."),
        (
            {"agenda": [{"topic": "x", "activity": "karaoke", "minutes": 5}]},
            "Agenda item 1: “karaoke” is not one of the activities.",
        ),
        ({"agenda": "Check-in"}, "The agenda must be a list of items"),
        ({"agenda": ["Check-in"]}, "Agenda item 1 must have a topic, an activity and minutes."),
        ({"colour": "red"}, "These cannot be changed here: colour."),
    ],
)
def test_refusals_are_plain_sentences(world: World, changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        scheduling.check_update_gathering(
            actor=world.facilitator, gathering=world.gathering, changes=changes
        )
    assert message in refused.value.message
    assert "_" not in refused.value.message.split(":")[0]  # no field codes up front
