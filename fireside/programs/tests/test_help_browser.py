"""Help at hand on a small phone (360 px), with axe-core and no sideways scrolling: a
coordinator writes a question and publishes it, sets the contact person; a member reads the
answer on the program's page, then proposes a new group; the coordinator finds it on their
home and declines it with a note."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.communities.models import GroupProposal
from fireside.lib.tests.browser import check_phone_page, sign_in, sign_out
from fireside.programs.models import FaqEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-help-{name}")


def test_help_at_hand_and_a_proposed_group_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    base = live_server.url
    program = f"{base}/programs/{world.program.pk}/"
    sign_in(phone, base, world.coordinator.email)
    phone.goto(program)
    phone.get_by_role("link", name="Questions and answers").click()
    check(phone, "faq-empty")
    phone.get_by_role("link", name="Add a question").first.click()
    phone.locator("#id_question").fill("What if I miss a gathering?")
    phone.locator("#id_answer").fill("Tell your group, and read the **notes**.")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("The question is saved.")).to_be_visible()
    phone.get_by_role("link", name="Add a question").first.click()
    phone.locator("#id_question").fill("How long does it take?")
    phone.locator("#id_answer").fill("About five hours a month.")
    phone.get_by_label("Published: participants see it").check()
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("The question is saved.")).to_be_visible()
    check(phone, "faq-two")
    phone.get_by_role("button", name="Move up").click()
    phone.get_by_role("button", name="Publish").click()
    expect(phone.get_by_text("Published: participants see it.")).to_be_visible()
    check(phone, "faq-manage")
    assert list(FaqEntry.objects.values_list("question", flat=True)) == [
        "How long does it take?",
        "What if I miss a gathering?",
    ]
    phone.goto(program)
    phone.get_by_role("link", name="Contact person").click()
    phone.get_by_label("Contact person").fill("Dana Lee")
    phone.get_by_label("Contact email").fill("dana@example.org")
    phone.get_by_label("When to reach them").fill("Weekdays 9–4 Pacific")
    check(phone, "contact")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("The contact person is saved.")).to_be_visible()
    sign_out(phone)

    sign_in(phone, base, world.member.email)
    phone.goto(program)
    phone.get_by_text("What if I miss a gathering?").click()
    expect(phone.get_by_text("Tell your group, and read the")).to_be_visible()
    expect(phone.get_by_role("link", name="dana@example.org")).to_be_visible()
    check(phone, "program-page")
    phone.get_by_role("link", name="Propose a new group").click()
    phone.get_by_role("button", name="Send the proposal").click()
    expect(phone.locator(".error-summary")).to_be_visible()
    check(phone, "propose-error")
    phone.get_by_label("A name for the group").fill("Forest school circle")
    phone.get_by_label("What the group would be about").fill("Outdoor play in every season.")
    phone.get_by_label("Region").fill("North Shore")
    phone.get_by_label("I would facilitate it").check()
    check(phone, "propose")
    phone.get_by_role("button", name="Send the proposal").click()
    expect(phone.get_by_text("The program's coordinators will read your proposal")).to_be_visible()
    check(phone, "proposal")
    sign_out(phone)

    sign_in(phone, base, world.coordinator.email)
    phone.get_by_role("link", name="Read the proposals").click()
    phone.get_by_role("link", name="Forest school circle").click()
    check(phone, "proposal-coordinator")
    phone.get_by_role("link", name="Decline").click()
    phone.get_by_label("Why not, in a few words").fill("Circle 3 meets nearby on Saturdays.")
    check(phone, "decline")
    phone.get_by_role("button", name="Decline").click()
    expect(phone.get_by_text("Declined; the person who proposed it is told why.")).to_be_visible()
    assert GroupProposal.objects.get().state == "declined"


def test_the_program_page_and_the_proposal_form_on_a_desktop(
    live_server: Any, browser: Any, world: World
) -> None:
    from fireside.lib.tests.browser import axe_violations, fits_width, screenshot
    from fireside.programs.tests.factories import make_faq

    make_faq(world.program, question="Who reads what I write?", answer="Your group only.")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server.url, world.member.email)
        for path, name in [
            (f"/programs/{world.program.pk}/", "program"),
            (f"/programs/{world.program.pk}/propose/", "propose"),
        ]:
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_be_visible()
            screenshot(page, f"desktop-help-{name}")
            assert fits_width(page)
            assert axe_violations(page) == [], name
    finally:
        context.close()
