"""Starting next year (issue 19): the coordinator previews and starts it from the program's
page; a member of last year's group finds "keep your seat?" on their home and keeps it
with one click, landing in next year's group. Chromium at 360 px and 1280 px, axe-core on
every page, screenshots in `<var>/screenshots/` (see fireside/lib/tests/test_journeys.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.communities.models import Membership, SeatHold
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take
from fireside.programs.models import Program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["journeys"]  # the fixture, used by name


def start_and_keep(j: Journey, world: World) -> None:
    Program.objects.filter(pk=world.program.pk).update(name="Coast Circles 2026–2027")
    page = j.page
    j.sign_in(world.coordinator.email)
    page.goto(f"{j.base}/programs/{world.program.pk}/")
    j.see("program")
    page.get_by_role("link", name="Start next year").click()
    expect(page.get_by_role("heading", name="Start next year")).to_be_visible()
    expect(page.get_by_label("Name of the new year")).to_have_value("Coast Circles 2027–2028")
    j.see("preview")
    page.get_by_role("button", name="Start the new year").click()
    expect(page.get_by_text("Coast Circles 2027–2028 has started")).to_be_visible()
    j.see("new-year")
    new = Program.objects.get(previous_year=world.program)
    hold = SeatHold.objects.get(community__program=new, user=world.member)

    j.sign_out()
    j.sign_in(world.member.email)
    task = page.locator("li", has_text=f"Keep your seat in {world.community.name} for next year?")
    expect(task).to_be_visible()
    j.see("member-home")
    task.get_by_role("link", name="Answer").click()
    expect(
        page.get_by_role("heading", name=f"Keep your seat in {world.community.name}?")
    ).to_be_visible()
    j.see("keep-seat")
    page.get_by_label("I have read this group's agreement and I accept it.").check()
    page.get_by_role("button", name="Yes, keep my seat").click()
    expect(page.get_by_text(f"Welcome back to {world.community.name}!")).to_be_visible()
    j.see("group-home")
    membership = Membership.objects.get(community=hold.community, user=world.member)
    assert membership.status == Membership.Status.ACTIVE and membership.agreement_accepted_at


@pytest.mark.parametrize("size", SIZES)
def test_a_coordinator_starts_next_year_and_a_member_keeps_their_seat(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("rollover", size), start_and_keep, world)
