"""A partner confirms a connection (issue 20, part 4): Mina logs this week's walk with Pat;
Pat's home asks "Did you meet Mina …?", Pat confirms it on their pair's page, and Pat's hours
then count it as confirmed. Chromium at 360 px and 1280 px, axe-core on every page,
screenshots in `<var>/screenshots/` (see fireside/lib/tests/test_journeys.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take
from fireside.mentoring.models import Connection
from fireside.mentoring.tests.factories import make_pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["journeys"]  # the fixture, used by name


def log_then_confirm(j: Journey, world: World) -> None:
    pat = make_member(world.community, UserFactory(name="Pat Okafor", email="pat@example.org"))
    make_pairing(world.community, world.member, pat)
    page = j.page
    j.sign_in(world.member.email)
    page.get_by_role("link", name="Log a connection").first.click()
    page.get_by_label("A walk").check()
    page.locator("#id_minutes").fill("40")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Logged. Thank you for keeping in touch!")).to_be_visible()
    expect(page.get_by_text("Waiting for your partner")).to_be_visible()
    j.see("logged")
    j.sign_out()

    j.sign_in(pat.email)
    task = page.locator("li", has_text="Did you meet Mina Member on")
    expect(task).to_be_visible()
    j.see("home-asked")
    task.get_by_role("link", name="Confirm or dispute").click()
    expect(page.get_by_role("button", name="Yes, we met")).to_be_visible()
    j.see("pair-to-confirm")
    page.get_by_role("button", name="Yes, we met").click()
    expect(page.get_by_text("Confirmed. It counts toward your hours")).to_be_visible()
    j.see("pair-confirmed")
    connection = Connection.objects.get()
    assert connection.confirmed_by == pat

    page.goto(j.base + reverse("hours:ledger", args=[world.program.pk]))
    expect(page.locator("dl").get_by_text("0.67 h", exact=True)).to_be_visible()
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Peer connections not counted yet")).to_have_count(0)
    j.see("ledger")
    page.get_by_role("link", name="Fireside").first.click()
    expect(page.get_by_text("Did you meet Mina Member on")).to_have_count(0)


@pytest.mark.parametrize("size", SIZES)
def test_a_partner_confirms_a_connection_from_the_home(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("confirm-connection", size), log_then_confirm, world)
