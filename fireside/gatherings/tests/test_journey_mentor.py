"""A mentor goes from their home to a written debrief: they see the group they support and
the gathering just held, set a time to talk it over with the facilitator, then write the
debrief. In Chromium at phone and desktop sizes, every page passing axe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.communities.mentors import check_assign_mentor
from fireside.gatherings.models import Debrief, DebriefCall
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["journeys"]  # the fixture, used by name


def debrief_from_home(j: Journey, world: World) -> None:
    check_assign_mentor(actor=world.coordinator, community=world.community, mentor=world.mentor)
    g = world.gathering
    g.title = "Rainy day play"
    g.starts_at = timezone.now() - dt.timedelta(hours=20)
    g.save()
    page = j.page
    j.sign_in(world.mentor.email)
    expect(page.get_by_role("heading", name="Groups you mentor")).to_be_visible()
    expect(page.get_by_text(f"Write the debrief of “Rainy day play” ({world.community.name})"))
    j.see("home")

    page.get_by_role("link", name="Set a time to talk").first.click()
    expect(page.get_by_role("heading", name="Talk it over together")).to_be_visible()
    j.see("debrief-call")
    day = timezone.localdate() + dt.timedelta(days=2)
    page.get_by_label("Date:", exact=True).fill(day.isoformat())
    page.get_by_label("Start time").fill("16:30")
    page.get_by_label("Online link").fill("https://meet.example.org/rainy-day")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Everyone taking part has an invitation by email.")).to_be_visible()
    j.see("debrief-call-set")
    call = DebriefCall.objects.get()
    assert call.online_url == "https://meet.example.org/rainy-day"

    page.get_by_role("link", name="Write the debrief", exact=True).click()
    j.see("debrief")
    page.get_by_label("Logistics").fill("The library room was warm; the link worked for Sam.")
    page.get_by_label("Common threads").fill("Outdoor play in the rain, and naps.")
    page.get_by_label("Wonderings").fill("How do we invite families to share rain gear?")
    page.get_by_role("button", name="Save the debrief").click()
    expect(page.get_by_text("The debrief is saved. Thank you.")).to_be_visible()
    j.see("debrief-saved")
    debrief = Debrief.objects.get(gathering=g)
    assert (debrief.written_by, debrief.common_threads) == (
        world.mentor,
        "Outdoor play in the rain, and naps.",
    )

    page.goto(j.base + "/")
    expect(page.get_by_text("Every gathering of your groups has its debrief. Thank you!"))
    expect(page.get_by_text("Debrief conversations coming up")).to_be_visible()
    j.see("home-after")


@pytest.mark.parametrize("size", SIZES)
def test_a_mentor_goes_from_home_to_a_written_debrief(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("mentor", size), debrief_from_home, world)
