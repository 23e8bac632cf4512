"""Issue 17, item 7 in Chromium, at 360 px and 1280 px, axe 0 violations: a text box counts
as one types, a paste over the limit is refused with the text kept (with and without
JavaScript), and a double click on "Get a certificate" makes one certificate."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from fireside.certificates.models import Certificate
from fireside.certificates.tests.test_browser import hours_for
from fireside.conversations.models import Thread
from fireside.lib.tests import test_journeys
from fireside.lib.tests.test_journeys import SIZES, Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
journeys = test_journeys.journeys  # the fixture: a person's browser, checked at every step

OVER = "é" * 20_143  # a long paste, in a language with accents


def _new_thread(j: Journey, world: World) -> Any:
    j.sign_in(world.member.email)
    j.page.goto(j.base + reverse("conversations:new", args=[world.community.pk]))
    return j.page.get_by_label("Your message")


@pytest.mark.parametrize("size", SIZES)
def test_the_counter_counts_and_a_paste_over_the_limit_is_kept_to_shorten(
    journeys: Any, world: World, size: str
) -> None:
    j = journeys("counters", size)
    body = _new_thread(j, world)
    counter = j.page.locator("#id_body_limit")
    expect(counter).to_have_text("0 / 20,000")
    body.fill("Hello 😀")
    expect(counter).to_have_text("7 / 20,000")  # the emoji is one character, as on the server
    j.see("counting")

    j.page.get_by_label("Title").fill("A long story")
    j.page.get_by_label("What kind of post is it?").select_option(index=1)
    body.fill(OVER)
    expect(counter).to_have_text("20,143 / 20,000: 143 too many. Shorten it before sending.")
    expect(counter).to_have_class("char-count is-over")
    j.page.get_by_role("button", name="Post").click()
    expect(body).to_be_focused()  # not sent: nothing to lose
    assert body.input_value() == OVER
    assert not Thread.objects.exists()
    j.see("over-the-limit")

    body.fill(OVER[:20_000])
    expect(counter).to_have_text("20,000 / 20,000")
    expect(counter).to_have_class("char-count is-near")
    j.page.get_by_role("button", name="Post").click()
    expect(j.page.get_by_role("heading", name="A long story")).to_be_visible()
    assert Thread.objects.get().body == OVER[:20_000]


@pytest.mark.parametrize("size", SIZES)
def test_without_javascript_the_server_refuses_and_keeps_the_text(
    journeys: Any, world: World, size: str
) -> None:
    j = journeys("counters-nojs", size, javascript=False)
    body = _new_thread(j, world)
    expect(j.page.locator("#id_body_limit")).to_have_text("At most 20,000 characters.")
    j.page.get_by_label("Title").fill("A long story")
    j.page.get_by_label("What kind of post is it?").select_option(index=1)
    body.fill(OVER)
    j.page.get_by_role("button", name="Post").click()
    expect(j.page.get_by_role("alert")).to_contain_text(
        "Your message: 20,143 characters; the limit is 20,000. Shorten it and send it again."
    )
    assert j.page.get_by_label("Your message").input_value() == OVER
    assert not Thread.objects.exists()
    j.see("refused-by-the-server")


@pytest.mark.parametrize("size", SIZES)
def test_a_double_click_makes_one_certificate(journeys: Any, world: World, size: str) -> None:
    hours_for(world, world.member)
    j = journeys("certificate-once", size)
    j.sign_in(world.member.email)
    j.page.goto(j.base + reverse("hours:ledger", args=[world.program.pk]))
    j.see("ledger")
    button = j.page.get_by_role("button", name="Get a certificate for 3.83 hours")
    button.dblclick()
    expect(j.page.get_by_text("Your certificate for 3.83 hours is ready.")).to_be_visible(
        timeout=30_000
    )
    j.see("one-certificate")
    assert Certificate.objects.count() == 1

    # Asked again later: the same certificate, said plainly.
    j.page.goto(j.base + reverse("hours:ledger", args=[world.program.pk]))
    j.page.get_by_role("button", name="Get a certificate for 3.83 hours").click()
    expect(
        j.page.get_by_text("You already have a certificate for these 3.83 hours")
    ).to_be_visible()
    j.see("the-same-certificate")
    assert Certificate.objects.count() == 1
