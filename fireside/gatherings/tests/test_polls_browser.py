"""Choosing a date together, on phones: a facilitator opens a date poll, a member answers it
from the task on her home, and the facilitator turns the best date into a gathering. In
Chromium at 360 px, every page passing axe and fitting the screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from conftest import World
from fireside.gatherings.models import DatePoll, Gathering, PollAnswer
from fireside.lib.tests.test_journeys import Journey, journeys, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["journeys"]  # the fixture, used by name
VANCOUVER = ZoneInfo("America/Vancouver")


def choose_a_date_together(j: Journey, world: World) -> None:
    today = timezone.now().astimezone(VANCOUVER).date()
    first, second = today + dt.timedelta(days=5), today + dt.timedelta(days=6)
    page = j.page

    j.sign_in(world.facilitator.email)
    page.get_by_role("link", name=world.community.name).first.click()
    tabs = page.get_by_role("navigation", name=f"{world.community.name}: sections")
    tabs.get_by_role("link", name="Gatherings", exact=True).click()
    j.see("gatherings")
    page.get_by_role("link", name="Choose a date together").click()
    expect(page.get_by_role("heading", name="Choose a date together")).to_be_visible()
    j.see("new-poll")
    page.get_by_label("Title:", exact=True).fill("Our winter circle")
    page.get_by_label("Answers close on").fill((today + dt.timedelta(days=2)).isoformat())
    page.get_by_label("Option 1: date").fill(first.isoformat())
    page.get_by_label("Option 1: start time").fill("19:00")
    page.get_by_role("button", name="Open the poll").click()
    expect(page.get_by_text("at least 2 options")).to_be_visible()  # one date is no poll
    j.see("new-poll-refused")
    assert DatePoll.objects.count() == 0
    page.get_by_label("Option 2: date").fill(second.isoformat())
    page.get_by_label("Option 2: start time").fill("18:00")
    page.get_by_label("Place:", exact=True).fill("Orchard Street Library")
    page.get_by_role("button", name="Open the poll").click()
    expect(page.get_by_text("The poll is open.")).to_be_visible()
    j.see("poll-open")
    j.sign_out()

    j.sign_in(world.member.email)
    task = page.get_by_text(f"Answer the date poll for {world.community.name}")
    expect(task).to_be_visible()
    j.see("member-home")
    page.get_by_role("link", name="Answer the poll").first.click()
    expect(page.get_by_role("heading", name="Which times suit you?")).to_be_visible()
    j.see("member-poll")
    late = date_format(dt.datetime.combine(second, dt.time(18)), "l j F Y, H:i")
    early = date_format(dt.datetime.combine(first, dt.time(19)), "l j F Y, H:i")
    page.get_by_role("group", name=late).get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name=early).get_by_label("If need be", exact=True).check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    j.see("member-answered")
    assert PollAnswer.objects.filter(user=world.member).count() == 2
    page.goto(j.base + "/")
    expect(page.get_by_text("Answer the date poll")).to_have_count(0)
    j.sign_out()

    j.sign_in(world.facilitator.email)
    page.get_by_role("link", name=world.community.name).first.click()
    tabs = page.get_by_role("navigation", name=f"{world.community.name}: sections")
    tabs.get_by_role("link", name="Gatherings", exact=True).click()
    expect(page.get_by_role("heading", name="Date polls to answer")).to_be_visible()
    j.see("gatherings-with-poll")
    page.get_by_role("link", name="Our winter circle").click()
    expect(page.get_by_text("Yes: Mina Member")).to_be_visible()
    j.see("results")
    expect(page.get_by_role("radio", name=late)).to_be_checked()  # the best, first
    page.get_by_role("button", name="Turn into a gathering").click()
    expect(page.get_by_text("The gathering is in the calendar.")).to_be_visible()
    j.see("gathering")
    gathering = Gathering.objects.get(title="Our winter circle")
    assert gathering.local_start == dt.datetime.combine(second, dt.time(18), tzinfo=VANCOUVER)
    assert DatePoll.objects.get().gathering == gathering


def test_a_group_chooses_a_date_together_on_phones(
    journeys: Callable[..., Journey], world: World
) -> None:
    take(journeys("date-poll", "phone"), choose_a_date_together, world)
