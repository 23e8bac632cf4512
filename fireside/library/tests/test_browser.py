"""The program library in a real browser on a small phone (360 px) and a desktop (1280 px),
with axe-core and no sideways scrolling: a mentor publishes a podcast episode (after a
refused javascript: link), a member finds it under "From the program" on their group's
resources and in the whole library, filtered by kind; the same pages without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.lib.tests.browser import (
    axe_violations,
    check_phone_page,
    screenshot,
    sign_in,
    sign_out,
)
from fireside.library.models import ProgramResource
from fireside.library.tests.factories import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-library-{name}")


def test_a_mentor_publishes_and_a_member_finds_it_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    make_item(
        world.program,
        world.coordinator,
        title="Slow looking: what children already know",
        kind="reading",
        description="Eight pages on pausing before stepping in.",
        pinned=True,
    )
    base = live_server.url
    sign_in(phone, base, world.mentor.email)
    phone.goto(f"{base}/programs/{world.program.pk}/")
    phone.get_by_role("link", name="The program library").click()
    expect(phone.get_by_role("heading", name="Program library")).to_be_visible()
    check(phone, "list-mentor")
    phone.get_by_role("link", name="Add to the library").click()
    phone.get_by_label("Title").fill("Podcast, episode 14: when a child says no")
    phone.get_by_label("Podcast episode").check()
    phone.get_by_label("…or a link").fill("javascript:alert(1)")
    phone.get_by_role("button", name="Publish").click()
    expect(phone.locator(".error-summary")).to_be_visible()
    check(phone, "new-error")
    phone.get_by_label("…or a link").fill("https://example.org/podcast/episode-14")
    phone.get_by_label("Why it is worth a look (optional)").fill("Good for the **drive home**.")
    phone.get_by_role("button", name="Publish").click()
    expect(phone.get_by_text("Published. Everyone in the program can see it.")).to_be_visible()
    check(phone, "published")
    assert ProgramResource.objects.filter(kind="podcast", published_by=world.mentor).exists()
    sign_out(phone)

    sign_in(phone, base, world.member.email)
    phone.goto(f"{base}/conversations/community/{world.community.pk}/resources/")
    section = phone.locator("section.from-program")
    expect(section.get_by_role("heading", name="From the program")).to_be_visible()
    expect(section.get_by_role("heading", name="Podcast, episode 14")).to_be_visible()
    check(phone, "group-resources")
    section.get_by_role("link", name="The whole program library").click()
    phone.get_by_label("Kind").select_option("reading")
    phone.get_by_role("button", name="Show").click()
    expect(
        phone.get_by_role("heading", name="Slow looking: what children already know")
    ).to_be_visible()
    expect(phone.get_by_role("heading", name="Podcast, episode 14")).to_have_count(0)
    expect(phone.get_by_role("link", name="Add to the library")).to_have_count(0)
    check(phone, "list-member-filtered")


def test_the_library_on_a_desktop_and_without_javascript(
    live_server: Any, browser: Any, world: World
) -> None:
    for i in range(3):
        make_item(world.program, world.mentor, title=f"Pick {i}", description="A *short* note.")
    for viewport, javascript, name in (
        ({"width": 1280, "height": 900}, True, "desktop"),
        ({"width": 360, "height": 740}, False, "phone-nojs"),
    ):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        page = context.new_page()
        sign_in(page, live_server.url, world.coordinator.email)
        page.goto(f"{live_server.url}/library/program/{world.program.pk}/")
        page.get_by_label("Words in the title or description").fill("Pick 1")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_role("heading", name="Pick 1")).to_be_visible()
        expect(page.get_by_role("heading", name="Pick 2")).to_have_count(0)
        screenshot(page, f"{name}-library-search")
        if javascript:
            assert axe_violations(page) == []
        context.close()
