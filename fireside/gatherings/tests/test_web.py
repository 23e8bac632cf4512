"""The gathering pages: the schedule, scheduling a series, one gathering with its RSVPs and
feedback, editing, cancelling, attendance, notes, topics and the mentor debrief."""

from __future__ import annotations

import datetime as dt
import email
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.communities.models import Membership
from fireside.demo.factories import (
    CommunityFactory,
    GatheringFactory,
    MembershipFactory,
    UserFactory,
    make_member,
)
from fireside.gatherings import agendas, scheduling
from fireside.gatherings.forms import ScheduleForm
from fireside.gatherings.models import (
    AgendaItem,
    Attendance,
    Debrief,
    Feedback,
    Gathering,
    Rsvp,
    Series,
    Topic,
    TopicVote,
)

pytestmark = pytest.mark.django_db
VANCOUVER = ZoneInfo("America/Vancouver")


def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def flash(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def second_wednesday_of_february() -> dt.date:
    """Next year's: Vancouver's clocks go forward in March, between it and April."""
    first = dt.date(timezone.now().year + 1, 2, 1)
    return first + dt.timedelta(days=(2 - first.weekday()) % 7 + 7)


def schedule_form(**overrides: str) -> dict[str, str]:
    return {
        "title": "Monthly circle",
        "date": (timezone.now() + dt.timedelta(days=10)).date().isoformat(),
        "start_time": "19:00",
        "duration_minutes": "90",
        "timezone": "America/Vancouver",
        "location": "Orchard Street Library, room B",
        "online_url": "",
        "repeat": "none",
        "ends": "count",
        "count": "8",
        "until": "",
        **overrides,
    }


def url(name: str, *args: Any) -> str:
    return reverse(f"gatherings:{name}", args=args)


def past_gathering(world: World, **fields: Any) -> Gathering:
    return GatheringFactory(  # type: ignore[no-any-return]
        community=world.community,
        starts_at=timezone.now() - dt.timedelta(days=fields.pop("days_ago", 14)),
        **fields,
    )


# --- The group's schedule ---------------------------------------------------------------


def test_it_lists_coming_and_past_gatherings_with_links_and_calendars_for_members(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    soon = GatheringFactory(community=world.community, title="Walk in the park")
    old = past_gathering(world, title="First circle")
    Attendance.objects.create(gathering=old, user=world.member, minutes=90)
    Rsvp.objects.create(gathering=soon, user=world.member, response="yes")
    GatheringFactory(community=world.other_community, title="Somebody else's circle")
    signed_in(client, world.member)
    # session, user, community + program, membership, current agreement, roles,
    # program staff, gatherings of the last day and on, older gatherings, open date polls,
    # unread notifications
    with django_assert_num_queries(11):
        html = page(client.get(url("community_list", world.community.pk)))
    assert (
        html.index("Walk in the park") < html.index("Past gatherings") < html.index("First circle")
    )
    assert url("detail", soon.pk) in html
    assert url("detail", old.pk) in html
    assert "1 coming" in html
    assert "1 came" in html
    assert "Somebody else" not in html
    assert f"/api/v1/communities/{world.community.pk}/calendar.ics" in html
    assert url("calendar") in html
    assert url("schedule", world.community.pk) not in html  # members do not plan


def test_it_shows_mentors_times_and_counts_without_links_or_places(
    client: Client, world: World
) -> None:
    old = past_gathering(world, title="First circle", location="12 Secret Lane")
    Attendance.objects.create(gathering=old, user=world.member, minutes=90)
    html = page(signed_in(client, world.mentor).get(url("community_list", world.community.pk)))
    assert "First circle" in html
    assert "1 came" in html
    assert "12 Secret Lane" not in html
    assert f'href="{url("detail", old.pk)}"' not in html
    assert url("debrief", old.pk) in html
    assert "calendar.ics" not in html


def test_it_offers_facilitators_the_planning_links(client: Client, world: World) -> None:
    html = page(signed_in(client, world.facilitator).get(url("community_list", world.community.pk)))
    assert url("schedule", world.community.pk) in html
    assert url("attendance", world.gathering.pk) not in html  # still going on


# --- Scheduling -------------------------------------------------------------------------


def test_it_schedules_one_gathering_and_invites_the_members(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    signed_in(client, world.facilitator)
    data = schedule_form(date="2027-01-13", start_time="18:30")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("schedule", world.community.pk), data, follow=True)
    gathering = Gathering.objects.get(title="Monthly circle")
    assert gathering.series is None
    assert gathering.starts_at == dt.datetime(2027, 1, 13, 18, 30, tzinfo=VANCOUVER)
    assert gathering.location == "Orchard Street Library, room B"
    assert response.redirect_chain[-1][0] == url("community_list", world.community.pk)
    assert "is in the calendar for Wednesday 13 January 2027, 18:30" in flash(response)[0]
    assert sorted(m.to[0] for m in mailoutbox) == [world.facilitator.email, world.member.email]
    parsed = email.message_from_bytes(mailoutbox[0].message().as_bytes())
    assert [p.get_filename() for p in parsed.walk() if p.get_filename()] == ["invite.ics"]


def test_it_shows_the_dates_of_a_monthly_series_before_scheduling_it(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    first = second_wednesday_of_february()
    signed_in(client, world.facilitator)
    data = schedule_form(date=first.isoformat(), repeat="monthly_weekday", count="4")
    html = page(client.post(url("schedule", world.community.pk), data))
    assert "Every month, on the second Wednesday" in html
    assert "4 gatherings" in html
    assert first.strftime("%A %-d %B %Y, 19:00") in html
    assert not Gathering.objects.filter(title="Monthly circle").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("schedule", world.community.pk), {**data, "confirm": "1"})
    assert response.status_code == 302
    series = Series.objects.get(community=world.community, rrule__contains="BYDAY")
    assert series.rrule == "FREQ=MONTHLY;BYDAY=2WE;COUNT=4"
    starts = [g.local_start for g in series.gatherings.order_by("starts_at")]
    assert [s.weekday() for s in starts] == [2, 2, 2, 2]
    assert [(s.day - 1) // 7 for s in starts] == [1, 1, 1, 1]  # the second one each month
    assert {s.time() for s in starts} == {dt.time(19, 0)}  # 7 pm before and after DST
    assert starts[0].utcoffset() != starts[-1].utcoffset()
    assert len(mailoutbox) == 2  # one invitation per member, with every date


def test_it_goes_back_to_the_form_from_the_dates(client: Client, world: World) -> None:
    signed_in(client, world.facilitator)
    data = schedule_form(repeat="weekly", count="3", title="Tuesday walks", back="1")
    html = page(client.post(url("schedule", world.community.pk), data))
    assert 'value="Tuesday walks"' in html
    assert "Check the dates" not in html
    assert not Gathering.objects.filter(title="Tuesday walks").exists()


@pytest.mark.parametrize(
    ("day", "repeat", "ends", "expected"),
    [
        ("2027-03-10", "weekly", {"count": "6"}, "FREQ=WEEKLY;COUNT=6"),
        ("2027-03-10", "fortnightly", {"count": "5"}, "FREQ=WEEKLY;INTERVAL=2;COUNT=5"),
        ("2027-03-10", "monthly_weekday", {"count": "8"}, "FREQ=MONTHLY;BYDAY=2WE;COUNT=8"),
        ("2027-03-31", "monthly_weekday", {"count": "3"}, "FREQ=MONTHLY;BYDAY=-1WE;COUNT=3"),
        ("2027-03-14", "monthly_date", {"count": "3"}, "FREQ=MONTHLY;BYMONTHDAY=14;COUNT=3"),
        # The last day ends at midnight in Vancouver: 07:00 UTC in summer time.
        (
            "2027-03-10",
            "weekly",
            {"ends": "until", "until": "2027-06-30"},
            "FREQ=WEEKLY;UNTIL=20270701T065959Z",
        ),
        ("2027-03-10", "none", {}, None),
    ],
)
def test_it_builds_the_rule_from_the_friendly_choices(
    day: str, repeat: str, ends: dict[str, str], expected: str | None
) -> None:
    form = ScheduleForm(schedule_form(date=day, repeat=repeat, **ends))
    assert form.is_valid(), form.errors
    assert form.rrule() == expected


def test_it_names_the_weekday_of_the_chosen_date_in_the_repeat_choices() -> None:
    form = ScheduleForm(schedule_form(date="2027-03-31"))
    labels = dict(form.fields["repeat"].choices)  # type: ignore[attr-defined]
    assert labels["monthly_weekday"] == "Every month, on the last Wednesday"
    assert labels["monthly_date"] == "Every month, on day 31"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"repeat": "hourly"}, "Select a valid choice. hourly is not one of the available"),
        ({"duration_minutes": "1500"}, "From 5 to 1440."),
        ({"location": "", "online_url": ""}, "A place or an online link is needed."),
        ({"online_url": "javascript:alert(1)"}, "Enter a valid web address."),
        ({"timezone": "Mars/Olympus_Mons"}, "Select a valid choice."),
        ({"title": ""}, "This field is required."),
        ({"repeat": "weekly", "count": "61"}, "less than or equal to 60"),
        ({"repeat": "weekly", "ends": "until", "until": ""}, "Choose the last date"),
        (
            {"repeat": "weekly", "ends": "until", "date": "2027-03-10", "until": "2027-03-01"},
            "The last date must be on or after the first date.",
        ),
    ],
)
def test_it_refuses_bad_schedules_clearly_and_writes_nothing(
    client: Client,
    world: World,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    overrides: dict[str, str],
    message: str,
) -> None:
    signed_in(client, world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("schedule", world.community.pk), {**schedule_form(**overrides), "confirm": "1"}
        )
    html = page(response)
    assert 'role="alert"' in html
    assert message in html
    assert Gathering.objects.count() == 1  # the world's own
    assert Series.objects.count() == 0
    assert mailoutbox == []


def test_it_lets_only_planners_schedule(client: Client, world: World) -> None:
    signed_in(client, world.member)
    assert client.get(url("schedule", world.community.pk)).status_code == 403
    response = client.post(url("schedule", world.community.pk), schedule_form(confirm="1"))
    assert response.status_code == 403
    assert Gathering.objects.count() == 1


# --- One gathering ----------------------------------------------------------------------


def test_it_shows_a_gathering_in_its_own_time_zone_and_in_the_readers(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    g = GatheringFactory(
        community=world.community,
        starts_at=dt.datetime(2027, 1, 13, 19, 0, tzinfo=VANCOUVER),
        online_url="https://meet.example.org/circle",
    )
    AgendaItem.objects.create(
        gathering=g, topic="Mud kitchens", activity="story_sharing", minutes=30
    )
    world.member.timezone = "America/Toronto"
    world.member.save()
    signed_in(client, world.member)
    # session, user, gathering + community + program + series, membership, agreement,
    # roles, program staff, agenda, RSVPs with their people, guests, unread notifications
    with django_assert_num_queries(11):
        html = page(client.get(url("detail", g.pk)))
    assert "Wednesday 13 January 2027, 19:00–20:30" in html
    assert "That is Wednesday 13 January, 22:00 in your time zone (America/Toronto)." in html
    # The online link shows once it is time to join (test_gathering_page.py).
    assert "https://meet.example.org/circle" not in html
    assert "The link appears 15 minutes before the start." in html
    assert "Mud kitchens" in html
    assert "Story sharing, 30 min" in html
    assert url("edit", g.pk) not in html


def test_it_records_an_rsvp_and_shows_facilitators_who_is_coming(
    client: Client, world: World
) -> None:
    g = GatheringFactory(community=world.community)
    response = signed_in(client, world.member).post(
        url("rsvp", g.pk), {"response": "yes"}, follow=True
    )
    assert flash(response) == ["Thank you! The group knows you are coming."]
    assert Rsvp.objects.get(gathering=g, user=world.member).response == "yes"
    html = page(response)
    assert "1 coming · 0 maybe · 0 not this time" in html
    assert "<h3>Coming</h3>" in html
    assert "<span>Mina Member</span></li>" in html

    client.post(url("rsvp", g.pk), {"response": "no"})
    assert Rsvp.objects.get(gathering=g, user=world.member).response == "no"
    # Who said no: the planners see it; to the other members it is only a count.
    html = page(signed_in(client, world.facilitator).get(url("detail", g.pk)))
    assert "<h3>Not this time</h3>" in html
    assert "<span>Mina Member</span></li>" in html
    other = make_member(world.community, UserFactory(name="Otis Other"))
    html = page(signed_in(client, other).get(url("detail", g.pk)))
    assert "0 coming · 0 maybe · 1 not this time" in html
    assert "Mina Member" not in html


@pytest.mark.parametrize("cancelled", [False, True])
def test_it_refuses_a_bad_rsvp_without_writing(
    client: Client, world: World, cancelled: bool
) -> None:
    g = GatheringFactory(
        community=world.community, cancelled_at=timezone.now() if cancelled else None
    )
    response = signed_in(client, world.member).post(
        url("rsvp", g.pk), {"response": "yes" if cancelled else "perhaps"}, follow=True
    )
    assert flash(response) == [
        "This gathering was cancelled, so there is nothing to answer."
        if cancelled
        else "Please answer yes, no or maybe."
    ]
    assert not Rsvp.objects.exists()


def test_it_takes_feedback_after_the_gathering_and_scores_the_activities(
    client: Client, world: World
) -> None:
    g = past_gathering(world)
    AgendaItem.objects.create(gathering=g, topic="Stories", activity="story_sharing", minutes=30)
    AgendaItem.objects.create(gathering=g, topic="Research", activity="research", minutes=30)
    html = page(signed_in(client, world.member).get(url("detail", g.pk)))
    assert "How was it for you?" in html
    assert 'value="story_sharing"' in html
    assert 'value="showcase"' not in html.split('id="id_more_of"')[0]  # only the agenda's
    response = client.post(
        url("feedback", g.pk),
        {"worked": ["story_sharing"], "more_of": "story_sharing", "less_of": "research"},
    )
    assert response.status_code == 302
    given = Feedback.objects.get(gathering=g, user=world.member)
    assert (given.worked, given.more_of, given.less_of) == (
        ["story_sharing"],
        "story_sharing",
        "research",
    )
    html = page(signed_in(client, world.facilitator).get(url("notes", g.pk)))
    assert "What the group rates best" in html
    assert html.index("Story sharing") < html.index("Unpacking research")


def test_it_refuses_feedback_on_an_activity_the_gathering_did_not_have(
    client: Client, world: World
) -> None:
    g = past_gathering(world)
    AgendaItem.objects.create(gathering=g, topic="Stories", activity="story_sharing", minutes=30)
    response = signed_in(client, world.member).post(url("feedback", g.pk), {"worked": ["showcase"]})
    assert "Select a valid choice. showcase is not one of the available choices." in page(response)
    assert not Feedback.objects.exists()


def test_it_refuses_feedback_before_the_gathering(client: Client, world: World) -> None:
    g = GatheringFactory(community=world.community)
    html = page(signed_in(client, world.member).get(url("detail", g.pk)))
    assert "How was it for you?" not in html
    response = client.post(url("feedback", g.pk), {"worked": ["story_sharing"]}, follow=True)
    assert flash(response) == ["Feedback opens once the gathering has taken place."]
    assert not Feedback.objects.exists()


# --- Editing and cancelling -------------------------------------------------------------


def _series(world: World, count: int = 3) -> list[Gathering]:
    _series, gatherings, _notice = scheduling.check_schedule(
        actor=world.facilitator,
        community=world.community,
        title="Weekly walk",
        starts_at=dt.datetime.combine(
            (timezone.now() + dt.timedelta(days=3)).date(), dt.time(10, 0)
        ),
        duration_minutes=60,
        timezone_name="America/Vancouver",
        location="Park gate",
        recurrence=f"FREQ=WEEKLY;COUNT={count}",
    )
    return gatherings


def test_it_moves_one_occurrence_and_tells_the_members(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    first, second, _third = _series(world)
    mailoutbox.clear()
    signed_in(client, world.facilitator)
    html = page(client.get(url("edit", second.pk)))
    assert 'value="Weekly walk"' in html
    assert 'value="10:00"' in html
    day = second.local_start.date().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("edit", second.pk),
            {
                "part": "details",
                "title": "Weekly walk (by the river)",
                "date": day,
                "start_time": "11:30",
                "duration_minutes": "60",
                "timezone": "America/Vancouver",
                "location": "River path",
                "online_url": "",
            },
            follow=True,
        )
    assert flash(response) == ["Saved. Everyone has the new details by email."]
    second.refresh_from_db()
    assert second.local_start.time() == dt.time(11, 30)
    assert (second.location, second.detached, second.sequence) == ("River path", True, 1)
    first.refresh_from_db()
    assert (first.location, first.sequence) == ("Park gate", 0)
    assert len(mailoutbox) == 2
    assert all("River path" in m.body for m in mailoutbox)


def test_it_builds_the_agenda_by_hand_and_from_members_topics(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    g = GatheringFactory(community=world.community)
    popular = agendas.do_propose_topic(
        user=world.member, community=world.community, title="Outdoor play in winter", details=""
    )
    TopicVote.objects.create(topic=popular, user=world.facilitator)
    agendas.do_propose_topic(user=world.member, community=world.community, title="Naps", details="")
    signed_in(client, world.facilitator)
    html = page(client.get(url("edit", g.pk)))
    assert html.index("Outdoor play in winter — 2 votes") < html.index("Naps — 1 vote")
    rows = {
        "part": "agenda",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-topic": "Check-in",
        "agenda-0-activity": "open_discussion",
        "agenda-0-minutes": "10",
        "agenda-1-topic": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("edit", g.pk), rows, follow=True)
    assert flash(response) == ["The agenda is saved. It goes out with the reminder."]
    response = client.post(
        url("edit", g.pk),
        {
            "part": "add_topic",
            "topic": str(popular.pk),
            "activity": "story_sharing",
            "minutes": "25",
        },
    )
    assert response.status_code == 302
    agenda = list(g.agenda.values_list("topic", "activity", "minutes", "from_topic"))
    assert agenda == [
        ("Check-in", "open_discussion", 10, None),
        ("Outdoor play in winter", "story_sharing", 25, popular.pk),
    ]
    popular.refresh_from_db()
    assert popular.used_in == g
    g.refresh_from_db()
    assert g.sequence == 0
    assert mailoutbox == []  # an agenda is no new invitation


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"agenda-0-minutes": "601"}, "less than or equal to 600"),
        ({"agenda-0-activity": ""}, "Choose an activity for this topic."),
        ({"agenda-0-activity": "karaoke"}, "Select a valid choice."),
        ({"agenda-0-minutes": ""}, "How many minutes for this topic?"),
    ],
)
def test_it_refuses_a_bad_agenda_row_and_keeps_the_old_agenda(
    client: Client, world: World, row: dict[str, str], message: str
) -> None:
    g = GatheringFactory(community=world.community)
    AgendaItem.objects.create(gathering=g, topic="Kept", activity="showcase", minutes=15)
    data = {
        "part": "agenda",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-topic": "New",
        "agenda-0-activity": "research",
        "agenda-0-minutes": "20",
        **row,
    }
    html = page(signed_in(client, world.facilitator).post(url("edit", g.pk), data))
    assert message in html
    assert 'role="alert"' in html
    assert list(g.agenda.values_list("topic", flat=True)) == ["Kept"]


def test_it_changes_all_future_gatherings_of_a_series_but_not_the_moved_one(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    first, second, third = _series(world)
    scheduling.check_update_gathering(
        actor=world.facilitator, gathering=second, changes={"location": "Library"}
    )
    mailoutbox.clear()
    signed_in(client, world.facilitator)
    html = page(client.get(url("edit_series", first.series_id)))
    assert "One future gathering was changed on its own" in html
    data = {
        "title": "Weekly walk",
        "start_time": "09:15",
        "duration_minutes": "75",
        "location": "Beach",
        "online_url": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("edit_series", first.series_id), data, follow=True)
    assert flash(response) == [
        "2 future gatherings changed. The members have the new details by email."
    ]
    for g in (first, second, third):
        g.refresh_from_db()
    assert [g.location for g in (first, second, third)] == ["Beach", "Library", "Beach"]
    assert third.local_start.time() == dt.time(9, 15)
    assert third.duration_minutes == 75
    assert len(mailoutbox) == 2


def test_it_refuses_a_series_change_to_members(client: Client, world: World) -> None:
    first, *_rest = _series(world)
    signed_in(client, world.member)
    response = client.post(url("edit_series", first.series_id), {"title": "Mine"})
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.title == "Weekly walk"


def test_it_asks_before_cancelling_and_then_tells_everyone(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    g = GatheringFactory(community=world.community, title="Picnic")
    signed_in(client, world.facilitator)
    html = page(client.get(url("cancel", g.pk)))
    assert "Cancel this gathering?" in html
    g.refresh_from_db()
    assert not g.is_cancelled
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("cancel", g.pk), follow=True)
    assert flash(response) == ["The gathering is cancelled. Everyone has an email about it."]
    assert "This gathering is cancelled." in page(response)
    g.refresh_from_db()
    assert g.is_cancelled
    assert len(mailoutbox) == 2
    assert "METHOD:CANCEL" in mailoutbox[0].attachments[0][1]
    response = client.post(url("cancel", g.pk), follow=True)
    assert flash(response) == ["This gathering is already cancelled."]


# --- Attendance, notes and debriefs -----------------------------------------------------


def _checklist(world: World, **rows: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"person": [], "present": []}
    for user, fields in rows.items():
        person = getattr(world, user)
        data["person"].append(str(person.pk))
        for key, value in fields.items():
            data[f"{key}_{person.pk}"] = value
    return data


def test_it_records_attendance_from_the_checklist(client: Client, world: World) -> None:
    g = world.gathering
    signed_in(client, world.facilitator)
    html = page(client.get(url("attendance", g.pk)))
    assert "Mina Member" in html
    assert "Walt Waiting" not in html
    assert f'name="minutes_{world.member.pk}" value="90"' in html
    data = _checklist(
        world,
        member={"present": "on", "minutes": "90"},
        facilitator={"present": "on", "minutes": "60"},
    )
    response = client.post(url("attendance", g.pk), data, follow=True)
    assert flash(response) == ["Attendance is saved: 2 present. Now, the notes?"]
    assert response.redirect_chain[-1][0] == url("notes", g.pk)
    rows = dict(Attendance.objects.filter(gathering=g).values_list("user__email", "minutes"))
    assert rows == {"member@example.org": 90, "facilitator@example.org": 60}
    html = page(client.get(url("attendance", g.pk)))
    assert f'name="minutes_{world.facilitator.pk}" value="60"' in html


def test_it_records_an_absent_member_with_no_minutes(client: Client, world: World) -> None:
    data = _checklist(world, member={"minutes": "90"}, facilitator={"present": "on"})
    signed_in(client, world.facilitator).post(url("attendance", world.gathering.pk), data)
    rows = {a.user_id: (a.present, a.minutes) for a in Attendance.objects.all()}
    assert rows == {world.member.pk: (False, 0), world.facilitator.pk: (True, 90)}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"member": {"present": "on", "minutes": "1441"}}, "At most 1440 minutes (24 hours)."),
        ({"member": {"present": "on", "minutes": "-5"}}, "Minutes cannot be below zero."),
        (
            {"member": {"present": "on"}, "outsider": {"present": "on"}},
            "1 person on the list is not in this group",
        ),
        (
            {"member": {"present": "on"}, "waitlisted": {"present": "on"}},
            "1 person on the list is not in this group",
        ),
        ({}, "The list was empty. Reload the page and try again."),
    ],
)
def test_it_refuses_bad_attendance_clearly_and_writes_nothing(
    client: Client, world: World, rows: dict[str, dict[str, str]], message: str
) -> None:
    Attendance.objects.create(gathering=world.gathering, user=world.member, minutes=30)
    signed_in(client, world.facilitator)
    html = page(client.post(url("attendance", world.gathering.pk), _checklist(world, **rows)))
    assert message in html
    assert 'role="alert"' in html
    assert list(Attendance.objects.values_list("user_id", "minutes")) == [(world.member.pk, 30)]
    assert "Otto Outsider" not in html  # a stranger's name never shows


def test_it_waits_for_the_gathering_to_start_before_attendance(
    client: Client, world: World
) -> None:
    g = GatheringFactory(community=world.community)
    signed_in(client, world.facilitator)
    assert "once the gathering has started" in page(client.get(url("attendance", g.pk)))
    html = page(client.post(url("attendance", g.pk), _checklist(world, member={"present": "on"})))
    assert "Attendance can be recorded once the gathering has started." in html
    assert not Attendance.objects.exists()


def test_it_lets_only_facilitators_take_attendance(client: Client, world: World) -> None:
    signed_in(client, world.member)
    response = client.post(
        url("attendance", world.gathering.pk), _checklist(world, member={"present": "on"})
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_it_saves_notes_and_sends_them_to_the_members_once(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    g = world.gathering
    signed_in(client, world.facilitator)
    data = {
        "notes": "We talked about **mud**.",
        "action_points": "Mina brings the guide\n\n  Fay books the room  \n",
        "ideas_next_time": "Meet outside",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("notes", g.pk), data, follow=True)
    assert flash(response) == ["The notes are saved, and the members have them by email."]
    g.refresh_from_db()
    assert g.action_points == ["Mina brings the guide", "Fay books the room"]
    assert len(mailoutbox) == 2
    html = page(signed_in(client, world.member).get(url("detail", g.pk)))
    assert "<strong>mud</strong>" in html
    assert "Fay books the room" in html
    assert "Meet outside" in html
    signed_in(client, world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("notes", g.pk), {**data, "notes": "Fixed"}, follow=True)
    assert flash(response) == ["The notes are saved."]
    assert len(mailoutbox) == 2


def test_it_refuses_an_overlong_action_point(client: Client, world: World) -> None:
    signed_in(client, world.facilitator)
    data = {"notes": "Kept?", "action_points": "x" * 501, "ideas_next_time": ""}
    html = page(client.post(url("notes", world.gathering.pk), data))
    assert "Action points: 501 characters; the limit is 500." in html
    world.gathering.refresh_from_db()
    assert (world.gathering.notes, world.gathering.action_points) == ("", [])


def test_it_files_a_debrief_that_coordinators_read_and_members_never_see(
    client: Client, world: World
) -> None:
    g = world.gathering
    signed_in(client, world.mentor)
    assert "Members never see it." in page(client.get(url("debrief", g.pk)))
    data = {"logistics": "The room was cold.", "common_threads": "Transitions", "wonderings": ""}
    response = client.post(url("debrief", g.pk), data, follow=True)
    assert flash(response) == ["The debrief is saved. Thank you."]
    assert Debrief.objects.get(gathering=g).written_by == world.mentor

    signed_in(client, world.coordinator)
    html = page(client.get(url("debrief", g.pk)))
    assert "The room was cold." in html
    assert "<textarea" not in html
    response = client.post(url("debrief", g.pk), {**data, "logistics": "Changed"})
    assert response.status_code == 403
    assert Debrief.objects.get(gathering=g).logistics == "The room was cold."

    signed_in(client, world.member)
    assert client.get(url("debrief", g.pk)).status_code == 403
    assert "The room was cold." not in page(client.get(url("detail", g.pk)))
    assert url("debrief", g.pk) not in page(client.get(url("community_list", world.community.pk)))


def test_it_refuses_an_empty_or_early_debrief(client: Client, world: World) -> None:
    signed_in(client, world.facilitator)
    empty = {"logistics": " ", "common_threads": "", "wonderings": ""}
    html = page(client.post(url("debrief", world.gathering.pk), empty))
    assert "Please write something in at least one of the boxes" in html
    future = GatheringFactory(community=world.community)
    html = page(client.post(url("debrief", future.pk), {"logistics": "Early"}))
    assert "The debrief is written after the gathering." in html
    assert not Debrief.objects.exists()


def test_it_lists_the_programs_gatherings_that_still_lack_a_debrief(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    waiting = past_gathering(world, title="Waiting for a debrief")
    done = past_gathering(world, title="Already debriefed")
    Debrief.objects.create(gathering=done, logistics="Fine")
    past_gathering(world, title="Called off", cancelled_at=timezone.now())
    GatheringFactory(community=world.community, title="Not yet")
    elsewhere = CommunityFactory(name="Another program's circle")
    GatheringFactory(community=elsewhere, title="Not ours", starts_at=timezone.now())
    signed_in(client, world.mentor)
    # session, user, program, program staff, gatherings missing a debrief, debriefs filed,
    # unread notifications
    with django_assert_num_queries(7):
        html = page(client.get(url("mentor_debriefs", world.program.pk)))
    assert "Waiting for a debrief" in html
    assert url("debrief", waiting.pk) in html
    assert url("debrief", world.gathering.pk) in html
    for hidden in ("Already debriefed", "Called off", "Not yet", "Not ours"):
        assert hidden not in html
    assert "1 debrief is filed." in html
    for persona in ("facilitator", "staff"):
        signed_in(client, getattr(world, persona))
        assert client.get(url("mentor_debriefs", world.program.pk)).status_code == 403


# --- Topics -----------------------------------------------------------------------------


def test_it_lets_members_suggest_topics_and_vote(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    signed_in(client, world.member)
    response = client.post(
        url("propose_topic", world.community.pk),
        {"title": "Outdoor play in winter", "details": "Layers!"},
        follow=True,
    )
    assert flash(response) == ["Thank you! Your topic is on the list, with your vote."]
    topic = Topic.objects.get()
    assert (topic.proposed_by, topic.community) == (world.member, world.community)
    signed_in(client, world.facilitator)
    response = client.post(url("vote", world.community.pk, topic.pk), follow=True)
    assert flash(response) == ["Your vote for “Outdoor play in winter” is in."]
    # session, user, community + program, membership, agreement, roles, program staff,
    # open topics with votes, topics already on an agenda, unread notifications
    with django_assert_num_queries(10):
        html = page(client.get(url("topics", world.community.pk)))
    assert "2 votes" in html
    assert "Take back my vote" in html
    assert "suggested by Mina Member" in html
    client.post(url("vote", world.community.pk, topic.pk))
    assert TopicVote.objects.filter(topic=topic).count() == 1


def test_it_refuses_an_empty_topic_without_writing(client: Client, world: World) -> None:
    signed_in(client, world.member)
    html = page(client.post(url("propose_topic", world.community.pk), {"title": "  "}))
    assert "Topic: This field is required." in html
    assert not Topic.objects.exists()


def test_it_keeps_votes_inside_the_topics_group(client: Client, world: World) -> None:
    theirs = Topic.objects.create(community=world.other_community, title="Theirs")
    signed_in(client, world.member)
    assert client.post(url("vote", world.community.pk, theirs.pk)).status_code == 404
    assert client.post(url("vote", world.other_community.pk, theirs.pk)).status_code == 404
    assert not TopicVote.objects.exists()


def test_it_refuses_planning_pages_to_people_of_another_group(client: Client, world: World) -> None:
    someone = make_member(CommunityFactory(program=world.program), UserFactory(), "facilitator")
    signed_in(client, someone)
    for name in ("detail", "edit", "attendance", "notes", "debrief", "cancel"):
        assert client.get(url(name, world.gathering.pk)).status_code == 404, name


# --- Found in review: the program's end, unchanged series, who was there, cancellations ---


def test_it_says_how_many_gatherings_fit_before_the_program_ends(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    signed_in(client, world.facilitator)
    # Weekly from Wednesday 3 March 2027, 30 times; the program ends on 30 June 2027.
    data = schedule_form(date="2027-03-03", repeat="weekly", count="30", title="Weekly walk")
    html = page(client.post(url("schedule", world.community.pk), data))
    assert "18 gatherings" in html
    assert (
        "You asked for 30 gatherings, but the program ends on 30 June 2027. "
        "Only the 18 gatherings until then will be scheduled."
    ) in html
    assert "Wednesday 30 June 2027" in html  # the last one shown
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("schedule", world.community.pk), {**data, "confirm": "1"}, follow=True
        )
    [done] = flash(response)
    assert done.startswith("18 gatherings are in the calendar, from 3 March 2027 to 30 June 2027.")
    assert "The dates after the program ends on 30 June 2027 were left out." in done
    assert Gathering.objects.filter(title="Weekly walk").count() == 18


def test_it_changes_nothing_and_sends_nothing_when_a_series_is_saved_as_it_is(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    first, *_rest = _series(world)
    mailoutbox.clear()
    data = {
        "title": "Weekly walk",
        "start_time": "10:00",
        "duration_minutes": "60",
        "location": "Park gate",
        "online_url": "",
    }
    signed_in(client, world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("edit_series", first.series_id), data, follow=True)
    assert flash(response) == ["Nothing changed: the future gatherings already had these details."]
    assert mailoutbox == []
    assert set(
        Gathering.objects.filter(series=first.series).values_list("sequence", flat=True)
    ) == {0}


def test_it_lists_for_attendance_only_who_was_in_the_group_at_the_time(
    client: Client, world: World
) -> None:
    g = past_gathering(world, days_ago=20)
    Membership.objects.filter(user__in=[world.member, world.facilitator]).update(
        joined_on=timezone.localdate() - dt.timedelta(days=60)
    )
    make_member(world.community, UserFactory(name="Nia Newcomer"))  # joined today
    MembershipFactory(
        community=world.community,
        user=UserFactory(name="Lou Leaver"),
        status="left",
        joined_on=timezone.localdate() - dt.timedelta(days=90),
        left_at=timezone.now() - dt.timedelta(days=5),
    )
    signed_in(client, world.facilitator)
    html = page(client.get(url("attendance", g.pk)))
    assert "Mina Member" in html
    assert "Lou Leaver" in html  # left after the gathering: was there to be counted
    assert "Nia Newcomer" not in html


def test_it_names_someone_who_joined_later_instead_of_showing_a_number(
    client: Client, world: World
) -> None:
    g = past_gathering(world, days_ago=20)
    Membership.objects.filter(user=world.member).update(
        joined_on=timezone.localdate() - dt.timedelta(days=60)
    )
    newcomer = make_member(world.community, UserFactory(name="Nia Newcomer"))
    data = {"person": [str(world.member.pk), str(newcomer.pk)], f"present_{newcomer.pk}": "on"}
    html = page(signed_in(client, world.facilitator).post(url("attendance", g.pk), data))
    assert (
        "Attendance was not saved: Nia Newcomer was not a member of the group at the time of "
        "this gathering."
    ) in html
    assert f"not: {newcomer.pk}" not in html
    assert not Attendance.objects.exists()


def test_it_refuses_an_rsvp_once_the_gathering_is_over(client: Client, world: World) -> None:
    g = past_gathering(world, days_ago=2)
    response = signed_in(client, world.member).post(
        url("rsvp", g.pk), {"response": "yes"}, follow=True
    )
    assert flash(response) == [
        "This gathering is over, so it no longer takes answers. The facilitator records who came."
    ]
    assert not Rsvp.objects.exists()


def test_it_neither_mails_notes_nor_takes_a_debrief_for_a_cancelled_gathering(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    g = world.gathering
    scheduling.do_cancel(actor=world.facilitator, gathering=g)
    mailoutbox.clear()
    signed_in(client, world.facilitator)
    html = page(client.get(url("notes", g.pk)))
    assert "This gathering was cancelled, so the notes are not sent by email." in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("notes", g.pk),
            {"notes": "Snow day.", "action_points": "", "ideas_next_time": ""},
            follow=True,
        )
    assert flash(response) == ["The notes are saved."]
    assert mailoutbox == []

    html = page(client.get(url("debrief", g.pk)))
    assert "This gathering was cancelled, so there is nothing to debrief." in html
    assert "<textarea" not in html
    page(client.post(url("debrief", g.pk), {"logistics": "Snow", "common_threads": ""}))
    assert not Debrief.objects.exists()


@pytest.mark.parametrize("which", ["other_group", "unknown", "huge"])
def test_it_refuses_an_agenda_row_from_a_topic_of_another_group(
    client: Client, world: World, which: str
) -> None:
    g = GatheringFactory(community=world.community)
    AgendaItem.objects.create(gathering=g, topic="Kept", activity="showcase", minutes=15)
    theirs = Topic.objects.create(community=world.other_community, title="Their private worry")
    topic_id = {"other_group": theirs.pk, "unknown": theirs.pk + 999, "huge": 2**70}[which]
    data = {
        "part": "agenda",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-topic": "Ours",
        "agenda-0-activity": "research",
        "agenda-0-minutes": "20",
        "agenda-0-from_topic_id": str(topic_id),
    }
    html = page(signed_in(client, world.facilitator).post(url("edit", g.pk), data))
    assert "Agenda item 1 comes from a proposed topic that is not on this group&#x27;s list" in html
    assert "Their private worry" not in html
    assert list(g.agenda.values_list("topic", flat=True)) == ["Kept"]
    theirs.refresh_from_db()
    assert theirs.used_in is None


def test_it_puts_a_topic_back_on_the_list_when_its_agenda_row_is_removed(
    client: Client, world: World
) -> None:
    g = GatheringFactory(community=world.community)
    topic = agendas.do_propose_topic(
        user=world.member, community=world.community, title="Naps", details=""
    )
    signed_in(client, world.facilitator)
    client.post(
        url("edit", g.pk),
        {"part": "add_topic", "topic": str(topic.pk), "activity": "story_sharing", "minutes": "20"},
    )
    topic.refresh_from_db()
    assert topic.used_in == g
    data = {
        "part": "agenda",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "1",
        "agenda-0-topic": "Naps",
        "agenda-0-activity": "story_sharing",
        "agenda-0-minutes": "20",
        "agenda-0-from_topic_id": str(topic.pk),
        "agenda-0-DELETE": "on",
    }
    assert client.post(url("edit", g.pk), data).status_code == 302
    topic.refresh_from_db()
    assert topic.used_in is None
    assert "Naps" in page(client.get(url("edit", g.pk)))  # offered again


def test_the_cached_feedback_form_follows_the_agenda_and_keeps_answers_private(
    client: Client, world: World
) -> None:
    """The empty feedback form comes from the fragments cache, keyed by its choices: another
    gathering's agenda gives another form, and a member's own answers are never shared."""
    first, second = past_gathering(world), past_gathering(world)
    AgendaItem.objects.create(gathering=first, topic="Tales", activity="story_sharing", minutes=30)
    AgendaItem.objects.create(gathering=second, topic="Research", activity="research", minutes=30)

    def worked(html: str) -> str:  # the checkboxes, before the "more of" select
        return html.split('id="id_more_of"')[0]

    other = make_member(world.community)
    for reader in (world.member, other):  # the second reader finds the form cached
        html = page(signed_in(client, reader).get(url("detail", first.pk)))
        assert 'value="story_sharing"' in worked(html)
        assert 'value="research"' not in worked(html)
        html = page(signed_in(client, reader).get(url("detail", second.pk)))
        assert 'value="research"' in worked(html)
        assert 'value="story_sharing"' not in worked(html)
    signed_in(client, world.member).post(
        url("feedback", first.pk), {"worked": ["story_sharing"], "comment": "Loved the songs"}
    )
    assert "Loved the songs" in page(client.get(url("detail", first.pk)))
    assert "Loved the songs" not in page(signed_in(client, other).get(url("detail", first.pk)))
