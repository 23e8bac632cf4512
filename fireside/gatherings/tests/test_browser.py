"""The gathering pages in a real browser on a small phone: axe-core, no sideways scrolling,
and the two forms a facilitator uses on a phone — scheduling a series and taking attendance."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import GatheringFactory
from fireside.gatherings.models import AgendaItem, Attendance, Series, Topic
from fireside.lib.tests.browser import check_phone_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-gatherings-{name}")


def test_it_schedules_a_monthly_series_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    day = (timezone.now() + dt.timedelta(days=30)).date()
    # The program ends about four and a half months after the first date: 8 monthly
    # gatherings do not fit, and the confirmation says how many do (5).
    world.program.ends_on = day + dt.timedelta(days=135)
    world.program.save()
    sign_in(phone, live_server.url, world.facilitator.email)
    phone.goto(f"{live_server.url}/gatherings/community/{world.community.pk}/new/")
    check(phone, "schedule")
    phone.get_by_label("Title:", exact=True).fill("Monthly circle")
    phone.get_by_label("Date:", exact=True).fill(day.isoformat())
    phone.get_by_label("Start time").fill("19:00")
    phone.get_by_label("Place:", exact=True).fill("Orchard Street Library")
    phone.get_by_label("Every month, on the same weekday").check()
    phone.get_by_label("How many gatherings").fill("8")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Check the dates")).to_be_visible()
    expect(phone.get_by_text("Every month, on the")).to_be_visible()
    expect(phone.get_by_text("Only the 5 gatherings until then will be scheduled.")).to_be_visible()
    check(phone, "schedule-confirm")
    phone.get_by_role("button", name="Schedule them and invite the members").click()
    expect(phone.get_by_text("5 gatherings are in the calendar")).to_be_visible()
    expect(phone.get_by_text("were left out")).to_be_visible()
    check(phone, "community-list")
    assert Series.objects.get().gatherings.count() == 5


def test_it_shows_schedule_errors_accessibly(live_server: Any, phone: Any, world: World) -> None:
    sign_in(phone, live_server.url, world.facilitator.email)
    phone.goto(f"{live_server.url}/gatherings/community/{world.community.pk}/new/")
    phone.get_by_label("Title:", exact=True).fill("No place")
    phone.get_by_label("Date:", exact=True).fill("2027-03-10")
    phone.get_by_label("Start time").fill("19:00")
    phone.get_by_label("How long (minutes)").fill("2000")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    check(phone, "schedule-errors")


def test_it_takes_attendance_with_a_checklist_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    sign_in(phone, live_server.url, world.facilitator.email)
    phone.goto(f"{live_server.url}/gatherings/{world.gathering.pk}/attendance/")
    check(phone, "attendance")
    phone.get_by_role("checkbox", name="Mina Member").check()
    phone.get_by_role("checkbox", name="Fay Facilitator").check()
    phone.get_by_label("Minutes for Fay Facilitator").fill("60")
    phone.get_by_role("button", name="Save who came").click()
    expect(phone.get_by_text("Attendance is saved: 2 present.")).to_be_visible()
    check(phone, "notes")
    minutes = dict(Attendance.objects.values_list("user__email", "minutes"))
    assert minutes == {"member@example.org": 90, "facilitator@example.org": 60}


def test_it_shows_the_other_gathering_pages_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    g = world.gathering
    AgendaItem.objects.create(gathering=g, topic="Check-in", activity="open_discussion", minutes=10)
    AgendaItem.objects.create(
        gathering=g, topic="Outdoor play in winter", activity="story_sharing", minutes=30
    )
    Topic.objects.create(
        community=world.community, title="Naps and rest time", proposed_by=world.member
    )
    GatheringFactory(community=world.community, title="Walk in the park")
    base = live_server.url
    sign_in(phone, base, world.member.email)
    for name, path in [
        ("detail", f"/gatherings/{g.pk}/"),
        ("topics", f"/gatherings/community/{world.community.pk}/topics/"),
    ]:
        phone.goto(base + path)
        check(phone, name)
    phone.goto(f"{base}/gatherings/{g.pk}/")
    phone.get_by_label("Story sharing").check()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Thank you! Facilitators see")).to_be_visible()
    sign_in(phone, base, world.facilitator.email)
    for name, path in [
        ("detail-facilitator", f"/gatherings/{g.pk}/"),
        ("edit", f"/gatherings/{g.pk}/edit/"),
        ("cancel", f"/gatherings/{g.pk}/cancel/"),
        ("debrief", f"/gatherings/{g.pk}/debrief/"),
    ]:
        phone.goto(base + path)
        check(phone, name)

    sign_in(phone, base, world.mentor.email)
    for name, path in [
        ("community-list-mentor", f"/gatherings/community/{world.community.pk}/"),
        ("mentor-debriefs", f"/gatherings/program/{world.program.pk}/debriefs/"),
    ]:
        phone.goto(base + path)
        check(phone, name)
