"""Value stories in a real browser on a small phone: axe-core, no sideways scrolling — a
member tells a story and shares it with the group, the group reads it, a coordinator reads
the program's counts beside the stories shared with it."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from fireside.lib.factories import PASSWORD
from fireside.lib.tests.browser import axe_violations, fits_width, screenshot
from fireside.stories.models import Story
from fireside.stories.tests.factories import make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def check(page: Any, name: str) -> None:
    screenshot(page, f"phone-stories-{name}")  # first, so a failure can be looked at
    assert fits_width(page), f"{name} scrolls sideways at 360 px"
    assert axe_violations(page) == [], name


def test_a_member_tells_a_story_and_shares_it_with_the_group_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    base = live_server.url
    sign_in(phone, base, world.member.email)
    phone.goto(f"{base}/stories/")
    check(phone, "mine-empty")
    phone.get_by_role("link", name="Tell a story").click()
    check(phone, "new")
    phone.get_by_role("button", name="Save my story").click()
    assert phone.get_by_text("Tell at least one part of your story").first.is_visible()
    check(phone, "new-error")
    phone.get_by_label("A few words to name your story").fill("The sand timer")
    phone.get_by_label("What happened").fill("Fay brought a sand timer to our gathering.")
    phone.get_by_label("What you did differently").fill("I use it before tidy-up.")
    phone.get_by_label("Share it with my group, with my name").check()
    phone.get_by_role("button", name="Save my story").click()
    assert phone.get_by_text("Saved, and shared the way you chose.").is_visible()
    check(phone, "saved")
    story = Story.objects.get()
    assert story.is_shared_with_group and not story.is_shared_with_program

    phone.goto(f"{base}/stories/community/{world.community.pk}/")
    assert phone.get_by_role("heading", name="The sand timer").is_visible()
    check(phone, "group")


def test_a_coordinator_reads_the_value_created_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    make_story(
        world.member,
        world.community,
        title="Calmer mornings",
        immediate="A peer suggested a quiet corner.",
        applied="I set one up by the window.",
        realised="Two children who used to cry at drop-off settle there now.",
        program=True,
    )
    make_story(world.facilitator, world.community, title="Mine", transformative="x")
    base = live_server.url
    sign_in(phone, base, world.coordinator.email)
    phone.goto(f"{base}/stories/programs/{world.program.pk}/")
    assert phone.get_by_text("2 stories told").is_visible()
    assert phone.get_by_role("heading", name="Calmer mornings").is_visible()
    check(phone, "program")
