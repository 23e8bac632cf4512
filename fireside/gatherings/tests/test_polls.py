"""Date polls: a facilitator proposes times, members answer yes / if need be / no, the best
becomes a gathering (or a series) with the usual invitations. Bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import UserFactory, make_member
from fireside.gatherings import polls
from fireside.gatherings.models import DatePoll, Gathering, NotificationPrefs, PollAnswer, Series
from fireside.lib.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db
VANCOUVER = ZoneInfo("America/Vancouver")


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def today() -> dt.date:
    return timezone.now().astimezone(VANCOUVER).date()


def at(days: int, hour: int = 19) -> dt.datetime:
    """Wall-clock time in Vancouver, `days` from today."""
    return dt.datetime.combine(today() + dt.timedelta(days=days), dt.time(hour, 0))


def options(*days: int) -> list[dict[str, Any]]:
    return [{"starts_at": at(d), "duration_minutes": 90} for d in days]


def open_poll(w: World, **changes: Any) -> DatePoll:
    args: dict[str, Any] = {
        "actor": w.facilitator,
        "community": w.community,
        "title": "Our next circle",
        "closes_on": today() + dt.timedelta(days=2),
        "options": options(5, 6, 7),
        "location": "Orchard Street Library",
    }
    return polls.check_create_poll(**(args | changes))


def counts() -> tuple[int, int, int]:
    from fireside.gatherings.models import PollOption

    return DatePoll.objects.count(), PollOption.objects.count(), Gathering.objects.count()


# --- Actions -------------------------------------------------------------------------------


def test_a_facilitator_opens_a_poll_and_the_members_are_invited(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    world.member.language = "fr"
    world.member.save()
    with commits():
        poll = open_poll(world, note="Bring your calendars")
    assert [o.local_start for o in poll.options.all()] == [
        at(d).replace(tzinfo=VANCOUVER) for d in (5, 6, 7)
    ]
    (message,) = mailoutbox  # Mina, not Fay who opened it
    assert message.to == [world.member.email]
    assert "sondage" in message.subject.lower()  # in her language
    assert "Our next circle" in message.body and "Bring your calendars" in message.body
    assert reverse("gatherings:poll", args=[poll.pk]) in message.body


def test_a_member_who_turned_invitations_off_gets_no_email(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    NotificationPrefs.objects.create(user=world.member, invitations=False)
    with commits():
        open_poll(world)
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"options": []}, "at least 2 options"),
        ({"options": options(5)}, "at least 2 options"),
        ({"options": options(*range(3, 14))}, "at most 10"),
        ({"options": options(5, 5)}, "are the same"),
        ({"options": [*options(5), {"starts_at": at(-3), "duration_minutes": 90}]}, "past"),
        (
            {
                "options": [
                    *options(5),
                    {"starts_at": dt.datetime(2027, 9, 1, 19), "duration_minutes": 90},
                ]
            },
            "outside the program",
        ),
        ({"closes_on": dt.date(2027, 8, 1)}, "end of the program"),
        ({"closes_on": today() - dt.timedelta(days=1)}, "in the past"),
        ({"closes_on": today() + dt.timedelta(days=6)}, "after the first date"),
        ({"title": " "}, "fill in the title"),
        ({"kind": "monthly"}, "one gathering"),
        ({"options": [{"starts_at": at(5), "duration_minutes": 2}, *options(6)]}, "duration"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    world: World, mailoutbox: list[Any], changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        open_poll(world, **changes)
    assert message in refused.value.message
    assert counts() == (0, 0, 1) and mailoutbox == []


def test_members_answer_and_change_their_answers_until_it_closes(world: World) -> None:
    poll = open_poll(world)
    first, second, third = poll.options.all()
    polls.do_answer_poll(user=world.member, poll=poll, answers={first.pk: "yes", second.pk: "no"})
    polls.do_answer_poll(user=world.member, poll=poll, answers={str(second.pk): "if_need_be"})
    assert polls.answers_of(world.member, poll) == {first.pk: "yes", second.pk: "if_need_be"}
    for bad in ({}, {third.pk: "perhaps"}, {999999: "yes"}, {"x": "yes"}, ["yes"]):
        with pytest.raises(InvalidInput):
            polls.do_answer_poll(user=world.member, poll=poll, answers=bad)
    DatePoll.objects.filter(pk=poll.pk).update(closes_on=today() - dt.timedelta(days=1))
    poll.refresh_from_db()
    with pytest.raises(Conflict):
        polls.do_answer_poll(user=world.member, poll=poll, answers={third.pk: "yes"})
    assert PollAnswer.objects.count() == 2


def test_results_put_the_best_first_and_name_members_only(world: World) -> None:
    poll = open_poll(world)
    first, second, third = poll.options.all()
    polls.do_answer_poll(user=world.member, poll=poll, answers={second.pk: "yes", third.pk: "yes"})
    polls.do_answer_poll(
        user=world.facilitator, poll=poll, answers={third.pk: "yes", second.pk: "if_need_be"}
    )
    gone = make_member(world.community, UserFactory(name="Lee Left"))
    polls.do_answer_poll(user=gone, poll=poll, answers={first.pk: "yes"})
    gone.memberships.update(status="left")
    rows = polls.results(poll)
    assert [r.option for r in rows] == [third, second, first]
    assert (rows[0].yes, rows[1].yes, rows[1].if_need_be, rows[2].yes) == (2, 1, 1, 0)
    assert rows[0].names["yes"] == ["Fay Facilitator", "Mina Member"]


def test_deciding_schedules_the_gathering_and_invites_everyone(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    poll = open_poll(world)
    chosen = poll.options.all()[1]
    mailoutbox.clear()
    with commits():
        scheduled = polls.check_decide_poll(actor=world.facilitator, poll=poll, option_id=chosen.pk)
    (gathering,) = scheduled.gatherings
    assert gathering.starts_at == chosen.starts_at and gathering.title == "Our next circle"
    assert gathering.location == "Orchard Street Library"
    poll.refresh_from_db()
    assert (poll.state, poll.gathering) == (DatePoll.State.DECIDED, gathering)
    assert {m.to[0] for m in mailoutbox} == {world.member.email, world.facilitator.email}
    with pytest.raises(Conflict):
        polls.check_decide_poll(actor=world.facilitator, poll=poll, option_id=chosen.pk)
    assert Gathering.objects.count() == 2


def test_deciding_refuses_bad_input_and_changes_nothing(world: World) -> None:
    poll = open_poll(world, location="")
    with pytest.raises(InvalidInput, match="where the group meets"):
        polls.check_decide_poll(
            actor=world.facilitator, poll=poll, option_id=poll.options.first().pk
        )  # type: ignore[union-attr]
    with pytest.raises(InvalidInput, match="options"):
        polls.check_decide_poll(actor=world.facilitator, poll=poll, option_id=12345)
    poll.refresh_from_db()
    assert poll.state == DatePoll.State.OPEN and Gathering.objects.count() == 1


def test_a_series_poll_becomes_a_weekly_series(world: World) -> None:
    poll = open_poll(
        world,
        kind="series",
        options=[
            {"weekday": 2, "time": dt.time(19), "duration_minutes": 90},
            {"weekday": 3, "time": dt.time(18, 30), "duration_minutes": 90},
        ],
        closes_on=today() + dt.timedelta(days=3),
    )
    wednesday = poll.options.get(weekday=2)
    assert polls.describe(wednesday) == "Wednesday at 19:00 (90 min)"
    scheduled = polls.check_decide_poll(
        actor=world.facilitator, poll=poll, option_id=wednesday.pk, every_weeks=2, count=4
    )
    assert isinstance(scheduled.series, Series)
    assert scheduled.series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=4"
    starts = [g.local_start for g in scheduled.gatherings]
    assert len(starts) == 4 and {s.weekday() for s in starts} == {2}
    assert {(s.hour, s.minute) for s in starts} == {(19, 0)}
    assert starts[0].date() > today()


def test_a_series_poll_refuses_a_missing_weekday(world: World) -> None:
    with pytest.raises(InvalidInput, match="weekday"):
        open_poll(
            world,
            kind="series",
            options=[{"weekday": 9, "time": dt.time(19), "duration_minutes": 90}] * 2,
        )
    assert counts() == (0, 0, 1)


# --- Pages ---------------------------------------------------------------------------------


def test_a_facilitator_opens_a_poll_on_the_web(
    client: Client, world: World, mailoutbox: list[Any], commits: Any
) -> None:
    client.force_login(world.facilitator)
    page = client.get(reverse("gatherings:community_list", args=[world.community.pk]))
    new_url = reverse("gatherings:new_poll", args=[world.community.pk])
    assert new_url in page.content.decode()
    form = {
        "kind": "once",
        "title": "Spring circle",
        "closes_on": (today() + dt.timedelta(days=2)).isoformat(),
        "duration_minutes": "90",
        "timezone": "America/Vancouver",
        "location": "Library",
        "date_1": at(5).date().isoformat(),
        "time_1": "19:00",
    }
    refused = client.post(new_url, form)
    assert refused.status_code == 200 and "at least 2 options" in refused.content.decode()
    assert DatePoll.objects.count() == 0
    half = client.post(new_url, form | {"date_2": at(6).date().isoformat()})
    assert "Give both the day and the time" in half.content.decode()
    with commits():
        done = client.post(
            new_url, form | {"date_2": at(6).date().isoformat(), "time_2": "18:00"}, follow=True
        )
    poll = DatePoll.objects.get()
    assert "The poll is open" in done.content.decode()
    assert [o.local_start.hour for o in poll.options.all()] == [19, 18]  # type: ignore[union-attr]
    assert len(mailoutbox) == 1


def test_a_member_answers_and_the_facilitator_turns_it_into_a_gathering(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    poll = open_poll(world)
    first, second, _third = poll.options.all()
    client.force_login(world.member)
    listing = client.get(reverse("gatherings:community_list", args=[world.community.pk]))
    assert "Our next circle" in listing.content.decode()
    url = reverse("gatherings:poll", args=[poll.pk])
    page = client.get(url).content.decode()
    assert 'type="radio"' in page and "Turn into a gathering" not in page
    answer_url = reverse("gatherings:poll_answer", args=[poll.pk])
    bad = client.post(answer_url, {f"option_{first.pk}": "perhaps"})
    assert bad.status_code == 200 and PollAnswer.objects.count() == 0
    done = client.post(
        answer_url, {f"option_{first.pk}": "no", f"option_{second.pk}": "yes"}, follow=True
    )
    assert "Your answers are saved" in done.content.decode()
    client.force_login(world.facilitator)
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "Mina Member" in page and "Turn into a gathering" in page
    decided = client.post(
        reverse("gatherings:poll_decide", args=[poll.pk]),
        {"option": second.pk, "title": "Spring circle", "location": "Library"},
        follow=True,
    )
    gathering = Gathering.objects.get(title="Spring circle")
    assert decided.redirect_chain[-1][0] == reverse("gatherings:detail", args=[gathering.pk])
    assert gathering.starts_at == second.starts_at
    client.force_login(world.member)
    assert "Decided." in client.get(url).content.decode()


def test_only_members_see_a_poll(client: Client, world: World) -> None:
    poll = open_poll(world)
    url = reverse("gatherings:poll", args=[poll.pk])
    for person, status in [
        (world.coordinator, 403),
        (world.mentor, 403),
        (world.outsider, 404),
        (world.staff, 404),
    ]:
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == status
        assert "Our next circle" not in response.content.decode()
    client.force_login(world.member)
    decide = client.post(reverse("gatherings:poll_decide", args=[poll.pk]), {})
    assert decide.status_code == 403


# --- Home ----------------------------------------------------------------------------------


def test_the_home_asks_members_to_answer_until_they_do(client: Client, world: World) -> None:
    poll = open_poll(world)
    client.force_login(world.member)
    assert f"Answer the date poll for {world.community.name}" in client.get("/").content.decode()
    polls.do_answer_poll(
        user=world.member,
        poll=poll,
        answers={poll.options.first().pk: "yes"},  # type: ignore[union-attr]
    )
    assert "Answer the date poll" not in client.get("/").content.decode()
    client.force_login(world.coordinator)
    assert "Answer the date poll" not in client.get("/").content.decode()


def test_the_home_task_goes_when_the_poll_closes(client: Client, world: World) -> None:
    open_poll(world)
    DatePoll.objects.update(closes_on=today() - dt.timedelta(days=2))
    client.force_login(world.member)
    assert "Answer the date poll" not in client.get("/").content.decode()


# --- API -----------------------------------------------------------------------------------


def call(client: Client, user: Any, method: str, url: str, body: Any = None) -> Any:
    return client.generic(
        method,
        url,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(user)}"},
    )


def test_the_api_opens_answers_and_decides_a_poll(client: Client, world: World) -> None:
    base = f"/api/v1/communities/{world.community.pk}/polls"
    body = {
        "title": "API circle",
        "closes_on": (today() + dt.timedelta(days=2)).isoformat(),
        "location": "Library",
        "options": [
            {"starts_at": at(5).isoformat(), "duration_minutes": 90},
            {"starts_at": at(6).isoformat(), "duration_minutes": 60},
        ],
    }
    refused = call(client, world.facilitator, "POST", base, body | {"options": body["options"][:1]})
    assert refused.status_code == 400 and "at least 2" in refused.json()["detail"]
    assert call(client, world.member, "POST", base, body).status_code == 403
    created = call(client, world.facilitator, "POST", base, body)
    assert created.status_code == 201, created.content
    poll = created.json()
    assert [o["duration_minutes"] for o in poll["options"]] == [90, 60]
    second = poll["options"][1]["id"]
    answered = call(
        client,
        world.member,
        "POST",
        f"/api/v1/polls/{poll['id']}/answers",
        {"answers": [{"option_id": second, "answer": "yes"}]},
    )
    assert answered.status_code == 200
    assert answered.json()["options"][0]["names"]["yes"] == ["Mina Member"]
    listed = call(client, world.member, "GET", base).json()
    assert [p["title"] for p in listed["items"]] == ["API circle"]
    assert call(client, world.coordinator, "GET", f"/api/v1/polls/{poll['id']}").status_code == 403
    decided = call(
        client,
        world.facilitator,
        "POST",
        f"/api/v1/polls/{poll['id']}/decide",
        {"option_id": second},
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["poll"]["state"] == "decided"
    assert decided.json()["gatherings"][0]["duration_minutes"] == 60


def test_a_series_poll_on_the_web_becomes_a_series(client: Client, world: World) -> None:
    client.force_login(world.facilitator)
    new_url = reverse("gatherings:new_poll", args=[world.community.pk]) + "?kind=series"
    assert "Option 1: weekday" in client.get(new_url).content.decode()
    client.post(
        new_url,
        {
            "kind": "series",
            "title": "Which evening?",
            "closes_on": (today() + dt.timedelta(days=2)).isoformat(),
            "duration_minutes": "60",
            "timezone": "America/Vancouver",
            "online_url": "https://meet.example.org/circle",
            "weekday_1": "1",
            "time_1": "19:00",
            "weekday_2": "3",
            "time_2": "19:00",
        },
    )
    poll = DatePoll.objects.get(kind="series")
    thursday = poll.options.get(weekday=3)
    response = client.post(
        reverse("gatherings:poll_decide", args=[poll.pk]),
        {
            "option": thursday.pk,
            "title": "Thursday circle",
            "online_url": "https://meet.example.org/circle",
            "every_weeks": "2",
            "count": "3",
        },
        follow=True,
    )
    assert "The gathering is in the calendar" in response.content.decode()
    starts = [g.local_start for g in Gathering.objects.filter(title="Thursday circle")]
    assert len(starts) == 3 and {s.weekday() for s in starts} == {3}
    assert starts[1] - starts[0] == dt.timedelta(weeks=2)


def test_the_api_says_a_poll_past_its_day_is_closed(client: Client, world: World) -> None:
    poll = open_poll(world)
    DatePoll.objects.filter(pk=poll.pk).update(closes_on=today() - dt.timedelta(days=1))
    data = call(client, world.member, "GET", f"/api/v1/polls/{poll.pk}").json()
    assert (data["state"], data["open"]) == ("closed", False)
    refused = call(
        client,
        world.member,
        "POST",
        f"/api/v1/polls/{poll.pk}/answers",
        {"answers": [{"option_id": data["options"][0]["id"], "answer": "yes"}]},
    )
    assert refused.status_code == 409 and PollAnswer.objects.count() == 0
