"""Talking to the whole group in a real browser on a small phone (360 px), with axe-core and
no sideways scrolling: a facilitator posts an announcement, a member finds it on their home
and marks it read; the facilitator opens a call for topics, the member suggests one, and the
facilitator adds it to the agenda."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.announcements.models import AnnouncementRead
from fireside.demo.factories import GatheringFactory
from fireside.gatherings.models import Topic
from fireside.lib.tests.browser import check_phone_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-announcements-{name}")


def test_a_facilitator_talks_to_the_whole_group_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    coming = GatheringFactory(
        community=world.community,
        title="Outdoor play",
        starts_at=timezone.now() + dt.timedelta(days=7),
        created_by=world.facilitator,
    )
    base = live_server.url
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/announcements/community/{world.community.pk}/")
    check(phone, "list-empty")
    phone.get_by_role("link", name="Post an announcement").click()
    phone.get_by_role("button", name="Post to the group").click()
    expect(phone.locator(".error-summary")).to_be_visible()
    check(phone, "new-error")
    phone.get_by_label("Title").fill("Bring a loose part")
    phone.get_by_label("Message").fill("One **open-ended** material, please.")
    phone.get_by_role("button", name="Post to the group").click()
    expect(phone.get_by_text("Posted. Every member gets it by email.")).to_be_visible()
    check(phone, "posted")

    phone.goto(f"{base}/gatherings/{coming.pk}/edit/")
    phone.get_by_role("link", name="Open a call for topics").click()
    closes = (coming.local_start - dt.timedelta(days=1)).date().isoformat()
    phone.get_by_label("Closes on").fill(closes)
    phone.get_by_label("At").fill("10:00")
    check(phone, "call-open")
    phone.get_by_role("button", name="Open the call").click()
    expect(phone.get_by_text("The call is open. Every member is told by email.")).to_be_visible()
    check(phone, "call")
    sign_out(phone)

    sign_in(phone, base, world.member.email)
    expect(phone.get_by_text("News from")).to_be_visible()
    expect(phone.get_by_text("Suggest a topic for “Outdoor play”")).to_be_visible()
    check(phone, "home")
    phone.get_by_role("link", name="Read it").first.click()
    expect(phone.get_by_role("heading", name="Bring a loose part")).to_be_visible()
    check(phone, "detail")
    phone.get_by_role("button", name="Mark as read").click()
    expect(phone.get_by_text("Marked as read. It is off your home.")).to_be_visible()
    assert AnnouncementRead.objects.filter(user=world.member).exists()

    phone.goto(f"{base}/")
    expect(phone.get_by_text("Suggest a topic for “Outdoor play”")).to_be_visible()
    expect(phone.get_by_text("News from")).to_have_count(0)
    phone.get_by_role("link", name="Suggest a topic").first.click()
    phone.get_by_role("textbox", name="Topic").fill("Mud kitchens")
    phone.get_by_role("button", name="Suggest it").click()
    expect(phone.get_by_text("Thank you! Your topic is in, with your vote.")).to_be_visible()
    check(phone, "suggested")
    sign_out(phone)

    sign_in(phone, base, world.facilitator.email)
    topic = Topic.objects.get(title="Mud kitchens")
    phone.goto(f"{base}/gatherings/{coming.pk}/edit/")
    expect(phone.get_by_role("heading", name="Topics from the call for topics")).to_be_visible()
    phone.locator(f'form[action$="/topics/{topic.pk}/add/"] button').click()
    expect(phone.get_by_text("“Mud kitchens” is on the agenda.")).to_be_visible()
    check(phone, "agenda")
    topic.refresh_from_db()
    assert topic.used_in_id == coming.pk
