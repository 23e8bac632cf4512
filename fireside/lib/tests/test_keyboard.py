"""Keyboard only: a newcomer signs in, finds a group and joins it, and a member posts a
question, with Tab, Shift+Tab, typing, Space and Enter — never the mouse. Every element that
takes focus on the way shows where the focus is, and focus always moves on (no traps)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.communities.models import Membership
from fireside.conversations.models import Thread
from fireside.demo.factories import PASSWORD, CommunityFactory, UserFactory
from fireside.lib.tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Tab presses allowed to reach one control before we call it lost (a trap, or not focusable).
MAX_TABS = 80

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const name = (el.getAttribute('aria-label') || el.labels?.[0]?.innerText
                || el.innerText || el.value || '').trim().replace(/\\s+/g, ' ');
  return {tag: el.tagName, name, outlined, shadow: style.boxShadow !== 'none'};
}"""


def tab_to(page: Any, name: str) -> None:
    """Press Tab until the focused element's accessible name starts with `name`, checking
    on the way that each focused element shows its focus and that focus keeps moving."""
    seen: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue  # back at the top of the document: the cycle goes on
        label = f"{focused['tag']} {focused['name'][:40]!r}"
        assert focused["outlined"] or focused["shadow"], f"no visible focus on {label}"
        if focused["name"].startswith(name):
            return
        seen.append(label)
        assert seen[-3:].count(label) < 3, f"focus is stuck on {label}"
    raise AssertionError(f"{name!r} not reached with {MAX_TABS} tabs; focus went to {seen}")


def follow(page: Any) -> None:
    """Enter on the focused link or button, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page: Any, label: str, text: str) -> None:
    tab_to(page, label)
    page.keyboard.type(text)


@pytest.fixture
def keyboard_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def sign_in_by_keyboard(page: Any, email: str) -> None:
    tab_to(page, "Sign in")
    follow(page)
    page.get_by_label("Email address").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    follow(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_newcomer_finds_and_joins_a_group_with_the_keyboard_alone(
    live_server: Any, keyboard_page: Any, world: World
) -> None:
    CommunityFactory(program=world.program, name="Seaside Toddler Circle", capacity=12)
    robin = UserFactory(email="robin@example.org", name="Robin Lee")
    page = keyboard_page
    page.goto(live_server.url + "/")
    sign_in_by_keyboard(page, robin.email)
    tab_to(page, "Find a group")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    tab_to(page, "Seaside Toddler Circle")
    follow(page)
    tab_to(page, "Join")
    follow(page)
    expect(page.get_by_role("heading", name="Join Seaside Toddler Circle")).to_be_visible()
    tab_to(page, "I have read the group's agreement")
    page.keyboard.press("Space")
    tab_to(page, "Accept and join")
    screenshot(page, "keyboard-join-before-submit")
    follow(page)
    expect(page.get_by_text("Welcome to Seaside Toddler Circle!")).to_be_visible()
    place = Membership.objects.get(user=robin)
    assert place.status == Membership.Status.ACTIVE and place.agreement_accepted_at


def test_a_member_asks_a_question_with_the_keyboard_alone(
    live_server: Any, keyboard_page: Any, world: World
) -> None:
    page = keyboard_page
    page.goto(f"{live_server.url}/communities/{world.community.pk}/home/")
    sign_in_by_keyboard(page, world.member.email)
    page.goto(f"{live_server.url}/communities/{world.community.pk}/home/")
    tab_to(page, "Conversations")
    follow(page)
    tab_to(page, "Start a conversation")
    follow(page)
    type_into(page, "Title", "How do you open a first meeting?")
    type_into(page, "Your message", "We meet on Thursday for the first time.")
    screenshot(page, "keyboard-ask-before-submit")
    tab_to(page, "Post")
    follow(page)
    expect(page.get_by_role("heading", name="How do you open a first meeting?")).to_be_visible()
    assert Thread.objects.filter(title="How do you open a first meeting?").exists()
