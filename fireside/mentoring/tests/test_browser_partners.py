"""Members choosing their partners in a real browser on a small phone, in English and in
French: Mina opens Find a partner, sees why someone is suggested, asks them with a note;
they sign in and accept; both see the pair. Axe-core and no sideways scrolling each step."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import PASSWORD, UserFactory, make_member
from fireside.lib.tests.browser import axe_violations, check_phone_page, fits_width, screenshot
from fireside.lib.tests.browser import sign_in as sign_in_en
from fireside.mentoring.models import Pairing, PartnerRequest
from fireside.mentoring.tests.factories import members_choose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def french_phone(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="fr-CA"
    )
    page = context.new_page()
    yield page
    context.close()


def _lucas(world: World) -> Any:
    members_choose(world.program)
    world.member.interests = ["outdoor play"]
    world.member.availability = "Weekday evenings"
    world.member.save()
    return make_member(
        world.community,
        UserFactory(
            name="Lucas Tremblay",
            email="lucas@example.org",
            interests=["outdoor play", "music"],
            availability="Tuesday evenings",
        ),
    )


def test_a_member_chooses_a_partner_who_accepts_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    lucas = _lucas(world)
    base = live_server.url

    def check(name: str) -> None:
        check_phone_page(phone, f"phone-partners-{name}")

    sign_in_en(phone, base, world.member.email)
    phone.goto(f"{base}/mentoring/")
    phone.get_by_role("link", name=f"Find a partner in {world.program.name}").click()
    expect(phone.get_by_role("heading", name="Lucas Tremblay")).to_be_visible()
    expect(phone.get_by_text("Both interested in outdoor play.")).to_be_visible()
    check("find")
    phone.get_by_text("Ask Lucas Tremblay").click()
    phone.get_by_label("A short note (optional, 300 characters at most)").first.fill(
        "Walks after work on Tuesdays?"
    )
    check("find-asking")
    phone.get_by_role("button", name="Send the request to Lucas Tremblay").click()
    expect(phone.get_by_text("Your request is on its way to Lucas Tremblay.")).to_be_visible()
    check("requests-sent")
    assert PartnerRequest.objects.get().note == "Walks after work on Tuesdays?"

    phone.context.clear_cookies()
    sign_in_en(phone, base, lucas.email)
    phone.goto(f"{base}/mentoring/partner-requests/")
    expect(phone.get_by_text("Walks after work on Tuesdays?")).to_be_visible()
    check("requests-received")
    phone.get_by_role("button", name="Accept Mina Member as your partner").click()
    expect(phone.get_by_text("You are partners now.")).to_be_visible()
    check("pair")
    pairing = Pairing.objects.get()
    assert sorted(pairing.user_ids()) == sorted([world.member.pk, lucas.pk])

    phone.context.clear_cookies()
    sign_in_en(phone, base, world.member.email)
    phone.goto(f"{base}/mentoring/")
    expect(phone.get_by_role("link", name="Lucas Tremblay")).to_be_visible()
    check("mine-paired")


def test_the_same_in_french(live_server: Any, french_phone: Any, world: World) -> None:
    lucas = _lucas(world)
    base = live_server.url
    page = french_phone

    def check(name: str) -> None:
        screenshot(page, f"phone-fr-partners-{name}")
        assert page.locator("html").get_attribute("lang") == "fr-ca", name
        assert fits_width(page), name
        assert axe_violations(page) == [], name

    def sign_in_fr(email: str) -> None:
        page.goto(base + "/accounts/login/")
        page.get_by_label("Adresse courriel").fill(email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()

    sign_in_fr(world.member.email)
    page.goto(f"{base}/mentoring/")
    page.locator(f"a[href='/mentoring/programs/{world.program.pk}/find-a-partner/']").click()
    expect(page.get_by_role("heading", name="Trouver un ou une partenaire")).to_be_visible()
    expect(page.get_by_text("Un intérêt commun pour outdoor play.")).to_be_visible()
    check("find")
    page.locator(f"#suggestion-{lucas.pk} summary").click()
    page.locator(f"#note-{lucas.pk}").fill("Des marches le mardi?")
    page.locator(f"#suggestion-{lucas.pk} button[type=submit]").click()
    expect(page.get_by_text("Votre demande est en route")).to_be_visible()
    check("requests-sent")

    page.context.clear_cookies()
    sign_in_fr(lucas.email)
    page.goto(f"{base}/mentoring/partner-requests/")
    expect(page.get_by_text("Des marches le mardi?")).to_be_visible()
    check("requests-received")
    page.locator("form[action$='/accept/'] button").click()
    expect(page.get_by_text("Vous êtes maintenant partenaires.")).to_be_visible()
    check("pair")

    page.context.clear_cookies()
    sign_in_fr(world.member.email)
    page.goto(f"{base}/mentoring/")
    expect(page.get_by_role("link", name="Lucas Tremblay")).to_be_visible()
    check("mine-paired")
