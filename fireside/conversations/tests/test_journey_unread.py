"""Unread replies and THINK on replies in a real browser at 360 px, axe on every page, in
English (test_journeys) and in Canadian French."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.communities.models import Think
from fireside.conversations import actions
from fireside.conversations.models import Thread, ThreadRead
from fireside.demo.factories import PASSWORD
from fireside.lib.tests.browser import axe_violations, fits_width, screenshot
from fireside.lib.tests.test_journeys import Journey, journeys, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["journeys"]  # the fixture, used by name


def _two_new_replies(world: World) -> Thread:
    """Mina read Fay's thread an hour ago; since then Fay answered twice."""
    fay = world.facilitator
    thread = actions.check_start_thread(
        author=fay, community=world.community, title="Quiet corners", body="Ideas?", kind="idea"
    )
    actions.check_reply(author=fay, thread=thread, body="A reading tent.")
    ThreadRead.objects.create(user=world.member, thread=thread, read_at=timezone.now())
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    thread.replies.update(created_at=timezone.now() - dt.timedelta(hours=2))
    ThreadRead.objects.filter(thread=thread).update(read_at=timezone.now() - dt.timedelta(hours=1))
    actions.check_reply(author=fay, thread=thread, body="Cushions by the window.")
    actions.check_reply(author=fay, thread=thread, body="A basket of soft toys.")
    return thread


def read_and_think(j: Journey, world: World) -> None:
    thread = _two_new_replies(world)
    page = j.page
    j.sign_in(world.member.email)
    page.goto(f"{j.base}/conversations/community/{world.community.pk}/")
    card = page.locator(".threads li").filter(has_text="Quiet corners")
    expect(card.locator(".tag.new")).to_contain_text("2 new")
    j.see("list-two-new")
    card.locator(".tag.new").click()
    expect(page).to_have_url(f"{j.base}{thread.get_absolute_url()}#first-unread")
    divider = page.locator("#first-unread")
    expect(divider).to_be_in_viewport()
    expect(divider).to_have_text("New")
    j.see("thread-first-unread")

    actions.check_reply(author=world.facilitator, thread=thread, body="Dim the lights.")
    page.goto(f"{j.base}/conversations/community/{world.community.pk}/")
    expect(page.get_by_text("New since your last visit:")).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("You have read everything here.")).to_be_visible()
    expect(page.locator(".threads .tag.new")).to_have_count(0)
    j.see("list-all-read")

    j.sign_out()
    j.sign_in(world.facilitator.email)
    page.goto(f"{j.base}/conversations/community/{world.community.pk}/")
    page.get_by_role("link", name="The THINK check").click()
    page.get_by_label("On new conversations and replies").check()
    j.see("think-setting")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: On new conversations and replies.")).to_be_visible()
    j.sign_out()
    j.sign_in(world.member.email)
    page.goto(f"{j.base}{thread.get_absolute_url()}")
    expect(page.get_by_text("Before you post, THINK (optional)")).to_be_visible()
    page.get_by_label("Kind: would I say it this way face to face?").check()
    page.get_by_label("Your reply").fill("Thank you, trying the tent.")
    j.see("reply-with-think")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Thank you, trying the tent.")).to_be_visible()


def test_a_member_reads_what_is_new_and_thinks_before_replying(
    journeys: Callable[..., Journey], world: World
) -> None:
    take(journeys("unread", "phone"), read_and_think, world)


@pytest.fixture
def french_phone(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="fr-CA"
    )
    yield context.new_page()
    context.close()


def _check(page: Any, name: str) -> None:
    screenshot(page, f"phone-fr-unread-{name}")
    assert fits_width(page), name
    assert axe_violations(page) == [], name


def test_the_same_in_french(live_server: Any, french_phone: Any, world: World) -> None:
    _two_new_replies(world)
    world.community.think = Think.EVERYWHERE
    world.community.save(update_fields=["think"])
    page, base = french_phone, live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_label("Adresse courriel").fill(world.member.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{base}/conversations/community/{world.community.pk}/")
    card = page.locator(".threads li").filter(has_text="Quiet corners")
    expect(card.locator(".tag.new")).to_contain_text("2 nouvelles")
    _check(page, "list")
    card.locator(".tag.new").click()
    expect(page.locator("#first-unread")).to_have_text("Nouveau")
    expect(page.get_by_text("Avant de publier, THINK (facultatif)")).to_be_visible()
    _check(page, "thread")
    page.goto(f"{base}/conversations/community/{world.community.pk}/")
    expect(page.get_by_text("Vous avez tout lu ici.")).to_be_visible()
    _check(page, "read")
