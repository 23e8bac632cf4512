"""The program report in Debian's Chromium at phone size: readable, no sideways scrolling,
no axe violations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import PASSWORD
from fireside.lib.tests.browser import axe_violations, fits_width, screenshot
from fireside.mentoring.tests.factories import make_reflection
from fireside.surveys.tests.factories import make_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_opens_the_report_on_a_phone(
    live_server: Any, phone: Any, world: World, settings: Any
) -> None:
    settings.SURVEY_MIN_RESPONSES = 2
    for person in (world.member, world.facilitator):  # answered twice: the chart appears
        make_check(world.program, person, [2] * 8, taken_on=world.program.starts_on)
        make_check(
            world.program,
            person,
            [4] * 8,
            taken_on=dt.date(2026, 12, 1),
            term_ends_on=dt.date(2026, 12, 31),
        )
    make_reflection(world.program, world.member, shareable_excerpt="Slower mornings helped.")
    phone.goto(live_server.url + "/accounts/login/")
    phone.get_by_label("Email address").fill(world.coordinator.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.goto(f"{live_server.url}/programs/{world.program.pk}/")
    phone.get_by_role("link", name="Program report").click()
    expect(phone.get_by_role("heading", name="Program report")).to_be_visible()
    expect(phone.get_by_text("Slower mornings helped.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Attendance rate by month")).to_be_visible()
    chart = phone.get_by_role("img", name="Confidence before and after, same people")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= 360
    screenshot(phone, "phone-reports-program")
    assert fits_width(phone)
    assert axe_violations(phone) == []


def test_a_facilitator_opens_the_groups_progress_on_a_phone(
    live_server: Any, phone: Any, world: World, settings: Any
) -> None:
    from fireside.demo.factories import make_member
    from fireside.mentoring.tests.factories import make_connection, make_pairing

    settings.SURVEY_MIN_RESPONSES = 2
    people = [world.member, world.facilitator, make_member(world.community)]
    for person in people:
        make_reflection(world.program, person, month=dt.date(2026, 11, 1))
    pairing = make_pairing(world.community, people[0], people[2])
    make_connection(pairing, people[0], minutes=45, happened_on=dt.date(2026, 11, 3))
    phone.goto(live_server.url + "/accounts/login/")
    phone.get_by_label("Email address").fill(world.facilitator.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.goto(f"{live_server.url}/reports/communities/{world.community.pk}/progress/")
    expect(phone.get_by_role("heading", name="How the group is doing")).to_be_visible()
    hours = phone.get_by_role("img", name="Hours of professional learning by month (hours)")
    expect(hours).to_be_visible()
    assert hours.bounding_box()["width"] <= 360
    link = phone.locator('a[href$="/group-hours.svg"]')
    expect(link).to_contain_text("Download image (SVG)")
    with phone.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith("-group-hours.svg")
    hours.scroll_into_view_if_needed()
    screenshot(phone, "phone-reports-progress")
    assert fits_width(phone)
    assert axe_violations(phone) == []
