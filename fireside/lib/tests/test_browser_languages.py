"""French in a real browser on a small phone: a French browser gets French pages, the footer
switcher (a plain form) changes the language, and axe-core still finds nothing: the page's lang
follows the language shown."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import PASSWORD
from fireside.lib.tests.browser import axe_violations, fits_width, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def french_phone(browser: Any) -> Any:
    """A small phone whose browser asks for Canadian French."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=1,
        locale="fr-CA",
    )
    page = context.new_page()
    yield page
    context.close()


def check(page: Any, name: str) -> None:
    screenshot(page, f"phone-fr-{name}")
    assert page.locator("html").get_attribute("lang") == "fr-ca", name
    assert fits_width(page), f"{name} scrolls sideways at 360 px"
    assert axe_violations(page) == [], name


def test_a_french_browser_reads_fireside_in_french(
    live_server: Any, french_phone: Any, world: World
) -> None:
    base = live_server.url
    french_phone.goto(base + "/")
    check(french_phone, "home")
    expect(french_phone.get_by_role("link", name="Trouver un groupe").first).to_be_visible()
    french_phone.goto(base + "/communities/")
    check(french_phone, "directory")
    french_phone.goto(base + "/accounts/login/")
    check(french_phone, "login")
    french_phone.get_by_label("Adresse courriel").fill(world.member.email)
    french_phone.get_by_label("Mot de passe").fill(PASSWORD)
    french_phone.get_by_role("button", name="Se connecter").click()
    french_phone.goto(base + "/accounts/profile/")
    check(french_phone, "profile")
    assert french_phone.get_by_label("Langue").input_value() == ""  # follows the browser
    french_phone.goto(f"{base}/gatherings/{world.gathering.pk}/")
    check(french_phone, "gathering")
    expect(french_phone.get_by_text(" h ").first).to_be_visible()  # "19 h 00", the French way


def test_the_footer_switcher_changes_the_language(live_server: Any, phone: Any) -> None:
    base = live_server.url
    phone.goto(base + "/communities/")
    assert phone.locator("html").get_attribute("lang") == "en"
    phone.get_by_role("button", name="Français").click()
    phone.wait_for_url(base + "/communities/")
    check(phone, "switched")
    expect(phone.get_by_role("heading", name="Trouver un groupe")).to_be_visible()
    phone.get_by_role("button", name="English").click()
    phone.wait_for_url(base + "/communities/")
    assert phone.locator("html").get_attribute("lang") == "en"
    expect(phone.get_by_role("heading", name="Find a group")).to_be_visible()
