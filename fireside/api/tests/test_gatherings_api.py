"""The Gatherings section of api-v1.md."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import GatheringFactory
from fireside.gatherings.models import Attendance, Debrief, Gathering, Rsvp

pytestmark = pytest.mark.django_db

SCHEDULE = {
    "title": "Second-Wednesday circle",
    "starts_at": "2026-12-09T19:00:00",
    "duration_minutes": 90,
    "timezone": "America/Vancouver",
    "location": "Orchard Street Library",
    "online_url": "https://meet.example.org/circle",
    "recurrence": "FREQ=MONTHLY;BYDAY=2WE;COUNT=8",
    "agenda": [{"topic": "Wins this month", "activity": "recognition", "minutes": 15}],
}


def call(client: Client, method: str, url: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_a_facilitator_schedules_a_monthly_series(client: Client, world: World) -> None:
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/gatherings",
        world.facilitator,
        SCHEDULE,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert isinstance(body["series_id"], int)
    # COUNT=8 from December, but the program ends on 30 June 2027: the July date is left out.
    assert len(body["gatherings"]) == 7
    assert body["notice"] == (
        "The rule asks for 8 gatherings, but the program ends on 30 June 2027, so only "
        "7 gatherings will be scheduled, the last on 9 June 2027."
    )
    first = body["gatherings"][0]
    assert {"id", "starts_at", "duration_minutes", "timezone", "location", "online_url"} <= set(
        first
    )
    assert first["starts_at"] == "2026-12-09T19:00:00-08:00"  # in the gathering's zone
    assert [g["starts_at"][:10] for g in body["gatherings"][1:3]] == [
        "2027-01-13",
        "2027-02-10",
    ]  # second Wednesdays


def test_a_single_gathering_has_no_series(client: Client, world: World) -> None:
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/gatherings",
        world.facilitator,
        {**SCHEDULE, "recurrence": None, "starts_at": "2026-01-05T10:00:00-08:00"},
    )
    assert response.status_code == 201
    assert response.json()["series_id"] is None  # and a past start is fine: recorded after


@pytest.mark.parametrize(
    "change",
    [
        {"recurrence": "FREQ=SECONDLY"},
        {"duration_minutes": 0},
        {"duration_minutes": "long"},
        {"timezone": "Nowhere/Else"},
        {"starts_at": "next Tuesday"},
        {"agenda": [{"topic": "x", "activity": "karaoke", "minutes": 5}]},
        {"title": ""},
    ],
)
def test_bad_schedules_are_400_and_write_nothing(
    client: Client, world: World, change: dict[str, Any]
) -> None:
    before = Gathering.objects.count()
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/gatherings",
        world.facilitator,
        {**SCHEDULE, **change},
    )
    assert response.status_code == 400, response.content
    assert isinstance(response.json()["detail"], str)
    assert Gathering.objects.count() == before


def test_members_who_do_not_plan_get_403(client: Client, world: World) -> None:
    url = f"/api/v1/communities/{world.community.pk}/gatherings"
    assert call(client, "POST", url, world.member, SCHEDULE).status_code == 403
    patch = call(client, "PATCH", f"/api/v1/gatherings/{world.gathering.pk}", world.member, {})
    assert patch.status_code == 403


def test_the_window_lists_occurrences_with_attendance_counts(client: Client, world: World) -> None:
    call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/gatherings",
        world.facilitator,
        SCHEDULE,
    )
    Attendance.objects.create(gathering=world.gathering, user=world.member, minutes=60)
    url = f"/api/v1/communities/{world.community.pk}/gatherings"
    in_2027 = call(client, "GET", f"{url}?from=2027-01-01&to=2027-03-31", world.member).json()
    assert [g["starts_at"][:7] for g in in_2027["items"]] == ["2027-01", "2027-02", "2027-03"]
    mentor_view = call(client, "GET", url, world.mentor).json()
    counted = next(g for g in mentor_view["items"] if g["id"] == world.gathering.pk)
    assert counted["attended"] == 1
    assert "notes" not in counted
    assert (
        call(client, "GET", f"{url}?from=2027-02-01&to=2027-01-01", world.member).status_code == 400
    )


def test_the_gathering_detail_and_rsvp(client: Client, world: World) -> None:
    url = f"/api/v1/gatherings/{world.gathering.pk}"
    assert call(client, "POST", f"{url}/rsvp", world.member, {"response": "maybe"}).json() == {
        "gathering_id": world.gathering.pk,
        "response": "maybe",
    }
    assert (
        call(client, "POST", f"{url}/rsvp", world.member, {"response": "perhaps"}).status_code
        == 400
    )
    body = call(client, "GET", url, world.member).json()
    assert body["my_rsvp"] == "maybe"
    assert body["rsvp_counts"] == {"yes": 0, "maybe": 1, "no": 0}
    assert {"agenda", "notes", "action_points"} <= set(body)
    assert Rsvp.objects.count() == 1


def test_patch_changes_notes_and_time(client: Client, world: World) -> None:
    future = GatheringFactory(community=world.community)
    url = f"/api/v1/gatherings/{future.pk}"
    response = call(
        client,
        "PATCH",
        url,
        world.facilitator,
        {"starts_at": "2027-05-05T18:00:00", "action_points": ["Bring boots"], "notes": "Plan"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["sequence"] == 1
    assert response.json()["action_points"] == ["Bring boots"]
    unknown = call(client, "PATCH", url, world.facilitator, {"colour": "red"})
    assert unknown.status_code == 400


def test_attendance_through_the_api(client: Client, world: World) -> None:
    url = f"/api/v1/gatherings/{world.gathering.pk}/attendance"
    ok = call(
        client, "PUT", url, world.facilitator, [{"user_id": world.member.pk, "present": True}]
    )
    assert ok.status_code == 200
    assert ok.json()["items"] == [{"user_id": world.member.pk, "present": True, "minutes": 90}]
    stranger = call(
        client, "PUT", url, world.facilitator, [{"user_id": world.outsider.pk, "present": True}]
    )
    assert stranger.status_code == 422
    too_long = call(
        client,
        "PUT",
        url,
        world.facilitator,
        [{"user_id": world.member.pk, "present": True, "minutes": 1441}],
    )
    assert too_long.status_code == 400
    assert list(Attendance.objects.values_list("minutes", flat=True)) == [90]
    future = GatheringFactory(community=world.community)
    early = call(
        client,
        "PUT",
        f"/api/v1/gatherings/{future.pk}/attendance",
        world.facilitator,
        [{"user_id": world.member.pk}],
    )
    assert early.status_code == 409
    assert call(client, "PUT", url, world.member, []).status_code == 403


def test_debriefs_are_for_facilitators_and_mentors(client: Client, world: World) -> None:
    url = f"/api/v1/gatherings/{world.gathering.pk}/debrief"
    body = {"logistics": "Room booked late", "common_threads": "Sleep", "wonderings": "Music?"}
    first = call(client, "POST", url, world.mentor, body)
    assert first.status_code == 201
    assert first.json()["common_threads"] == "Sleep"
    assert call(client, "POST", url, world.facilitator, body).status_code == 200
    assert call(client, "POST", url, world.member, body).status_code == 403
    assert call(client, "POST", url, world.coordinator, body).status_code == 403
    # Members never read it: the gathering's detail has no trace of it.
    detail = call(client, "GET", f"/api/v1/gatherings/{world.gathering.pk}", world.member)
    assert "Sleep" not in detail.content.decode()
    assert Debrief.objects.count() == 1


def test_calendars_members_only_and_personal_without_login(client: Client, world: World) -> None:
    ics = call(
        client, "GET", f"/api/v1/communities/{world.community.pk}/calendar.ics", world.member
    )
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(ics.content).walk("VEVENT")
    assert event["UID"] == world.gathering.uid
    one = call(client, "GET", f"/api/v1/gatherings/{world.gathering.pk}/calendar.ics", world.member)
    assert one.status_code == 200
    cal = Calendar.from_ical(one.content)
    assert "METHOD" not in cal
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [world.gathering.uid]
    outsider = call(
        client, "GET", f"/api/v1/gatherings/{world.gathering.pk}/calendar.ics", world.outsider
    )
    assert outsider.status_code == 404
    feed_url = call(client, "GET", "/api/v1/me/calendar", world.member).json()["feed_url"]
    anonymous = Client()
    feed = anonymous.get(feed_url)
    assert feed.status_code == 200
    assert [str(e["UID"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")] == [
        world.gathering.uid
    ]
    rotated = call(client, "POST", "/api/v1/me/calendar/rotate", world.member).json()["feed_url"]
    assert rotated != feed_url
    assert anonymous.get(feed_url).status_code == 404
    assert anonymous.get(rotated).status_code == 200
