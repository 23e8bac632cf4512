"""The audit log in a real browser on a small phone: axe-core, no sideways scrolling — a
coordinator opens it from the program page and narrows it to one kind of change."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.communities.roles import do_assign_role
from fireside.gatherings.actions import check_record_attendance
from fireside.lib.audit import record
from fireside.lib.tests.browser import check_phone_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log(page: Any) -> Any:
    return page.locator("ol.rows")


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-audit-{name}")


def test_a_coordinator_reads_and_filters_the_audit_log_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    do_assign_role(
        actor=world.facilitator, community=world.community, user=world.member, role="organiser"
    )
    check_record_attendance(
        actor=world.facilitator,
        gathering=world.gathering,
        rows=[{"user_id": world.member.pk, "present": True, "minutes": 60}],
    )
    base = live_server.url
    sign_in(phone, base, world.coordinator.email)
    phone.goto(f"{base}/programs/{world.program.pk}/")
    phone.get_by_role("link", name="Audit log").click()
    expect(phone.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(log(phone).get_by_text("gave a role")).to_be_visible()
    check(phone, "program")
    phone.get_by_label("What happened").select_option("gatherings.attendance")
    phone.get_by_role("button", name="Show").click()
    expect(log(phone).get_by_text("recorded attendance")).to_be_visible()
    assert log(phone).get_by_text("gave a role").count() == 0
    check(phone, "filtered")


def test_staff_read_every_event_on_a_phone(live_server: Any, phone: Any, world: World) -> None:
    do_assign_role(
        actor=world.facilitator, community=world.community, user=world.member, role="organiser"
    )
    record(world.member, "accounts.export", world.member, via="api")
    base = live_server.url
    sign_in(phone, base, world.staff.email)
    phone.goto(f"{base}/programs/")
    phone.get_by_role("link", name="Audit log").click()
    expect(log(phone).get_by_text("downloaded their own data")).to_be_visible()
    expect(log(phone).get_by_text("through the API")).to_be_visible()
    check(phone, "all")
