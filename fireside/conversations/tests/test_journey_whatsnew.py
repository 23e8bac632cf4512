"""A member comes back and sees what is new in their group, opens it, and marks the rest as
read (Chromium at phone and desktop sizes, axe on every page: see test_journeys)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.conversations import actions
from fireside.conversations.models import GroupVisit
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["journeys"]  # the fixture, used by name


def catch_up(j: Journey, world: World) -> None:
    fay, group = world.facilitator, world.community
    thread = actions.check_start_thread(
        author=fay, community=group, title="Rainy day ideas?", body="Mud kitchen?", kind="idea"
    )
    actions.check_reply(author=fay, thread=thread, body="Or puddle boats.")
    page = j.page
    j.sign_in(world.member.email)
    news = page.locator("#new-in-groups").locator("..")
    expect(news.get_by_text("1 new conversation")).to_be_visible()
    expect(news.get_by_text("1 new reply")).to_be_visible()
    j.see("home")
    news.get_by_role("link", name="Rainy day ideas?").click()
    expect(page.get_by_text("Or puddle boats.")).to_be_visible()
    j.see("thread")
    page.get_by_role("link", name="Fireside").first.click()
    expect(page.get_by_text("Nothing new in your groups since your last visit.")).to_be_visible()
    j.see("home-caught-up")

    actions.check_reply(author=fay, thread=thread, body="Bring spare socks.")
    page.reload()
    expect(news.get_by_text("1 new reply")).to_be_visible()
    j.see("home-one-more")
    news.get_by_role("link", name=group.name, exact=True).click()
    expect(page.get_by_text("1 new since your last visit: 1 reply.")).to_be_visible()
    j.see("group-home-news")
    page.get_by_role("link", name="See what is new").click()
    card = page.locator(".threads li").filter(has_text="Rainy day ideas?")
    expect(card.locator(".tag.new")).to_contain_text("1 new")
    j.see("conversations")

    actions.check_reply(author=fay, thread=thread, body="And towels.")
    page.get_by_role("link", name="Fireside").first.click()
    expect(news.get_by_text("1 new reply")).to_be_visible()
    news.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text(f"Everything in {group.name} is marked as read.")).to_be_visible()
    expect(page.get_by_text("Nothing new in your groups since your last visit.")).to_be_visible()
    j.see("home-marked-read")
    page.get_by_role("link", name=group.name).first.click()
    expect(page.get_by_text("Nothing new since your last visit.")).to_be_visible()
    j.see("group-home")
    page.get_by_role("link", name="Conversations").first.click()
    expect(page.locator(".threads .tag.new")).to_have_count(0)
    j.see("conversations-read")
    assert GroupVisit.objects.get(user=world.member, community=group)


@pytest.mark.parametrize("size", SIZES)
def test_a_member_catches_up_with_their_group(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("whatsnew", size), catch_up, world)
