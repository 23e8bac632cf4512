"""Writing a reply on a small phone, in English and in French: the formatting buttons, the
preview, the draft kept on the server while the person goes elsewhere, then posting it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.conversations import actions
from fireside.conversations.models import Draft, Reply
from fireside.demo.factories import PASSWORD
from fireside.lib.tests.browser import check_phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "email": "Email address",
        "password": "Password",
        "sign_in": "Sign in",
        "reply": "Your reply",
        "bold": "Bold",
        "bullets": "Bulleted list",
        "preview": "Preview",
        "saved": "Draft saved at",
        "restored": "Your draft from",
        "send": "Send reply",
    },
    "fr": {
        "email": "Adresse courriel",
        "password": "Mot de passe",
        "sign_in": "Se connecter",
        "reply": "Votre réponse",
        "bold": "Gras",
        "bullets": "Liste à puces",
        "preview": "Aperçu",
        "saved": "Brouillon enregistré à",
        "restored": "Votre brouillon du",
        "send": "Envoyer la réponse",
    },
}


@pytest.fixture(params=["en", "fr"])
def language_phone(request: Any, browser: Any) -> Any:
    """A 360 px phone whose browser asks for English or Canadian French."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=1,
        locale="fr-CA" if request.param == "fr" else "en-CA",
    )
    page = context.new_page()
    page.fireside_language = request.param
    yield page
    context.close()


def test_a_member_writes_previews_leaves_and_posts_a_reply(
    live_server: Any, language_phone: Any, world: World
) -> None:
    page, base = language_phone, live_server.url
    w = WORDS[page.fireside_language]
    thread = actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Wet weather",
        body="What do your toddlers *do* when it pours?",
        kind="question",
    )
    page.goto(base + "/accounts/login/")
    page.get_by_label(w["email"]).fill(world.member.email)
    page.get_by_label(w["password"]).fill(PASSWORD)
    page.get_by_role("button", name=w["sign_in"]).click()
    page.goto(base + thread.get_absolute_url())
    box = page.get_by_label(w["reply"])
    box.click()
    # Bold with nothing selected: the stars go in and the cursor waits between them.
    page.get_by_role("button", name=w["bold"]).click()
    page.keyboard.type("Puddle jumping")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("boots on")
    page.get_by_role("button", name=w["bullets"]).click()
    expect(box).to_have_value("**Puddle jumping**\n- boots on")
    page.get_by_role("button", name=w["preview"], exact=True).click()
    preview = page.locator("[data-editor-preview-body]")
    expect(preview.locator("strong")).to_have_text("Puddle jumping")
    expect(preview.locator("li")).to_have_text("boots on")
    # Saved a few seconds after typing stopped.
    expect(page.get_by_text(re.compile(w["saved"]))).to_be_visible(timeout=10_000)
    check_phone_page(page, f"phone-{page.fireside_language}-editor-preview")
    page.goto(base + "/")
    page.goto(base + thread.get_absolute_url())
    expect(page.get_by_text(w["restored"])).to_be_visible()
    expect(page.get_by_label(w["reply"])).to_have_value("**Puddle jumping**\n- boots on")
    check_phone_page(page, f"phone-{page.fireside_language}-editor-draft")
    page.get_by_role("button", name=w["send"]).click()
    expect(page.locator(".post strong", has_text="Puddle jumping")).to_be_visible()
    assert Reply.objects.get().body == "**Puddle jumping**\n- boots on"
    assert not Draft.objects.exists()
