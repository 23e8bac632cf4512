"""On a small phone, in English and in French: react "Me too" to a reply and see the count
and who, mention someone from the suggestion list with the keyboard, and the mentioned
person finds the notification. axe-core finds nothing on the way."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from fireside.conversations import actions
from fireside.demo.factories import PASSWORD
from fireside.lib.tests.browser import check_phone_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def french_phone(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="fr-CA"
    )
    page = context.new_page()
    yield page
    context.close()


def _conversation(world: World) -> str:
    thread = actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Rainy-day energy",
        body="The room gets loud when we cannot go out. What helps?",
        kind="question",
    )
    actions.check_reply(
        author=world.facilitator, thread=thread, body="A dance break before snack works for us."
    )
    return thread.get_absolute_url()


def _react_and_mention(
    page: Any, base: str, url: str, words: tuple[str, str, str], name: str
) -> None:
    react, me_too, who = words
    page.goto(base + url)
    reply = page.locator("article.post").nth(1)
    reactions = page.locator(".reactions").nth(1)
    # Nobody has reacted yet: the kinds wait under "React".
    reactions.get_by_text(react).click()
    reactions.get_by_role("button", name=me_too).click()
    # Swapped in place by htmx: the same page, now pressed, with its count.
    expect(reactions.get_by_role("button", name=me_too)).to_have_attribute("aria-pressed", "true")
    expect(reactions.locator(".reaction-count").first).to_have_text("1")
    reactions.get_by_text(who).click()
    expect(reactions.get_by_text("Mina Member")).to_be_visible()
    expect(reply).to_be_visible()
    field = page.locator("textarea[name=body]")
    field.click()
    field.press_sequentially("Thank you @Fa")
    option = page.get_by_role("button", name=name)
    expect(option).to_be_visible()
    field.press("ArrowDown")
    expect(option).to_be_focused()
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
    assert field.input_value() == f"Thank you @{name} "
    field.press_sequentially("let us try it.")


def test_a_member_reacts_and_mentions_and_the_facilitator_hears(
    live_server: Any, phone: Any, world: World
) -> None:
    base = live_server.url
    url = _conversation(world)
    sign_in(phone, base, world.member.email)
    _react_and_mention(phone, base, url, ("React", "Me too", "Who reacted"), "Fay Facilitator")
    check_phone_page(phone, "phone-thread-reactions-mention")
    phone.get_by_role("button", name="Send reply").click()
    expect(phone.locator("strong.mention", has_text="@Fay Facilitator")).to_be_visible()
    check_phone_page(phone, "phone-thread-mention-sent")
    sign_out(phone)
    sign_in(phone, base, world.facilitator.email)
    phone.goto(base + reverse("notifications:inbox"))
    expect(phone.get_by_text("Mina Member mentioned you")).to_be_visible()
    check_phone_page(phone, "phone-mention-notification")


def test_the_same_in_french(live_server: Any, french_phone: Any, world: World) -> None:
    base = live_server.url
    url = _conversation(world)
    french_phone.goto(base + "/accounts/login/")
    french_phone.get_by_label("Adresse courriel").fill(world.member.email)
    french_phone.get_by_label("Mot de passe").fill(PASSWORD)
    french_phone.get_by_role("button", name="Se connecter").click()
    _react_and_mention(
        french_phone, base, url, ("Réagir", "Moi aussi", "Qui a réagi"), "Fay Facilitator"
    )
    assert french_phone.locator("html").get_attribute("lang") == "fr-ca"
    check_phone_page(french_phone, "phone-fr-thread-reactions-mention")
