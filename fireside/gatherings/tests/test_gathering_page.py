"""One gathering's page makes it easy to say yes: its own .ics, web-calendar and map links,
the "Join online" button from 15 minutes before the start, who is coming, the agenda."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from conftest import World
from fireside.accounts import photos
from fireside.accounts.faces import photo_url
from fireside.accounts.tests import pictures
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.gatherings import actions, scheduling
from fireside.gatherings.models import AgendaItem, Gathering, Rsvp

pytestmark = pytest.mark.django_db
VANCOUVER = ZoneInfo("America/Vancouver")


@pytest.fixture
def g(world: World) -> Gathering:
    gathering = GatheringFactory(
        community=world.community,
        title="Loose parts",
        starts_at=dt.datetime(2027, 1, 13, 19, 0, tzinfo=VANCOUVER),
        location="Orchard Street Library, 12 Orchard St, Nelson BC",
        online_url="https://meet.example.org/circle",
    )
    for i, topic in enumerate(["Mud kitchens", "Rainy days", "Naps", "Biting"]):
        AgendaItem.objects.create(
            gathering=gathering, position=i, topic=topic, activity="story_sharing", minutes=10
        )
    return gathering


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hrefs(page: str, host: str) -> list[str]:
    return [
        html_lib.unescape(h)
        for h in re.findall(r'href="([^"]+)"', page)
        if urlsplit(h).netloc == host
    ]


def test_it_downloads_one_gathering_as_a_calendar_event(world: World, g: Gathering) -> None:
    response = signed_in(world.member).get(reverse("gatherings:ics", args=[g.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="gathering-{g.pk}.ics"'
    cal = Calendar.from_ical(response.content)
    assert "METHOD" not in cal  # an event to add, not an invitation to answer
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == g.uid  # the invitation's: no second copy in the calendar
    assert event.decoded("DTSTART") == dt.datetime(2027, 1, 13, 19, 0, tzinfo=VANCOUVER)
    assert event["DTSTART"].params["TZID"] == "America/Vancouver"
    assert event.decoded("DTEND") == dt.datetime(2027, 1, 13, 20, 30, tzinfo=VANCOUVER)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Vancouver"]
    assert str(event["SUMMARY"]) == "Loose parts"
    assert str(event["LOCATION"]) == g.location
    assert str(event["URL"]) == "https://meet.example.org/circle"
    description = str(event["DESCRIPTION"])
    assert "Agenda: Mud kitchens · Rainy days · Naps …" in description
    assert f"http://testserver/gatherings/{g.pk}/" in description
    # Downloaded twice, the same event.
    again = signed_in(world.facilitator).get(reverse("gatherings:ics", args=[g.pk]))
    assert Calendar.from_ical(again.content).walk("VEVENT")[0]["UID"] == event["UID"]


@pytest.mark.parametrize(
    "persona", ["anonymous", "outsider", "waitlisted", "mentor", "coordinator"]
)
def test_only_members_download_it(world: World, g: Gathering, persona: str) -> None:
    user = world.persona(persona)
    client = signed_in(user) if user else Client()
    response = client.get(reverse("gatherings:ics", args=[g.pk]))
    assert response.status_code in (302, 403, 404)
    assert b"BEGIN:VCALENDAR" not in response.content


def test_it_links_to_web_calendars_and_a_map(world: World, g: Gathering) -> None:
    page = signed_in(world.member).get(reverse("gatherings:detail", args=[g.pk])).content.decode()
    assert reverse("gatherings:ics", args=[g.pk]) in page

    (google,) = hrefs(page, "calendar.google.com")
    query = parse_qs(urlsplit(google).query)
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["Loose parts"]
    # 19:00 to 20:30 in Vancouver (PST, UTC-8), in UTC.
    assert query["dates"] == ["20270114T030000Z/20270114T043000Z"]
    assert query["ctz"] == ["America/Vancouver"]
    assert query["location"] == [g.location]
    assert "Agenda: Mud kitchens" in query["details"][0]

    (outlook,) = hrefs(page, "outlook.live.com")
    query = parse_qs(urlsplit(outlook).query)
    assert query["subject"] == ["Loose parts"]
    assert query["startdt"] == ["2027-01-14T03:00:00+00:00"]
    assert query["enddt"] == ["2027-01-14T04:30:00+00:00"]
    assert query["rru"] == ["addevent"]

    (osm,) = hrefs(page, "www.openstreetmap.org")
    assert parse_qs(urlsplit(osm).query) == {"query": [g.location]}
    assert '<script src="http' not in page  # no outside scripts


def test_an_online_only_gathering_has_no_map(world: World, g: Gathering) -> None:
    g.location = ""
    g.save()
    page = signed_in(world.member).get(reverse("gatherings:detail", args=[g.pk])).content.decode()
    assert hrefs(page, "www.openstreetmap.org") == []
    (google,) = hrefs(page, "calendar.google.com")
    assert parse_qs(urlsplit(google).query)["location"] == ["https://meet.example.org/circle"]


@pytest.mark.parametrize(
    ("before_start", "shown"),
    [
        (dt.timedelta(minutes=16), "soon"),
        (dt.timedelta(minutes=15), "open"),
        (dt.timedelta(minutes=-89), "open"),  # a minute before the end
        (dt.timedelta(minutes=-90), "over"),
    ],
)
def test_join_online_shows_from_15_minutes_before_until_the_end(
    world: World, g: Gathering, time_machine: Any, before_start: dt.timedelta, shown: str
) -> None:
    time_machine.move_to(g.starts_at - before_start, tick=False)
    page = signed_in(world.member).get(reverse("gatherings:detail", args=[g.pk])).content.decode()
    button = f'<a href="{g.online_url}" rel="nofollow noopener" class="button big">Join online</a>'
    assert (button in page) == (shown == "open")
    assert ("The link appears 15 minutes before the start." in page) == (shown == "soon")
    assert (g.online_url in page) == (shown == "open")


def test_a_cancelled_gathering_has_no_join_button_nor_answers(
    world: World, g: Gathering, time_machine: Any
) -> None:
    scheduling.do_cancel(actor=world.facilitator, gathering=g)
    time_machine.move_to(g.starts_at, tick=False)
    page = signed_in(world.member).get(reverse("gatherings:detail", args=[g.pk])).content.decode()
    assert "Join online" not in page
    assert "The gathering is over." not in page  # it did not take place
    assert "Are you coming?" not in page
    assert "Add to your calendar" not in page


def test_members_see_who_is_coming_and_their_own_answer(
    world: World, g: Gathering, django_assert_num_queries: Any
) -> None:
    maya = make_member(world.community, UserFactory(name="Maya Maybe"))
    actions.do_rsvp(user=world.facilitator, gathering=g, response="yes")
    actions.do_rsvp(user=maya, gathering=g, response="maybe")
    actions.do_rsvp(user=world.member, gathering=g, response="no")
    client = signed_in(world.member)
    # session, user, gathering + community + program + series, membership, agreement,
    # roles, program staff, agenda, RSVPs with their people, guests, unread notifications
    with django_assert_num_queries(11):
        page = client.get(reverse("gatherings:detail", args=[g.pk])).content.decode()
    assert "1 coming · 1 maybe · 1 not this time" in page
    coming = page.split("<h3>Coming</h3>")[1].split("</ul>")[0]
    assert "Fay Facilitator" in coming
    maybe = page.split("<h3>Maybe</h3>")[1].split("</ul>")[0]
    assert "Maya Maybe" in maybe
    assert "<h3>Not this time</h3>" not in page  # who said no: for the planners
    assert "Your answer: <strong>no</strong>" in page
    assert '<span aria-hidden="true">✓ </span>Not this time' in page
    assert '<h2 id="agenda-title">Agenda</h2>' in page
    assert "Mud kitchens" in page


def test_who_is_coming_shows_faces_to_members_only(
    world: World, g: Gathering, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    mina = photos.check_set_photo(
        user=world.member, upload=pictures.upload(pictures.png(), "mina.png")
    )
    Rsvp.objects.create(gathering=g, user=mina, response=Rsvp.Response.YES)
    page = signed_in(world.facilitator).get(reverse("gatherings:detail", args=[g.pk]))
    assert photo_url(mina, 96) in page.content.decode()
