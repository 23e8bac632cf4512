"""The pair's message thread in a real browser on a 360-pixel phone, with axe-core, in
English and in French: one partner writes, the other sees the new message on the pair's
page, opens the thread and replies; a facilitator of the group gets 404."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import PASSWORD, UserFactory, make_member
from fireside.lib.tests.browser import axe_violations, check_phone_page, fits_width, screenshot
from fireside.lib.tests.browser import sign_in as sign_in_en
from fireside.mentoring.message_models import PairMessage
from fireside.mentoring.tests.factories import make_pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pair(world: World) -> Any:
    bea = make_member(world.community, UserFactory(name="Bea Brown", email="bea@example.org"))
    return make_pairing(world.community, world.member, bea), bea


def test_partners_write_each_other_on_a_phone(
    live_server: Any, browser: Any, phone: Any, world: World
) -> None:
    pairing, bea = _pair(world)
    base = live_server.url
    sign_in_en(phone, base, world.member.email)
    phone.goto(f"{base}/mentoring/pairs/{pairing.pk}/")
    phone.get_by_role("link", name="Write the first message").click()
    check_phone_page(phone, "phone-pair-messages-empty")
    phone.get_by_label("Your message").fill("Could we meet on **Thursday** after school?")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("Sent.", exact=True)).to_be_visible()
    check_phone_page(phone, "phone-pair-messages-sent")

    other = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    bea_page = other.new_page()
    sign_in_en(bea_page, base, bea.email)
    bea_page.goto(f"{base}/mentoring/pairs/{pairing.pk}/")
    expect(bea_page.get_by_text("1 new message").first).to_be_visible()
    check_phone_page(bea_page, "phone-pair-page-new-message")
    bea_page.get_by_role("link", name="Read and reply").click()
    expect(bea_page.locator("strong", has_text="Thursday")).to_be_visible()
    check_phone_page(bea_page, "phone-pair-messages-unread")
    bea_page.get_by_label("Your message").fill("Thursday works. I will bring the cards.")
    bea_page.get_by_role("button", name="Send").click()
    expect(bea_page.get_by_text("I will bring the cards.")).to_be_visible()
    other.close()
    assert PairMessage.objects.count() == 2

    # A facilitator of the group, not in the pair: 404, and not a word of it.
    fay = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    fay_page = fay.new_page()
    sign_in_en(fay_page, base, world.facilitator.email)
    response = fay_page.goto(f"{base}/mentoring/pairs/{pairing.pk}/messages/")
    assert response is not None and response.status == 404
    assert "Thursday" not in fay_page.content()
    fay.close()


@pytest.fixture
def french(browser: Any) -> Any:
    contexts = []

    def page() -> Any:
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="fr-CA"
        )
        contexts.append(context)
        return context.new_page()

    yield page
    for context in contexts:
        context.close()


def _check_fr(page: Any, name: str) -> None:
    screenshot(page, f"phone-fr-{name}")
    assert page.locator("html").get_attribute("lang") == "fr-ca", name
    assert fits_width(page), f"{name} scrolls sideways at 360 px"
    assert axe_violations(page) == [], name


def _sign_in_fr(page: Any, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_partners_write_each_other_in_french(live_server: Any, french: Any, world: World) -> None:
    pairing, bea = _pair(world)
    base = live_server.url
    mina = french()
    _sign_in_fr(mina, base, world.member.email)
    mina.goto(f"{base}/mentoring/pairs/{pairing.pk}/messages/")
    _check_fr(mina, "pair-messages-empty")
    mina.get_by_label("Votre message").fill("On se voit jeudi après l’école?")
    mina.get_by_role("button", name="Envoyer").click()
    expect(mina.get_by_text("Envoyé.", exact=True)).to_be_visible()

    bea_page = french()
    _sign_in_fr(bea_page, base, bea.email)
    bea_page.goto(f"{base}/mentoring/pairs/{pairing.pk}/")
    expect(bea_page.get_by_text("1 nouveau message").first).to_be_visible()
    _check_fr(bea_page, "pair-page-new-message")
    bea_page.get_by_role("link", name="Lire et répondre").click()
    _check_fr(bea_page, "pair-messages-unread")
    bea_page.get_by_label("Votre message").fill("Jeudi, c’est parfait.")
    bea_page.get_by_role("button", name="Envoyer").click()
    expect(bea_page.get_by_text("Jeudi, c’est parfait.")).to_be_visible()
    _check_fr(bea_page, "pair-messages-replied")

    fay = french()
    _sign_in_fr(fay, base, world.facilitator.email)
    response = fay.goto(f"{base}/mentoring/pairs/{pairing.pk}/messages/")
    assert response is not None and response.status == 404
