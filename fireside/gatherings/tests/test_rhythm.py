"""Changing the rhythm of a series: the action, its emails and calendars, the pages, the API."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.gatherings import ics, notices, rhythm, scheduling
from fireside.gatherings.models import AgendaItem, Attendance, Gathering, Series
from fireside.lib.errors import ActionError, Conflict, InvalidInput, Unprocessable

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def weekly(world: World, time_machine: Any) -> list[Gathering]:
    """Wednesdays at 19:00 in Paris, 7 October to 25 November 2026: the clocks go back on
    Sunday 25 October, in the middle."""
    time_machine.move_to(dt.datetime(2026, 10, 1, 8, 0, tzinfo=dt.UTC), tick=False)
    _series, gatherings, _notice = scheduling.check_schedule(
        actor=world.facilitator,
        community=world.community,
        title="Weekly circle",
        starts_at=dt.datetime(2026, 10, 7, 19, 0),
        duration_minutes=90,
        timezone_name="Europe/Paris",
        location="Kettle & Fern Café",
        recurrence="FREQ=WEEKLY;COUNT=8",
    )
    return gatherings


def _days(gatherings: Any) -> list[str]:
    return [
        getattr(g, "local_start", g).astimezone(PARIS).strftime("%m-%d %H:%M") for g in gatherings
    ]


def _snapshot() -> list[tuple[Any, ...]]:
    rows = Gathering.objects.order_by("pk").values_list(
        "pk", "series_id", "starts_at", "cancelled_at", "sequence", "title"
    )
    return [*rows, tuple(Series.objects.order_by("pk").values_list("pk", "rrule"))]


def test_the_preview_lists_new_kept_and_dropped_dates_and_writes_nothing(
    weekly: list[Gathering],
) -> None:
    before = _snapshot()
    plan = rhythm.plan_rhythm(gathering=weekly[1], rule="FREQ=WEEKLY;INTERVAL=2")
    assert _days(plan.starts) == ["10-14 19:00", "10-28 19:00", "11-11 19:00", "11-25 19:00"]
    assert plan.keep == [weekly[1], weekly[3], weekly[5], weekly[7]]
    assert plan.drop == [weekly[2], weekly[4], weekly[6]]
    assert plan.move == [] and plan.new == []
    assert _snapshot() == before


def test_weekly_to_every_second_week_splits_the_series_and_keeps_edits(
    world: World, weekly: list[Gathering], time_machine: Any, commits: Any
) -> None:
    old = weekly[0].series
    # The first gathering took place, with its attendance; the fourth has its own title
    # and agenda.
    time_machine.move_to(dt.datetime(2026, 10, 8, 8, 0, tzinfo=dt.UTC), tick=False)
    Attendance.objects.create(gathering=weekly[0], user=world.member, minutes=90)
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=weekly[3],
        changes={
            "title": "Showcase night",
            "agenda": [{"topic": "Mud kitchen", "activity": "showcase", "minutes": 30}],
        },
    )
    with commits():
        done = rhythm.check_change_rhythm(
            actor=world.facilitator,
            gathering=weekly[1],
            rule="FREQ=WEEKLY;INTERVAL=2",
            until=dt.date(2026, 12, 23),
        )
    assert done.series != old
    assert _days(done.created) == ["12-09 19:00", "12-23 19:00"]
    assert [g.pk for g in done.cancelled] == [weekly[2].pk, weekly[4].pk, weekly[6].pk]
    live = Gathering.objects.filter(community=world.community, cancelled_at__isnull=True)
    assert _days(live.filter(series=done.series)) == [
        "10-14 19:00",
        "10-28 19:00",
        "11-11 19:00",
        "11-25 19:00",
        "12-09 19:00",
        "12-23 19:00",
    ]
    first = Gathering.objects.get(pk=weekly[0].pk)
    assert first.series == old and not first.is_cancelled and first.sequence == 0
    assert Attendance.objects.filter(gathering=first).count() == 1
    showcase = Gathering.objects.get(pk=weekly[3].pk)
    assert showcase.title == "Showcase night" and showcase.series == done.series
    assert list(AgendaItem.objects.filter(gathering=showcase).values_list("topic", flat=True)) == [
        "Mud kitchen"
    ]
    dropped = Gathering.objects.get(pk=weekly[2].pk)
    assert dropped.is_cancelled and dropped.sequence == 1
    old.refresh_from_db()
    assert "COUNT" not in old.rrule and "UNTIL=20261014T" in old.rrule
    assert "INTERVAL=2" in done.series.rrule


def test_monthly_on_the_second_wednesday_moves_the_time_too(
    world: World, weekly: list[Gathering], commits: Any
) -> None:
    with commits():
        done = rhythm.check_change_rhythm(
            actor=world.facilitator,
            gathering=weekly[1],
            rule="FREQ=MONTHLY;BYDAY=2WE",
            start_time=dt.time(18, 30),
            until=dt.date(2027, 1, 31),
        )
    assert _days(done.kept) == ["10-14 18:30", "11-11 18:30"]
    assert done.moved == done.kept and {g.sequence for g in done.moved} == {1}
    assert _days(done.created) == ["12-09 18:30", "01-13 18:30"]
    assert len(done.cancelled) == 5


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"rule": "FREQ=WEEKLY;UNTIL=20261001T000000Z"}, InvalidInput, "makes no gatherings"),
        ({"rule": "EVERY SECOND WEEK"}, InvalidInput, "not one we can read"),
        ({"rule": ""}, InvalidInput, "how often"),
        ({"rule": "FREQ=WEEKLY", "until": dt.date(2027, 9, 1)}, Unprocessable, "program ends"),
        ({"rule": "FREQ=WEEKLY;COUNT=60"}, Unprocessable, "outside the program"),
        ({"rule": "FREQ=WEEKLY"}, Unprocessable, "nothing would change"),
        ({"rule": "FREQ=WEEKLY", "start_time": "7pm"}, InvalidInput, "time of day"),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(
    world: World,
    weekly: list[Gathering],
    mailoutbox: list[Any],
    commits: Any,
    arguments: dict[str, Any],
    error: type[ActionError],
    words: str,
) -> None:
    mailoutbox.clear()
    before = _snapshot()
    with commits(), pytest.raises(error) as refused:
        rhythm.check_change_rhythm(actor=world.facilitator, gathering=weekly[1], **arguments)
    assert words in refused.value.message
    assert _snapshot() == before and mailoutbox == []


def test_dropping_a_gathering_with_recorded_attendance_is_refused(
    world: World, weekly: list[Gathering], mailoutbox: list[Any]
) -> None:
    Attendance.objects.create(gathering=weekly[2], user=world.member, minutes=90)
    mailoutbox.clear()
    before = _snapshot()
    with pytest.raises(Conflict) as refused:
        rhythm.check_change_rhythm(
            actor=world.facilitator, gathering=weekly[1], rule="FREQ=WEEKLY;INTERVAL=2"
        )
    assert "21 October 2026" in refused.value.message
    assert "attendance recorded" in refused.value.message
    assert _snapshot() == before and mailoutbox == []


def test_a_start_in_the_past_or_outside_a_series_is_refused(
    world: World, weekly: list[Gathering], time_machine: Any
) -> None:
    time_machine.move_to(dt.datetime(2026, 10, 15, 8, 0, tzinfo=dt.UTC), tick=False)
    with pytest.raises(Unprocessable, match="has passed"):
        rhythm.plan_rhythm(gathering=weekly[1], rule="FREQ=WEEKLY;INTERVAL=2")
    with pytest.raises(Conflict, match="not part of a series"):
        rhythm.plan_rhythm(gathering=world.gathering, rule="FREQ=WEEKLY;INTERVAL=2")
    scheduling.do_cancel(actor=world.facilitator, gathering=weekly[3])
    with pytest.raises(Conflict, match="cancelled"):
        rhythm.plan_rhythm(gathering=weekly[3], rule="FREQ=WEEKLY;INTERVAL=2")


def test_members_get_a_cancellation_and_invitations_in_their_language(
    world: World, weekly: list[Gathering], mailoutbox: list[Any], commits: Any
) -> None:
    world.member.language = "fr-ca"
    world.member.save()
    mailoutbox.clear()
    with commits():
        rhythm.check_change_rhythm(
            actor=world.facilitator,
            gathering=weekly[1],
            rule="FREQ=WEEKLY;INTERVAL=2",
            until=dt.date(2026, 12, 23),
        )
    # Each active member: one cancellation, one invitation to the new dates.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.member.email, world.facilitator.email] * 2
    )
    mine = [m for m in mailoutbox if m.to == [world.member.email]]
    cancel = next(m for m in mine if m.attachments[0][0] == "cancel.ics")
    assert "3 rencontres annulées" in cancel.subject
    assert "mercredi 21 octobre 2026, 19\xa0h\xa000 (Europe/Paris)" in cancel.body
    invite = next(m for m in mine if m.attachments[0][0] == "invite.ics")
    assert "2 rencontres" in invite.subject
    theirs = next(
        m
        for m in mailoutbox
        if m.to == [world.facilitator.email] and m.attachments[0][0] == "cancel.ics"
    )
    assert "3 gatherings cancelled" in theirs.subject
    assert "Wednesday 21 October 2026, 19:00 (Europe/Paris)" in theirs.body


def test_calendars_read_back_keep_wall_clock_time_across_the_dst_change(
    world: World, weekly: list[Gathering], mailoutbox: list[Any], commits: Any
) -> None:
    mailoutbox.clear()
    with commits():
        rhythm.check_change_rhythm(
            actor=world.facilitator,
            gathering=weekly[1],
            rule="FREQ=WEEKLY;INTERVAL=2",
            start_time=dt.time(18, 30),
            until=dt.date(2026, 12, 23),
        )
    mine = {
        m.attachments[0][0] + m.subject[:3]: m for m in mailoutbox if m.to == [world.member.email]
    }
    cancel = next(Calendar.from_ical(m.attachments[0][1]) for k, m in mine.items() if "cancel" in k)
    assert cancel["METHOD"] == "CANCEL"
    cancelled = cancel.walk("VEVENT")
    assert {str(e["STATUS"]) for e in cancelled} == {"CANCELLED"}
    assert {int(e["SEQUENCE"]) for e in cancelled} == {1}
    assert {str(e["UID"]) for e in cancelled} == {weekly[i].uid for i in (2, 4, 6)}
    # 21 October is summer time (UTC+2), 4 November winter time (UTC+1): 19:00 both.
    starts = sorted(e.decoded("DTSTART") for e in cancelled)
    assert [s.astimezone(PARIS).strftime("%m-%d %H:%M") for s in starts] == [
        "10-21 19:00",
        "11-04 19:00",
        "11-18 19:00",
    ]
    assert [s.astimezone(dt.UTC).hour for s in starts] == [17, 18, 18]

    # The subscribed feed: the same UIDs, replaced, at 18:30 wall-clock time on both sides.
    feed = Calendar.from_ical(ics.calendar(notices.gatherings_for(world.member), name="feed"))
    assert "METHOD" not in feed
    events = recurring_ical_events.of(feed).between(
        dt.datetime(2026, 10, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    )
    confirmed = sorted(
        (
            e.decoded("DTSTART")
            for e in events
            if str(e["STATUS"]) == "CONFIRMED" and str(e["UID"]) != world.gathering.uid
        ),
    )
    assert [s.astimezone(PARIS).strftime("%m-%d %H:%M") for s in confirmed] == [
        "10-07 19:00",
        "10-14 18:30",
        "10-28 18:30",
        "11-11 18:30",
        "11-25 18:30",
        "12-09 18:30",
        "12-23 18:30",
    ]
    assert [s.astimezone(dt.UTC).strftime("%H:%M") for s in confirmed[1:3]] == ["16:30", "17:30"]
    by_uid = {str(e["UID"]): e for e in events}
    assert str(by_uid[weekly[2].uid]["STATUS"]) == "CANCELLED"
    assert int(by_uid[weekly[2].uid]["SEQUENCE"]) == 1
    assert int(by_uid[weekly[3].uid]["SEQUENCE"]) == 1  # moved to 18:30


# --- Pages -------------------------------------------------------------------------------


def test_the_page_previews_then_changes(
    client: Any, world: World, weekly: list[Gathering], mailoutbox: list[Any], commits: Any
) -> None:
    client.force_login(world.facilitator)
    url = f"/gatherings/{weekly[1].pk}/rhythm/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Change the rhythm from here on" in page.content.decode()
    detail = client.get(f"/gatherings/{weekly[1].pk}/").content.decode()
    assert url in detail
    series_page = client.get(f"/gatherings/series/{weekly[0].series_id}/").content.decode()
    assert f"/gatherings/{weekly[0].pk}/rhythm/" in series_page
    posted = {
        "start_from": weekly[1].pk,
        "repeat": "fortnightly",
        "start_time": "19:00",
        "until": "2026-11-25",
    }
    before = _snapshot()
    preview = client.post(url, posted)
    text = preview.content.decode()
    assert preview.status_code == 200 and "Check the new dates" in text
    assert "Wednesday 28 October 2026, 19:00" in text
    assert "Wednesday 21 October 2026, 19:00" in text  # among the cancelled
    assert _snapshot() == before
    mailoutbox.clear()
    with commits():
        done = client.post(url, {**posted, "confirm": "1"})
    assert done.status_code == 302
    assert Gathering.objects.filter(pk=weekly[2].pk, cancelled_at__isnull=False).exists()
    assert mailoutbox


def test_the_page_explains_a_refusal_and_changes_nothing(
    client: Any, world: World, weekly: list[Gathering]
) -> None:
    client.force_login(world.facilitator)
    before = _snapshot()
    response = client.post(
        f"/gatherings/{weekly[1].pk}/rhythm/",
        {"start_from": weekly[1].pk, "repeat": "weekly", "until": "2027-09-01", "confirm": "1"},
    )
    assert response.status_code == 200
    assert "On or before the program" in response.content.decode()
    assert _snapshot() == before


def test_members_may_not_change_the_rhythm(
    client: Any, world: World, weekly: list[Gathering]
) -> None:
    client.force_login(world.member)
    assert client.get(f"/gatherings/{weekly[1].pk}/rhythm/").status_code == 403


def test_the_preview_reads_a_bounded_number_of_rows(
    client: Any,
    world: World,
    weekly: list[Gathering],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(world.facilitator)
    with django_assert_max_num_queries(40):
        response = client.post(
            f"/gatherings/{weekly[1].pk}/rhythm/",
            {"start_from": weekly[1].pk, "repeat": "fortnightly", "until": "2026-11-25"},
        )
    assert response.status_code == 200


# --- API ---------------------------------------------------------------------------------


def _api(client: Any, user: Any, series: Series, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/series/{series.pk}/rhythm",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(user)}"},
    )


def test_the_api_previews_with_dry_run_then_applies(
    client: Any, world: World, weekly: list[Gathering], commits: Any
) -> None:
    series = weekly[0].series
    before = _snapshot()
    body = {"rule": "FREQ=WEEKLY;INTERVAL=2", "from_gathering_id": weekly[1].pk}
    preview = _api(client, world.facilitator, series, {**body, "dry_run": True})
    assert preview.status_code == 200, preview.content
    assert preview.json()["cancelled"] == [weekly[2].pk, weekly[4].pk, weekly[6].pk]
    assert _snapshot() == before
    with commits():
        applied = _api(client, world.facilitator, series, {**body, "until": "2026-12-09"})
    assert applied.status_code == 200, applied.content
    data = applied.json()
    assert data["series_id"] != series.pk
    assert [g["starts_at"][:16] for g in data["created"]] == ["2026-12-09T19:00"]
    assert all(g["cancelled"] for g in data["cancelled"])


def test_the_api_refuses_with_a_clear_message(
    client: Any, world: World, weekly: list[Gathering]
) -> None:
    series = weekly[0].series
    Attendance.objects.create(gathering=weekly[2], user=world.member, minutes=90)
    refused = _api(
        client,
        world.facilitator,
        series,
        {"rule": "FREQ=WEEKLY;INTERVAL=2", "from_gathering_id": weekly[1].pk},
    )
    assert refused.status_code == 409
    assert "attendance" in refused.json()["detail"]
    other = _api(
        client,
        world.facilitator,
        series,
        {"rule": "FREQ=WEEKLY;INTERVAL=2", "from_gathering_id": world.gathering.pk},
    )
    assert other.status_code == 422
    assert _api(client, world.member, series, {"rule": "FREQ=WEEKLY"}).status_code == 403


def test_the_subscribed_feed_shows_the_change(
    client: Any, world: World, weekly: list[Gathering], time_machine: Any
) -> None:
    feed_url = f"/gatherings/feed/{notices.feed_for(world.member).token}.ics"
    before = Calendar.from_ical(client.get(feed_url).content)
    assert {str(e["STATUS"]) for e in before.walk("VEVENT")} == {"CONFIRMED"}
    time_machine.move_to(dt.datetime(2026, 10, 2, 8, 0, tzinfo=dt.UTC), tick=False)
    rhythm.check_change_rhythm(
        actor=world.facilitator, gathering=weekly[1], rule="FREQ=WEEKLY;INTERVAL=2"
    )
    after = Calendar.from_ical(client.get(feed_url).content)
    status = {str(e["UID"]): str(e["STATUS"]) for e in after.walk("VEVENT")}
    assert [status[g.uid] for g in weekly] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
        "CONFIRMED",
        "CANCELLED",
        "CONFIRMED",
        "CANCELLED",
        "CONFIRMED",
    ]
