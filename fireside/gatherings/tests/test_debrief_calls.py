"""The debrief conversation: proposed by the facilitator or the mentor, an invitation with an
.ics to each person taking part, updates with SEQUENCE, a cancellation, and refusals."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.communities.mentors import check_assign_mentor
from fireside.demo.factories import GatheringFactory, make_member
from fireside.gatherings import debriefs
from fireside.gatherings.models import DebriefCall
from fireside.lib.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db
VANCOUVER = ZoneInfo("America/Vancouver")


@pytest.fixture
def assigned(world: World) -> World:
    check_assign_mentor(actor=world.coordinator, community=world.community, mentor=world.mentor)
    return world


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def in_two_days() -> dt.datetime:
    day = (timezone.now() + dt.timedelta(days=2)).astimezone(VANCOUVER).date()
    return dt.datetime.combine(day, dt.time(16, 30))  # wall clock in Vancouver


def event_of(message: Any) -> tuple[Calendar, Any]:
    filename, content, mimetype = message.attachments[0]
    cal = Calendar.from_ical(content)
    assert mimetype.startswith(f"text/calendar; method={cal['method']}")
    assert filename == ("cancel.ics" if str(cal["method"]) == "CANCEL" else "invite.ics")
    (event,) = cal.walk("VEVENT")
    return cal, event


def attendees(event: Any) -> set[str]:
    found = event.get("attendee")
    found = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:") for a in found}


def test_a_facilitator_proposes_a_time_and_both_get_an_invitation(
    client: Client, assigned: World, mailoutbox: list[Any], commits: Any
) -> None:
    w = assigned
    client.force_login(w.facilitator)
    url = reverse("gatherings:debrief_call", args=[w.gathering.pk])
    start = in_two_days()
    with commits():
        response = client.post(
            url,
            {
                "date": start.date().isoformat(),
                "start_time": "16:30",
                "duration_minutes": "45",
                "timezone": "America/Vancouver",
                "online_url": "https://meet.example.org/fay-meg",
                "location": "",
            },
            follow=True,
        )
    assert "Everyone taking part has an invitation by email." in response.content.decode()
    call = DebriefCall.objects.get()
    assert call.local_start == start.replace(tzinfo=VANCOUVER)
    assert sorted(m.to[0] for m in mailoutbox) == [w.facilitator.email, w.mentor.email]
    for message in mailoutbox:  # the member and the coordinator hear nothing
        cal, event = event_of(message)
        assert str(cal["method"]) == "REQUEST"
        assert (str(event["uid"]), int(event["sequence"])) == (call.uid, 0)
        assert event.decoded("dtstart") == start.replace(tzinfo=VANCOUVER)
        assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=45)
        assert str(event["url"]) == "https://meet.example.org/fay-meg"
        assert attendees(event) == {w.facilitator.email, w.mentor.email}
        assert "Debrief conversation" in message.subject
        assert "https://meet.example.org/fay-meg" in message.body
    # It shows on the page, and on both homes.
    assert "Join the call" in client.get(url).content.decode()
    for person in (w.facilitator, w.mentor):
        client.force_login(person)
        assert "Debrief conversation: " in client.get("/").content.decode()
    client.force_login(w.member)
    assert "Debrief conversation" not in client.get("/").content.decode()


def test_a_change_updates_the_same_event_and_a_cancellation_removes_it(
    assigned: World, mailoutbox: list[Any], commits: Any
) -> None:
    w = assigned
    with commits():
        call, created = debriefs.check_schedule_debrief_call(
            actor=w.mentor,
            gathering=w.gathering,
            starts_at=in_two_days(),
            location="Café Orchard",
        )
    assert created and len(mailoutbox) == 2
    mailoutbox.clear()
    # Saved again unchanged: nothing is sent.
    with commits():
        same, created = debriefs.check_schedule_debrief_call(
            actor=w.mentor, gathering=w.gathering, starts_at=in_two_days(), location="Café Orchard"
        )
    assert (same.pk, created, mailoutbox) == (call.pk, False, [])
    with commits():
        debriefs.check_schedule_debrief_call(
            actor=w.facilitator,
            gathering=w.gathering,
            starts_at=in_two_days() + dt.timedelta(hours=1),
            location="Café Orchard",
        )
    assert len(mailoutbox) == 2
    cal, event = event_of(mailoutbox[0])
    assert str(cal["method"]) == "REQUEST"
    assert (str(event["uid"]), int(event["sequence"])) == (call.uid, 1)
    assert "moved" in mailoutbox[0].subject
    mailoutbox.clear()
    with commits():
        debriefs.do_cancel_debrief_call(actor=w.facilitator, gathering=w.gathering)
    assert len(mailoutbox) == 2
    cal, event = event_of(mailoutbox[0])
    assert str(cal["method"]) == "CANCEL"
    assert (str(event["uid"]), int(event["sequence"]), str(event["status"])) == (
        call.uid,
        2,
        "CANCELLED",
    )
    assert debriefs.live_call(w.gathering) is None
    # A new proposal is a new event.
    again, created = debriefs.check_schedule_debrief_call(
        actor=w.mentor, gathering=w.gathering, starts_at=in_two_days(), online_url="https://x.org/"
    )
    assert created and again.uid != call.uid


def test_it_refuses_bad_times_and_places_and_changes_nothing(
    client: Client, assigned: World, mailoutbox: list[Any]
) -> None:
    w = assigned
    with pytest.raises(InvalidInput, match="still to come"):
        debriefs.check_schedule_debrief_call(
            actor=w.mentor,
            gathering=w.gathering,
            starts_at=timezone.now() - dt.timedelta(hours=1),
            location="Café",
        )
    with pytest.raises(InvalidInput, match="online link, a place"):
        debriefs.check_schedule_debrief_call(
            actor=w.mentor, gathering=w.gathering, starts_at=in_two_days()
        )
    with pytest.raises(InvalidInput, match="from 5 to 240"):
        debriefs.check_schedule_debrief_call(
            actor=w.mentor,
            gathering=w.gathering,
            starts_at=in_two_days(),
            duration_minutes=600,
            location="Café",
        )
    upcoming = GatheringFactory(community=w.community)
    with pytest.raises(Conflict, match="once the gathering has taken place"):
        debriefs.check_schedule_debrief_call(
            actor=w.mentor, gathering=upcoming, starts_at=in_two_days(), location="Café"
        )
    client.force_login(w.facilitator)
    url = reverse("gatherings:debrief_call", args=[w.gathering.pk])
    fields = {
        "date": "2020-01-01",
        "start_time": "10:00",
        "duration_minutes": "30",
        "timezone": "America/Vancouver",
        "online_url": "https://meet.example.org/",
    }
    response = client.post(url, fields)
    assert response.status_code == 400
    assert "Please choose a time that is still to come." in response.content.decode()
    fields |= {"date": in_two_days().date().isoformat(), "online_url": "not a link"}
    response = client.post(url, fields)
    assert response.status_code == 400
    assert "Online link: Enter a valid web address." in response.content.decode()
    assert not DebriefCall.objects.exists()
    assert mailoutbox == []


def test_members_and_coordinators_cannot_set_it(client: Client, assigned: World) -> None:
    url = reverse("gatherings:debrief_call", args=[assigned.gathering.pk])
    for person, status in (
        (assigned.member, 403),
        (assigned.coordinator, 403),
        (assigned.outsider, 404),
    ):
        client.force_login(person)
        assert client.get(url).status_code == status
        assert client.post(url, {"date": "2030-01-01"}).status_code == status
    assert not DebriefCall.objects.exists()


def test_the_api_sets_reads_and_cancels_it(
    client: Client, assigned: World, mailoutbox: list[Any]
) -> None:
    w = assigned
    headers = {"Authorization": f"Bearer {ApiToken.issue(w.mentor)}"}
    path = f"/api/v1/gatherings/{w.gathering.pk}/debrief-call"
    assert client.get(path, headers=headers).status_code == 404
    body = {"starts_at": in_two_days().isoformat(), "online_url": "https://meet.example.org/m"}
    put = client.put(path, json.dumps(body), content_type="application/json", headers=headers)
    assert put.status_code == 201
    assert put.json()["starts_at"].startswith(in_two_days().isoformat())
    assert put.json()["duration_minutes"] == 30
    again = client.put(path, json.dumps(body), content_type="application/json", headers=headers)
    assert again.status_code == 200
    past = {**body, "starts_at": "2020-01-01T10:00:00"}
    refused = client.put(path, json.dumps(past), content_type="application/json", headers=headers)
    assert refused.status_code == 400
    assert client.get(path, headers=headers).json()["sequence"] == 0
    assert client.delete(path, headers=headers).status_code == 204
    assert client.delete(path, headers=headers).status_code == 404
    member = {"Authorization": f"Bearer {ApiToken.issue(w.member)}"}
    assert client.get(path, headers=member).status_code == 403


def test_a_mentor_not_assigned_to_the_group_is_invited_when_they_propose(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    co = make_member(world.community, None, "co_facilitator")
    with commits():
        debriefs.check_schedule_debrief_call(
            actor=world.mentor,
            gathering=world.gathering,
            starts_at=in_two_days(),
            location="Library",
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.facilitator.email, co.email, world.mentor.email]
    )
