"""A member answers an invitation from the email itself, signed out, at phone and desktop
sizes (and on a phone without JavaScript), then opens the gathering's page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.gatherings import actions, scheduling
from fireside.gatherings.models import Rsvp
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def invited(world: World) -> tuple[Any, str]:
    """Fay schedules a gathering with an agenda; Mina's invitation is in the outbox. Returns
    the gathering and the "Yes" link of Mina's email."""
    _series, (g,), _notice = scheduling.check_schedule(
        actor=world.facilitator,
        community=world.community,
        title="Loose parts, rainy days",
        starts_at=(timezone.now() + dt.timedelta(days=9)).replace(hour=19, minute=0, microsecond=0),
        duration_minutes=90,
        timezone_name="America/Vancouver",
        location="Kettle & Fern Café, 412 Baker St, Nelson BC",
        online_url="https://meet.example.org/circle",
    )
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=g,
        changes={
            "agenda": [
                {"topic": "Mud kitchens in winter", "activity": "story_sharing", "minutes": 30},
                {"topic": "One loose-parts idea to try", "activity": "activity", "minutes": 30},
            ]
        },
    )
    actions.do_rsvp(user=world.facilitator, gathering=g, response="yes")
    (message,) = [m for m in mail.outbox if m.to == [world.member.email]]
    (link,) = re.findall(r"Yes, I'll be there: (\S+)", message.body)
    return g, link


def answer_from_the_email(j: Journey, world: World, live_url: str) -> None:
    g, link = invited(world)
    page = j.page
    page.goto(link.replace("http://testserver", live_url))
    expect(page.get_by_role("heading", name="Send your answer?")).to_be_visible()
    j.see("confirm")
    assert not Rsvp.objects.filter(user=world.member).exists()  # opening it recorded nothing
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="Your answer is in")).to_be_visible()
    j.see("done")
    assert Rsvp.objects.get(gathering=g, user=world.member).response == "yes"

    page.get_by_role("link", name="Open the gathering").click()
    j.fill_sign_in(world.member.email)
    expect(page.get_by_role("heading", name="Loose parts, rainy days")).to_be_visible()
    expect(page.get_by_text("Your answer: yes.")).to_be_visible()
    expect(page.get_by_role("link", name="Google Calendar")).to_be_visible()
    expect(page.get_by_text("The link appears 15 minutes before the start.")).to_be_visible()
    j.see("gathering")


@pytest.mark.parametrize("size", SIZES)
def test_a_member_answers_from_the_email_signed_out(
    journeys: Callable[..., Journey],  # noqa: F811
    world: World,
    live_server: Any,
    size: str,
) -> None:
    answer_from_the_email(journeys("rsvp-email", size), world, live_server.url)


def test_a_member_answers_from_the_email_without_javascript(
    journeys: Callable[..., Journey],  # noqa: F811
    world: World,
    live_server: Any,
) -> None:
    answer_from_the_email(
        journeys("rsvp-email-nojs", "phone", javascript=False), world, live_server.url
    )
