"""The way around, in Debian's Chromium: the bottom bar on a phone, the header row on a
desktop, a group's tab strip and the breadcrumbs, on the home, a group's home and a thread.

Screenshots go to `<var>/screenshots/navigation-*.png` for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.conversations.models import Thread
from fireside.lib.tests.browser import axe_violations, fits_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def _shot(page: Any, name: str) -> None:
    folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"navigation-{name}.png"), full_page=True)


def _boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return list(
        page.eval_on_selector_all(
            selector,
            """els => els.map(e => { const r = e.getBoundingClientRect();
                 return {x: r.x, y: r.y, width: r.width, height: r.height,
                         position: getComputedStyle(e.closest('nav')).position}; })""",
        )
    )


@pytest.fixture
def thread(world: World) -> Thread:
    return Thread.objects.create(
        community=world.community,
        author=world.member,
        kind="question",
        title="How do you settle toddlers after a nap?",
        body="Ours wake up grumpy. What works for you?",
        body_html="<p>Ours wake up grumpy. What works for you?</p>",
        last_activity_at=timezone.now(),
    )


@pytest.mark.parametrize("size", SIZES)
def test_it_shows_one_way_around_on_a_phone_and_a_desktop(
    browser: Any, live_server: Any, world: World, thread: Thread, size: str
) -> None:
    context = browser.new_context(viewport=SIZES[size], device_scale_factor=1)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, world.facilitator.email)
        pages = {
            "home": "/",
            "group": f"/communities/{world.community.pk}/home/",
            "thread": thread.get_absolute_url(),
        }
        for name, path in pages.items():
            page.goto(live_server.url + path)
            _shot(page, f"{size}-{name}")
            assert axe_violations(page) == [], (size, name)
            links = _boxes(page, ".site-nav a")
            assert [round(b["height"]) >= 44 and round(b["width"]) >= 44 for b in links] == [
                True
            ] * 5, (size, name, links)
            if size == "phone":
                assert fits_width(page), f"{name} scrolls sideways at 360 px"
                # The bar is fixed at the bottom of the screen, in one row.
                assert {b["position"] for b in links} == {"fixed"}
                assert len({round(b["y"]) for b in links}) == 1
                assert links[0]["y"] + links[0]["height"] <= 740 + 1
            else:
                assert {b["position"] for b in links} != {"fixed"}
                assert all(b["y"] < 100 for b in links), "the main links sit in the header"
            current = page.locator('.site-nav a[aria-current="page"]')
            assert current.count() == (1 if name == "home" else 0)
            if name == "home":
                assert page.locator('nav[aria-label="Breadcrumb"]').count() == 0
                continue
            crumbs = page.locator('nav[aria-label="Breadcrumb"] ol > li')
            assert crumbs.first.inner_text() == "Home"
            assert crumbs.last.locator('[aria-current="page"]').count() == 1
            tabs = _boxes(page, ".group-tabs li")
            assert len(tabs) > 10
            if size == "phone":
                assert len({round(b["y"]) for b in tabs}) == 1, "the tab strip does not wrap"
            marked = page.locator('.group-tabs a[aria-current="page"]')
            assert marked.inner_text() == ("Our group" if name == "group" else "Conversations")
    finally:
        context.close()


def test_it_keeps_the_last_lines_of_a_page_above_the_bottom_bar(
    phone: Any, live_server: Any, world: World
) -> None:
    sign_in(phone, live_server.url, world.member.email)
    phone.goto(live_server.url + "/communities/mine/")
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = phone.locator(".site-footer").bounding_box()
    bar = phone.locator(".site-nav").bounding_box()
    assert footer is not None and bar is not None
    assert footer["y"] + footer["height"] <= bar["y"] + 1, "the bar hides the end of the page"


def test_it_opens_the_menu_and_signs_out_without_javascript(
    browser: Any, live_server: Any, world: World
) -> None:
    context = browser.new_context(viewport=SIZES["phone"], java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, world.member.email)
        page.locator(".site-menu summary").click()
        page.get_by_role("button", name="Sign out").click()
        bar = page.get_by_role("navigation", name="Main")
        expect(bar.get_by_role("link", name="Sign in")).to_be_visible()
        expect(bar.get_by_role("link", name="Join")).to_be_visible()
        _shot(page, "phone-signed-out")
    finally:
        context.close()
