"""Real-browser checks of the foundation pages: small phone, no JavaScript, axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from fireside.demo.factories import PASSWORD, CommunityFactory, ProgramFactory, UserFactory
from fireside.lib.tests.browser import axe_violations, fits_width, screenshot, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    program = ProgramFactory(name="Peer Mentoring 2026–27")
    CommunityFactory(
        program=program,
        name="Seaside Toddler Circle",
        region="Coast",
        purpose="Outdoor play for toddlers, all weather.",
    )
    CommunityFactory(
        program=program,
        name="Northern Lights Educators",
        region="North",
        mode="in_person",
        meeting_place="Public library, room B",
    )
    return {"program": program}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/communities/",
        "/programs/",
        "/accounts/signup/",
        "/accounts/login/",
        "/accounts/password-reset/",
    ],
)
def test_it_serves_public_pages_that_fit_a_phone_and_pass_axe(
    live_server: Any, phone: Any, demo: dict[str, Any], path: str
) -> None:
    phone.goto(live_server.url + path)
    assert fits_width(phone), f"{path} scrolls sideways at 360 px"
    assert axe_violations(phone) == []
    screenshot(phone, "phone-" + (path.strip("/").replace("/", "-") or "home"))


def test_it_shows_program_and_community_pages_on_a_phone(
    live_server: Any, phone: Any, demo: dict[str, Any]
) -> None:
    phone.goto(f"{live_server.url}/programs/{demo['program'].pk}/")
    assert fits_width(phone)
    assert axe_violations(phone) == []
    phone.get_by_role("link", name="Seaside Toddler Circle").click()
    expect(phone.get_by_role("heading", name="Seaside Toddler Circle")).to_be_visible()
    assert fits_width(phone)
    assert axe_violations(phone) == []
    screenshot(phone, "phone-community")


def test_it_signs_up_and_in_without_javascript(live_server: Any, browser: Any, db: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Your name").fill("Robin Lee")
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Password").fill("a kettle of fish")
    page.get_by_label("What is your role?").select_option("ece")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    expect(page.get_by_text("We sent a link to robin@example.org")).to_be_visible()
    sign_out(page)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "phone-login-error")
    page.get_by_label("Password").fill("a kettle of fish")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Me", exact=True)).to_be_visible()
    context.close()


def test_it_moves_focus_to_content_with_the_skip_link(
    live_server: Any, phone: Any, demo: dict[str, Any]
) -> None:
    phone.goto(live_server.url + "/")
    phone.keyboard.press("Tab")
    skip = phone.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    expect(skip).to_be_visible()


def test_it_shows_the_coordinator_form_errors_accessibly(
    live_server: Any, phone: Any, demo: dict[str, Any]
) -> None:
    staff = UserFactory(email="ops@example.org", is_staff=True)
    phone.goto(live_server.url + "/accounts/login/")
    phone.get_by_label("Email address").fill(staff.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.goto(live_server.url + "/programs/new/")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    assert fits_width(phone)
    assert axe_violations(phone) == []
    screenshot(phone, "phone-program-form-errors")
