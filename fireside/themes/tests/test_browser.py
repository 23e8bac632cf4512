"""Common threads in a real browser on a small phone: axe-core, no sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.tests.browser import check_phone_page, sign_in
from fireside.themes import actions
from fireside.themes.tests.factories import OUTDOOR, TRANSITIONS, topics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-themes-{name}")


def test_facilitators_and_coordinators_read_the_threads_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    base = live_server.url
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/themes/community/{world.community.pk}/")
    expect(phone.get_by_text("has not worked out the common threads yet")).to_be_visible()
    check(phone, "community-empty")

    group = [make_member(world.community, UserFactory()) for _ in range(4)]
    topics(world.community, group, OUTDOOR + TRANSITIONS)
    others = [make_member(world.other_community, UserFactory()) for _ in range(3)]
    topics(world.other_community, others, OUTDOOR)
    for scope_id in actions.scopes_to_refresh(everything=True):
        actions.recompute(scope_id)

    phone.goto(f"{base}/themes/community/{world.community.pk}/")
    expect(phone.locator(".theme", has_text="sand timer").first).to_be_visible()
    phone.get_by_text("How the threads are found").click()
    check(phone, "community")

    phone.goto(f"{base}/accounts/login/")
    phone.context.clear_cookies()
    sign_in(phone, base, world.coordinator.email)
    phone.goto(f"{base}/themes/programs/{world.program.pk}/")
    expect(phone.locator(".theme", has_text="outdoor play").first).to_be_visible()
    check(phone, "program")
