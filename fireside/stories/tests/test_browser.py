"""Value stories in a real browser on a small phone: axe-core, no sideways scrolling — a
member tells a story and shares it with the group, the group reads it, a coordinator reads
the program's counts beside the stories shared with it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.lib.tests.browser import check_phone_page, sign_in
from fireside.stories.models import Story
from fireside.stories.tests.factories import make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-stories-{name}")


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
    expect(phone.get_by_text("Tell at least one part of your story").first).to_be_visible()
    check(phone, "new-error")
    phone.get_by_label("A few words to name your story").fill("The sand timer")
    phone.get_by_label("What happened").fill("Fay brought a sand timer to our gathering.")
    phone.get_by_label("What you did differently").fill("I use it before tidy-up.")
    phone.get_by_label("Share it with my group, with my name").check()
    phone.get_by_role("button", name="Save my story").click()
    expect(phone.get_by_text("Saved, and shared the way you chose.")).to_be_visible()
    check(phone, "saved")
    story = Story.objects.get()
    assert story.is_shared_with_group and not story.is_shared_with_program

    phone.goto(f"{base}/stories/community/{world.community.pk}/")
    expect(phone.get_by_role("heading", name="The sand timer")).to_be_visible()
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
    expect(phone.get_by_text("2 stories told")).to_be_visible()
    expect(phone.get_by_role("heading", name="Calmer mornings")).to_be_visible()
    check(phone, "program")
