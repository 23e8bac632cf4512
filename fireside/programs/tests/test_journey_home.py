"""Journeys that start on the home page (issue 17): a member answers a gathering invitation
right there, and a facilitator goes from the task "record who came" to a saved attendance
sheet. Chromium at 360 px and 1280 px, axe-core on every page, screenshots in
`<var>/screenshots/` (see fireside/lib/tests/test_journeys.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.communities.models import Membership
from fireside.gatherings.models import Attendance, Rsvp
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["journeys"]  # the fixture, used by name


def answer_from_home(j: Journey, world: World) -> None:
    """Mina sees her group's next gathering on her home and says yes in one tap."""
    g = world.gathering
    g.title = "Rainy day circle"
    g.starts_at = timezone.now() + dt.timedelta(days=3)
    g.online_url = "https://meet.example.org/rainy-day"
    g.save()
    g.agenda.create(topic="Outdoor play when it pours", activity="story_sharing", minutes=20)
    page = j.page
    j.sign_in(world.member.email)
    card = page.locator("article.next-gathering", has_text="Rainy day circle")
    expect(card).to_be_visible()
    expect(card.get_by_text("On the agenda: Outdoor play when it pours")).to_be_visible()
    expect(card.get_by_role("link", name="Join online")).to_be_visible()
    j.see("home")
    card.get_by_role("button", name="Yes", exact=True).click()
    expect(page.get_by_text("Thank you! The group knows you are coming.")).to_be_visible()
    card = page.locator("article.next-gathering", has_text="Rainy day circle")
    expect(card.get_by_text("Your answer: Yes")).to_be_visible()
    expect(card.get_by_role("button", name="Yes", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    j.see("home-answered")
    assert Rsvp.objects.get(gathering=g, user=world.member).response == Rsvp.Response.YES
    card.get_by_role("button", name="Maybe", exact=True).click()
    expect(page.get_by_text("Change your answer whenever you know more.")).to_be_visible()
    assert Rsvp.objects.get(gathering=g, user=world.member).response == Rsvp.Response.MAYBE


def record_from_home(j: Journey, world: World) -> None:
    """Fay's home says the attendance of last week's gathering waits: she records it."""
    g = world.gathering
    g.title = "Story night"
    g.starts_at = timezone.now() - dt.timedelta(days=2)
    g.save()
    # They were in the group then (the sheet lists who was a member at the time).
    Membership.objects.filter(community=world.community).update(
        joined_on=timezone.localdate() - dt.timedelta(days=30)
    )
    page = j.page
    j.sign_in(world.facilitator.email)
    task = page.locator("li", has_text="Record who came to “Story night”")
    expect(task).to_be_visible()
    j.see("home")
    task.get_by_role("link", name="Record attendance").click()
    expect(page.get_by_role("heading", name="Who came?")).to_be_visible()
    j.see("attendance")
    page.get_by_role("checkbox", name="Mina Member").check()
    page.get_by_role("checkbox", name="Fay Facilitator").check()
    page.get_by_label("Minutes for Mina Member").fill("75")
    page.get_by_role("button", name="Save who came").click()
    expect(page.get_by_text("Attendance is saved: 2 present.")).to_be_visible()
    j.see("saved")
    present = dict(Attendance.objects.filter(present=True).values_list("user__email", "minutes"))
    assert present == {"member@example.org": 75, "facilitator@example.org": 90}
    page.get_by_role("link", name="Fireside").first.click()
    expect(page.get_by_text("Write the notes of “Story night”")).to_be_visible()
    expect(page.get_by_text("Record who came to “Story night”")).to_have_count(0)
    j.see("home-after")


@pytest.mark.parametrize("size", SIZES)
def test_a_member_answers_an_invitation_from_the_home(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("home-rsvp", size), answer_from_home, world)


@pytest.mark.parametrize("size", SIZES)
def test_a_facilitator_goes_from_the_home_to_saved_attendance(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("home-attendance", size), record_from_home, world)
