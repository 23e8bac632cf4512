"""Peer mentoring in a real browser on a small phone: axe-core, no sideways scrolling, and
the three things people do here — a facilitator pairs the group, a member logs a
connection, a member writes this month's reflection."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.tests.browser import (
    axe_violations,
    check_phone_page,
    screenshot,
    sign_in,
    sign_out,
)
from fireside.mentoring.models import Connection, Pairing, Reflection
from fireside.mentoring.tests.grids import WEEKDAYS, grid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-mentoring-{name}")


def test_a_facilitator_pairs_the_group_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    for name, interests, when in [
        ("Lucas Tremblay", ["outdoor play", "music"], grid("sat", "morning evening")),
        ("Siobhan Kelly", ["nature", "loose parts"], grid("sun mon tue wed thu sat", "evening")),
        ("Jasmine Dhillon", ["outdoor play", "infant care"], grid(WEEKDAYS, "evening")),
    ]:
        make_member(
            world.community, UserFactory(name=name, interests=interests, availability_slots=when)
        )
    base = live_server.url
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/mentoring/community/{world.community.pk}/pairs/")
    check(phone, "pairings")
    phone.get_by_role("link", name="Suggest pairs for them").click()
    check(phone, "suggest")
    expect(phone.get_by_text("one group is a trio")).to_be_visible()
    phone.get_by_role("button", name="Accept the ticked pairs").click()
    expect(phone.get_by_text("2 pairs made")).to_be_visible()
    check(phone, "pairings-made")
    assert Pairing.objects.count() == 2


def test_a_member_logs_a_connection_and_reflects_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    from fireside.mentoring.tests.factories import make_pairing

    pairing = make_pairing(world.community, world.member, world.facilitator)
    base = live_server.url
    sign_in(phone, base, world.member.email)
    phone.goto(f"{base}/mentoring/pairs/{pairing.pk}/")
    check(phone, "pair")
    phone.get_by_label("A walk").check()
    phone.locator("#id_minutes").fill("40")  # the connection's (the catch-up has one too)
    phone.get_by_label("A note for yourself (optional)").fill("Talked about naps")
    phone.get_by_role("button", name="Log it").click()
    expect(phone.get_by_text("Logged. Thank you for keeping in touch!")).to_be_visible()
    check(phone, "pair-logged")
    assert Connection.objects.get().minutes == 40

    phone.goto(f"{base}/mentoring/programs/{world.program.pk}/reflections/")
    check(phone, "reflections")
    phone.locator("#id_body").fill("I tried a slower morning circle.")
    phone.get_by_role("button", name="Save my reflection").click()
    expect(phone.get_by_text("Saved. Only you can read it.")).to_be_visible()
    check(phone, "reflection")
    assert Reflection.objects.get().body == "I tried a slower morning circle."


def test_a_shared_reflection_is_written_knowingly_and_read_by_the_coordinator(
    live_server: Any, phone: Any, world: World
) -> None:
    """The program shares reflections: the member is told as she writes; the coordinator
    then reads it, named, on a phone, and sets the policy and prompts there too."""
    from fireside.mentoring.reflecting import check_set_policy

    check_set_policy(
        actor=world.coordinator, program=world.program, policy="shared_with_coordinators"
    )
    base = live_server.url
    sign_in(phone, base, world.member.email)
    phone.goto(f"{base}/mentoring/programs/{world.program.pk}/reflections/")
    expect(phone.locator("#who-reads")).to_contain_text("coordinators will read this reflection")
    check(phone, "reflections-shared-policy")
    phone.locator("#id_body").fill("We moved snack outside and the room felt calmer.")
    phone.get_by_role("button", name="Save my reflection").click()
    expect(phone.get_by_text("You and the program's coordinators can read it.")).to_be_visible()

    sign_out(phone)
    sign_in(phone, base, world.coordinator.email)
    phone.goto(f"{base}/programs/{world.program.pk}/")
    phone.get_by_role("link", name="Shared reflections").click()
    expect(phone.get_by_text("We moved snack outside")).to_be_visible()
    expect(phone.get_by_role("heading", name="Mina", exact=False)).to_be_visible()
    check(phone, "shared-reflections")
    phone.get_by_role("link", name="Monthly reflections").click()
    check(phone, "reflection-settings")
    # And on a desktop.
    phone.set_viewport_size({"width": 1280, "height": 800})
    for name, url in (
        ("settings", f"{base}/mentoring/programs/{world.program.pk}/reflection-settings/"),
        ("shared", f"{base}/mentoring/programs/{world.program.pk}/shared-reflections/"),
    ):
        phone.goto(url)
        screenshot(phone, f"desktop-mentoring-reflections-{name}")
        assert axe_violations(phone) == []


def test_a_facilitator_settles_a_disputed_connection_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    from fireside.mentoring.tests.factories import guard_disputed

    disputed = guard_disputed(world)
    base = live_server.url
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/mentoring/community/{world.community.pk}/pairs/")
    expect(phone.get_by_role("heading", name="Disputed connections")).to_be_visible()
    expect(phone.get_by_text("We did not meet that day.")).to_be_visible()
    check(phone, "disputes")
    phone.get_by_role("button", name="It does not count").click()
    expect(phone.get_by_text("Settled. The pair sees your decision")).to_be_visible()
    check(phone, "disputes-settled")
    disputed.refresh_from_db()
    assert disputed.settled_counts is False
