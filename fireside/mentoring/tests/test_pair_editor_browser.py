"""The pair's message editor and unread markers in a real browser on a 360-pixel phone, with
axe-core: Mina writes with the formatting buttons and the preview, her draft is saved as
she types, she sends; Bea sees "New since your last visit" and lands on the "New" divider."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.tests.browser import check_phone_page
from fireside.lib.tests.browser import sign_in as sign_in_en
from fireside.mentoring import pair_messages
from fireside.mentoring.message_models import PairDraft, PairMessage
from fireside.mentoring.tests.factories import make_pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_with_preview_and_see_the_unread_divider(
    live_server: Any, browser: Any, phone: Any, world: World
) -> None:
    bea = make_member(world.community, UserFactory(name="Bea Brown", email="bea@example.org"))
    pairing = make_pairing(world.community, world.member, bea)
    pair_messages.check_send_message(author=bea, pairing=pairing, body="Hello, partner!")
    base = live_server.url
    sign_in_en(phone, base, world.member.email)
    phone.goto(f"{base}/mentoring/pairs/{pairing.pk}/messages/")
    box = phone.get_by_label("Your message")
    box.fill("Could we meet on ")
    box.press("End")
    phone.get_by_role("button", name="Bold").click()
    phone.keyboard.type("Thursday")
    phone.get_by_role("button", name="Preview").click()
    preview = phone.locator("[data-editor-preview]")
    expect(preview.locator("strong", has_text="Thursday")).to_be_visible()
    expect(phone.get_by_text("Draft saved at")).to_be_visible(timeout=10_000)
    assert PairDraft.objects.get().body == "Could we meet on **Thursday**"
    check_phone_page(phone, "phone-pair-editor-preview")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("Sent.", exact=True)).to_be_visible()
    assert not PairDraft.objects.exists()
    phone.get_by_label("Your message").fill("And bring the cards?")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("And bring the cards?")).to_be_visible()

    other = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    bea_page = other.new_page()
    sign_in_en(bea_page, base, bea.email)
    bea_page.goto(f"{base}/mentoring/")
    expect(bea_page.get_by_text("New since your last visit:")).to_be_visible()
    bea_page.goto(f"{base}/mentoring/pairs/{pairing.pk}/")
    bea_page.get_by_role("link", name="2 new messages").click()
    divider = bea_page.locator("#first-unread")
    expect(divider).to_be_in_viewport()
    text = bea_page.content()
    assert text.index("Hello, partner!") < text.index('id="first-unread"')
    assert text.index('id="first-unread"') < text.index("Thursday</strong>")
    check_phone_page(bea_page, "phone-pair-messages-divider")
    other.close()
    assert PairMessage.objects.count() == 3
