"""Scheduling, invitations, attendance, feedback, debriefs and reminders."""

from __future__ import annotations

import datetime as dt
import email
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar

from conftest import World
from fireside.gatherings import actions
from fireside.gatherings.models import (
    Attendance,
    Debrief,
    Gathering,
    NotificationPrefs,
    Series,
)
from fireside.lib.errors import Conflict, InvalidInput, Unprocessable
from fireside.lib.factories import GatheringFactory, UserFactory

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
    return actions.check_schedule(actor=world.facilitator, community=world.community, **fields)


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
        actions.check_update_gathering(
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
        actions.do_cancel(actor=world.facilitator, gathering=gathering)
    cancelled = next(m for m in mailoutbox if m.to == [world.member.email])
    filename, content, mimetype = cancelled.attachments[0]
    assert (filename, mimetype.split(";")[0]) == ("cancel.ics", "text/calendar")
    assert Calendar.from_ical(content)["METHOD"] == "CANCEL"
    with pytest.raises(Conflict):
        actions.do_cancel(actor=world.facilitator, gathering=gathering)


def test_changing_a_series_changes_only_future_untouched_occurrences(
    world: World, time_machine: Any
) -> None:
    time_machine.move_to(dt.datetime(2027, 2, 1, tzinfo=dt.UTC), tick=False)
    series, gatherings = _schedule(world, recurrence="FREQ=WEEKLY;COUNT=4")
    assert series is not None
    actions.check_update_gathering(
        actor=world.facilitator, gathering=gatherings[2], changes={"title": "Special guest"}
    )
    time_machine.move_to(dt.datetime(2027, 3, 5, tzinfo=dt.UTC), tick=False)  # 1st is past

    changed = actions.check_update_series(
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
        ({"recurrence": "FREQ=WEEKLY;COUNT=500"}, "more than 60"),
        ({"recurrence": "DTSTART:20270101T000000Z\nFREQ=DAILY"}, "RRULE"),
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
        with pytest.raises(Unprocessable, match="Only members"):
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
        actions.check_update_gathering(
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
        actions.check_update_gathering(
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
    assert actions.send_reminder.call(gathering_id=g.pk, sequence=g.sequence + 1) == 0
    with commits():
        assert actions.send_reminder.call(gathering_id=g.pk, sequence=g.sequence) == 2
    assert "Rainy-day gear (Showcase, 20 min)" in mailoutbox[0].body
    assert actions.send_reminder.call(gathering_id=g.pk, sequence=g.sequence) == 0  # once
    actions.do_cancel(actor=world.facilitator, gathering=g)
    assert actions.send_reminder.call(gathering_id=g.pk, sequence=g.sequence) == 0


def test_reminders_are_queued_for_the_worker_at_the_right_time(
    world: World, settings: Any, commits: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.GATHERING_REMINDER_DAYS = 3
    start = timezone.now() + dt.timedelta(days=10)
    with commits():
        _, [g] = _schedule(world, starts_at=start)
    reminder = DBTaskResult.objects.get(task_path="fireside.gatherings.actions.send_reminder")
    assert reminder.run_after == start.replace(microsecond=start.microsecond) - dt.timedelta(days=3)
    assert reminder.args_kwargs["kwargs"] == {"gathering_id": g.pk, "sequence": 0}


def test_feedback_tells_the_facilitator_what_the_group_rates_best(world: World) -> None:
    g = world.gathering
    actions.check_update_gathering(
        actor=world.facilitator,
        gathering=g,
        changes={
            "agenda": [
                {"topic": "Wins this month", "activity": "recognition", "minutes": 15},
                {"topic": "New study", "activity": "research", "minutes": 30},
            ]
        },
    )
    actions.do_give_feedback(
        user=world.member, gathering=g, worked=["recognition"], less_of="research"
    )
    actions.do_give_feedback(
        user=world.facilitator, gathering=g, worked=["recognition"], more_of="story_sharing"
    )
    scores = actions.activity_scores(world.community)
    assert [(s.activity, s.score) for s in scores] == [
        ("recognition", 2),
        ("story_sharing", 1),
        ("research", -1),
    ]
    with pytest.raises(InvalidInput):
        actions.do_give_feedback(user=world.member, gathering=g, worked=["karaoke"])


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
    feed = actions.feed_for(world.member)
    old = feed.token
    assert actions.feed_for(world.member).token == old
    assert actions.do_rotate_feed(user=world.member).token != old


def test_a_person_s_gatherings_are_those_of_their_active_groups(world: World) -> None:
    assert list(actions.gatherings_for(world.member)) == [world.gathering]
    assert list(actions.gatherings_for(world.waitlisted)) == []
    assert list(actions.gatherings_for(UserFactory())) == []
