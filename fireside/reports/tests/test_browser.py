"""The program report in Debian's Chromium at phone size: readable, no sideways scrolling,
no axe violations."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.lib.factories import PASSWORD
from fireside.lib.tests.browser import axe_violations, fits_width, screenshot
from fireside.mentoring.tests.factories import make_reflection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_opens_the_report_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    make_reflection(world.program, world.member, shareable_excerpt="Slower mornings helped.")
    phone.goto(live_server.url + "/accounts/login/")
    phone.get_by_label("Email address").fill(world.coordinator.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.goto(f"{live_server.url}/programs/{world.program.pk}/")
    phone.get_by_role("link", name="Program report").click()
    expect(phone.get_by_role("heading", name="Program report")).to_be_visible()
    expect(phone.get_by_text("Slower mornings helped.")).to_be_visible()
    screenshot(phone, "phone-reports-program")
    assert fits_width(phone)
    assert axe_violations(phone) == []
