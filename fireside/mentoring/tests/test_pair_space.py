"""The pair's space: the next catch-up (set, moved, cancelled, in each person's zone, as a
calendar file, reminded the day before), shared goals, and weeks connected in a row."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import World
from fireside.accounts.actions import do_erase_user
from fireside.accounts.personal_data import export
from fireside.lib.errors import Conflict, InvalidInput, NotFoundError
from fireside.mentoring import pair_space
from fireside.mentoring.models import CatchUp, CatchUpReminder, PairGoal, Pairing
from fireside.mentoring.tests.factories import make_connection, make_pairing
from fireside.notifications.models import Kind, Notification, Preference

VANCOUVER = ZoneInfo("America/Vancouver")
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)  # Wednesday, noon in Vancouver


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def pairing(world: World) -> Pairing:
    return make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 2)
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def wall(*parts: int) -> dt.datetime:
    """A wall-clock time, as a person types it: read in their own zone by the action."""
    return dt.datetime(*parts)  # noqa: DTZ001


def url(name: str, *args: Any) -> str:
    return reverse(f"mentoring:{name}", args=args)


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def _set(client: Client, pairing: Pairing, **fields: str) -> Any:
    data = {
        "catch_up-date": "2026-11-20",
        "catch_up-time": "16:30",
        "catch_up-minutes": "45",
        "catch_up-where": "Café Olive, Main St",
        **fields,
    }
    return client.post(url("set_catch_up", pairing.pk), data)


def test_a_partner_plans_a_catch_up_in_their_zone_and_the_other_is_told(
    client: Client, world: World, pairing: Pairing, commit: Any
) -> None:
    world.facilitator.timezone = "America/Toronto"
    world.facilitator.save(update_fields=["timezone"])
    client.force_login(world.member)  # no zone of her own: the program's (Vancouver)
    with commit():
        assert _set(client, pairing).status_code == 302
    catch_up = CatchUp.objects.get()
    assert catch_up.starts_at == dt.datetime(2026, 11, 20, 16, 30, tzinfo=VANCOUVER)
    assert (catch_up.minutes, catch_up.where, catch_up.sequence) == (45, "Café Olive, Main St", 0)
    # Fay hears of it by her settings (at once by default), at her own clock's time.
    note = Notification.objects.get(user=world.facilitator, kind=Kind.PAIR)
    assert note.text.endswith("Friday 20 November, 7:30 p.m.") and "Café" not in note.text
    [email] = mail.outbox
    assert email.to == [world.facilitator.email] and "7:30 p.m." in email.body
    assert "Café" not in email.body  # the place stays on the pair's page
    assert not Notification.objects.filter(user=world.member).exists()
    html = page(client.get(url("pair", pairing.pk)))
    assert "Friday 20 November, 4:30 p.m." in html and "Café Olive, Main St" in html
    assert url("catch_up_ics", pairing.pk) in html and "calendar.google.com" in html
    # The order on a phone: the catch-up, the goals, logging a connection, the log.
    spots = [html.index(f'id="{i}"') for i in ("catch-up", "goals", "log", "so-far")]
    assert spots == sorted(spots)
    client.force_login(world.facilitator)
    assert "Friday 20 November, 7:30 p.m." in page(client.get(url("pair", pairing.pk)))


def test_moving_keeps_one_catch_up_and_its_calendar_event(
    client: Client, world: World, pairing: Pairing
) -> None:
    client.force_login(world.member)
    _set(client, pairing)
    first = CatchUp.objects.get()
    client.force_login(world.facilitator)
    _set(client, pairing, **{"catch_up-date": "2026-11-23", "catch_up-where": ""})
    moved = CatchUp.objects.get()
    assert (moved.pk, moved.uid, moved.sequence) == (first.pk, first.uid, 1)
    assert moved.changed_by == world.facilitator and moved.created_by == world.member
    body = client.get(url("catch_up_ics", pairing.pk))
    assert body["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(body.content)
    assert cal["METHOD"] == "PUBLISH"
    [event] = cal.walk("VEVENT")
    assert str(event["UID"]) == first.uid and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == dt.datetime(2026, 11, 23, 16, 30, tzinfo=VANCOUVER)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=45)
    assert str(event["SUMMARY"]) == "Peer catch-up with Mina"  # Fay's download
    assert str(event["STATUS"]) == "CONFIRMED" and "LOCATION" not in event
    # Cancelled: the calendar file says so, with a higher sequence.
    assert client.post(url("cancel_catch_up", pairing.pk)).status_code == 302
    [event] = Calendar.from_ical(client.get(url("catch_up_ics", pairing.pk)).content).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 2
    assert pair_space.upcoming(pairing.pk) is None


def test_a_past_catch_up_offers_to_log_it(
    client: Client, world: World, pairing: Pairing, time_machine: Any
) -> None:
    client.force_login(world.member)
    _set(client, pairing, **{"catch_up-where": "https://meet.example.org/pair"})
    time_machine.move_to(NOW + dt.timedelta(days=3), tick=False)
    html = page(client.get(url("pair", pairing.pk)))
    assert "Log this catch-up" in html and 'value="2026-11-20"' in html
    assert '<option value="video" selected>' in html
    response = client.post(
        url("pair", pairing.pk), {"happened_on": "2026-11-20", "minutes": "45", "format": "video"}
    )
    assert response.status_code == 302
    assert "Log this catch-up" not in page(client.get(url("pair", pairing.pk)))


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"starts_at": wall(2026, 11, 18, 11, 0)}, "That time has passed"),
        ({"minutes": 500}, "from 5 to 180 minutes"),
        ({"where": "javascript://alert(1)"}, "starts with https://"),
        ({"where": "ftp://files.example.org"}, "starts with https://"),
        ({"where": "x" * 201}, "the limit is 200"),
        ({"starts_at": "tomorrow"}, "date and time"),
    ],
)
def test_a_catch_up_is_refused_with_a_clear_reason(
    world: World, pairing: Pairing, fields: dict[str, Any], words: str
) -> None:
    values = {"starts_at": wall(2026, 11, 19, 9, 0), "minutes": 30, "where": "", **fields}
    with pytest.raises(InvalidInput, match=words):
        pair_space.check_set_catch_up(user=world.member, pairing=pairing, **values)
    assert not CatchUp.objects.exists()


def test_only_the_pair_plans_and_reads_it(client: Client, world: World, pairing: Pairing) -> None:
    pair_space.check_set_catch_up(
        user=world.member, pairing=pairing, starts_at=wall(2026, 11, 19, 9, 0)
    )
    with pytest.raises(NotFoundError):
        pair_space.check_set_catch_up(
            user=world.outsider, pairing=pairing, starts_at=wall(2026, 11, 19, 9, 0)
        )
    for someone in (world.mentor, world.coordinator, world.staff, world.outsider):
        client.force_login(someone)
        assert client.get(url("catch_up_ics", pairing.pk)).status_code in (403, 404)
        response = client.post(url("add_goal", pairing.pk), {"goal-text": "x"})
        assert response.status_code in (403, 404)
    assert not PairGoal.objects.exists()


def test_the_reminder_goes_the_day_before_once_in_each_zone(
    world: World, pairing: Pairing, commit: Any
) -> None:
    world.facilitator.timezone = "Europe/Paris"
    world.facilitator.save(update_fields=["timezone"])
    # Friday 20 November, 08:00 in Vancouver: 17:00 in Paris.
    catch_up = pair_space.check_set_catch_up(
        user=world.member, pairing=pairing, starts_at=wall(2026, 11, 20, 8, 0)
    )
    mail.outbox.clear()
    thursday_morning = dt.datetime(2026, 11, 19, 10, 0, tzinfo=VANCOUVER)
    wednesday_noon = dt.datetime(2026, 11, 18, 12, 0, tzinfo=VANCOUVER)
    with commit():
        assert pair_space.send_catch_up_reminders(now=wednesday_noon) == 0  # two days before
        assert pair_space.send_catch_up_reminders(now=thursday_morning) == 2
        assert pair_space.send_catch_up_reminders(now=thursday_morning) == 0  # once only
    by_to = {m.to[0]: m for m in mail.outbox}
    mina, fay = by_to[world.member.email], by_to[world.facilitator.email]
    assert mina.subject == "Tomorrow: your catch-up with Fay"
    assert "Friday 20 November, 8 a.m." in mina.body
    assert "Friday 20 November, 5 p.m." in fay.body
    assert reverse("notifications:unsubscribe", args=["x"])[:-2] in fay.body
    # Moved to the same day, later: reminded again, unless someone turned the pair's news off.
    Preference.objects.create(
        user=world.facilitator, community=world.community, kind=Kind.PAIR, delivery="none"
    )
    pair_space.check_set_catch_up(
        user=world.member, pairing=pairing, starts_at=wall(2026, 11, 20, 9, 0)
    )
    with commit():
        assert pair_space.send_catch_up_reminders(now=thursday_morning) == 1
    assert CatchUpReminder.objects.filter(catch_up=catch_up).count() == 3


def test_the_job_runs_by_zone(world: World, pairing: Pairing, commit: Any) -> None:
    from django.core.management import call_command

    pair_space.check_set_catch_up(
        user=world.member, pairing=pairing, starts_at=wall(2026, 11, 19, 18, 0)
    )
    with commit():
        call_command("send_catch_up_reminders", "--zone=Europe/Paris")
    assert not CatchUpReminder.objects.exists()
    with commit():
        call_command("send_catch_up_reminders", "--zone=America/Vancouver")
    assert CatchUpReminder.objects.count() == 2


def test_goals_are_added_ticked_changed_and_removed(
    client: Client, world: World, pairing: Pairing
) -> None:
    client.force_login(world.member)
    client.post(url("add_goal", pairing.pk), {"goal-text": "Try one new read-aloud a week"})
    goal = PairGoal.objects.get()
    assert goal.created_by == world.member and not goal.is_done
    client.force_login(world.facilitator)
    client.post(url("update_goal", pairing.pk, goal.pk), {"done": "1"})
    goal.refresh_from_db()
    assert goal.is_done
    html = page(client.get(url("pair", pairing.pk)))
    assert "Try one new read-aloud a week" in html and "Not done after all" in html
    client.post(url("update_goal", pairing.pk, goal.pk), {"text": "Two read-alouds", "done": "0"})
    goal.refresh_from_db()
    assert (goal.text, goal.is_done) == ("Two read-alouds", False)
    client.post(url("delete_goal", pairing.pk, goal.pk))
    assert not PairGoal.objects.exists()


def test_ten_open_goals_at_most(world: World, pairing: Pairing) -> None:
    goals = [
        pair_space.check_add_goal(user=world.member, pairing=pairing, text=f"Goal {i}")
        for i in range(10)
    ]
    with pytest.raises(Conflict, match="10 open goals"):
        pair_space.check_add_goal(user=world.member, pairing=pairing, text="One more")
    pair_space.check_update_goal(user=world.member, pairing=pairing, goal=goals[0], done=True)
    pair_space.check_add_goal(user=world.member, pairing=pairing, text="One more")
    with pytest.raises(Conflict):  # reopening one would make eleven
        pair_space.check_update_goal(user=world.member, pairing=pairing, goal=goals[0], done=False)
    with pytest.raises(InvalidInput, match="required"):
        pair_space.check_add_goal(user=world.member, pairing=pairing, text="   ")


def test_goals_and_catch_ups_are_in_both_exports_and_outlive_an_erasure(
    world: World, pairing: Pairing
) -> None:
    pair_space.check_add_goal(user=world.member, pairing=pairing, text="Visit each other's room")
    pair_space.check_set_catch_up(
        user=world.member, pairing=pairing, starts_at=wall(2026, 11, 19, 9, 0)
    )
    for person in (world.member, world.facilitator):
        space = export(person)["pair_space"]
        assert space["pair_goals"][0]["text"] == "Visit each other's room"
        assert space["catch_ups"][0]["minutes"] == 30
    do_erase_user(user=world.member)
    goal = PairGoal.objects.get()
    assert goal.created_by is None and goal.text == "Visit each other's room"
    assert CatchUp.objects.get().created_by is None


def test_the_pair_page_counts_its_queries(
    client: Client, world: World, pairing: Pairing, django_assert_max_num_queries: Any
) -> None:
    for i in range(8):
        pair_space.check_add_goal(user=world.member, pairing=pairing, text=f"Goal {i}")
        make_connection(pairing, world.member, happened_on=dt.date(2026, 11, 2 + 2 * i))
    pair_space.check_set_catch_up(
        user=world.member, pairing=pairing, starts_at=wall(2026, 11, 19, 9, 0)
    )
    client.force_login(world.member)
    # As the pair page was (10 queries), the message thread's latest message, and the
    # catch-ups and the goals with their writers.
    with django_assert_max_num_queries(13):
        html = page(client.get(url("pair", pairing.pk)))
    assert "Goal 7" in html and "You have connected 3 weeks in a row." in html


# --- Weeks in a row -------------------------------------------------------------------------

WEDNESDAY = dt.date(2026, 11, 18)


def test_weeks_in_a_row_in_plain_cases() -> None:
    run = pair_space.weeks_in_a_row
    assert run([], WEDNESDAY) == 0
    assert run([WEDNESDAY], WEDNESDAY) == 1
    # This week has none yet: the run ends last week, unbroken.
    assert run([dt.date(2026, 11, 9), dt.date(2026, 11, 15)], WEDNESDAY) == 1
    assert run([dt.date(2026, 11, 2), dt.date(2026, 11, 15), WEDNESDAY], WEDNESDAY) == 3
    assert run([dt.date(2026, 11, 2), WEDNESDAY], WEDNESDAY) == 1  # a week missed
    assert run([dt.date(2026, 11, 20)], WEDNESDAY) == 0  # the future does not count


@given(
    weeks=st.sets(st.integers(min_value=0, max_value=40), max_size=30),
    weekday=st.integers(min_value=0, max_value=6),
)
def test_weeks_in_a_row_counts_the_unbroken_weeks_back_from_now(
    weeks: set[int], weekday: int
) -> None:
    """A connection in each week given as "n weeks ago" (on some day of it): the run is the
    unbroken weeks back from this week, or from last week while this one has none yet. More
    connections in the same weeks change nothing."""
    today = dt.date(2026, 11, 16) + dt.timedelta(days=weekday)
    monday = today - dt.timedelta(days=today.weekday())
    day_of = {w: monday - dt.timedelta(weeks=w) + dt.timedelta(days=(w * 3) % 7) for w in weeks}
    present = {w for w, d in day_of.items() if d <= today}
    start = 0 if 0 in present else 1
    expected = 0
    while start + expected in present:
        expected += 1
    days = list(day_of.values())
    assert pair_space.weeks_in_a_row(days, today) == expected
    mondays = [monday - dt.timedelta(weeks=w) for w in present]
    assert pair_space.weeks_in_a_row(days + mondays, today) == expected
