"""Common threads in a real browser on a small phone: axe-core, no sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from fireside.lib.factories import PASSWORD, UserFactory, make_member
from fireside.lib.tests.browser import axe_violations, fits_width, screenshot
from fireside.themes import actions
from fireside.themes.tests.factories import OUTDOOR, TRANSITIONS, topics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def check(page: Any, name: str) -> None:
    screenshot(page, f"phone-themes-{name}")  # first, so a failure can be looked at
    assert fits_width(page), f"{name} scrolls sideways at 360 px"
    assert axe_violations(page) == [], name


def test_facilitators_and_coordinators_read_the_threads_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    base = live_server.url
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/themes/community/{world.community.pk}/")
    assert phone.get_by_text("has not worked out the common threads yet").is_visible()
    check(phone, "community-empty")

    group = [make_member(world.community, UserFactory()) for _ in range(4)]
    topics(world.community, group, OUTDOOR + TRANSITIONS)
    others = [make_member(world.other_community, UserFactory()) for _ in range(3)]
    topics(world.other_community, others, OUTDOOR)
    for scope_id in actions.scopes_to_refresh(everything=True):
        actions.recompute(scope_id)

    phone.goto(f"{base}/themes/community/{world.community.pk}/")
    assert phone.locator(".theme", has_text="sand timer").first.is_visible()
    phone.get_by_text("How the threads are found").click()
    check(phone, "community")

    phone.goto(f"{base}/accounts/login/")
    phone.context.clear_cookies()
    sign_in(phone, base, world.coordinator.email)
    phone.goto(f"{base}/themes/programs/{world.program.pk}/")
    assert phone.locator(".theme", has_text="outdoor play").first.is_visible()
    check(phone, "program")
