"""Guests in a real browser on a small phone (360 px, axe-core): a facilitator invites one,
and the guest opens the link from their email, signed out, and says they will come."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import GatheringFactory
from fireside.gatherings import guests, scheduling
from fireside.gatherings.models import GatheringGuest
from fireside.lib.tests.browser import check_phone_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-guests-{name}")


def test_a_guest_is_invited_and_answers_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    g = GatheringFactory(
        community=world.community,
        title="Early literacy",
        starts_at=timezone.now() + dt.timedelta(days=5),
        online_url="https://meet.example.org/early-literacy-circle-with-a-long-address",
    )
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=g,
        changes={
            "agenda": [
                {"topic": "Our own worries", "activity": "open_discussion", "minutes": 20},
                {
                    "topic": "Reading aloud with toddlers",
                    "activity": "guest_expert",
                    "minutes": 30,
                    "shared_with_guests": True,
                },
            ]
        },
    )
    sign_in(phone, live_server.url, world.facilitator.email)
    phone.goto(f"{live_server.url}/gatherings/{g.pk}/")
    phone.get_by_role("link", name="Invite a guest, or manage the invitations").click()
    check(phone, "list")
    phone.get_by_label("Their name").fill("Dr. Ada Lovelace")
    phone.get_by_label("Their email address").fill("not an address")
    phone.get_by_role("button", name="Invite by email").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    check(phone, "list-errors")
    phone.get_by_label("Their email address").fill("ada@example.org")
    phone.get_by_label("Who they are").fill("early-literacy specialist")
    phone.get_by_role("button", name="Invite by email").click()
    expect(phone.get_by_text("Dr. Ada Lovelace is invited")).to_be_visible()
    phone.get_by_role("link", name="Withdraw the invitation").click()
    expect(
        phone.get_by_role("heading", name="Withdraw the invitation of Dr. Ada Lovelace?")
    ).to_be_visible()
    check(phone, "withdraw")
    phone.get_by_role("link", name="No, keep it").click()
    sign_out(phone)

    guest = GatheringGuest.objects.get()
    phone.goto(f"{live_server.url}/gatherings/guest/{guests.guest_token(guest)}/")
    expect(phone.get_by_role("heading", name="Early literacy")).to_be_visible()
    expect(phone.get_by_text("Reading aloud with toddlers")).to_be_visible()
    expect(phone.get_by_text("Our own worries")).to_have_count(0)
    check(phone, "page")
    phone.get_by_role("button", name="I'll come").click()
    expect(phone.get_by_text("The group knows you are coming")).to_be_visible()
    check(phone, "page-answered")
    guest.refresh_from_db()
    assert guest.coming is True
    phone.goto(f"{live_server.url}/gatherings/guest/forged-link/")
    expect(phone.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    check(phone, "refused")
