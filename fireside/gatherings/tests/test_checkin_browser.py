"""Taking attendance in seconds, on phones: the facilitator shows the check-in code, a
member types it on the gathering's page, and the facilitator's sheet shows them present."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.gatherings.models import Attendance
from fireside.lib.tests.test_journeys import (  # noqa: F401
    Journey,
    html_checker,
    invalid_html,
    journeys,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_checks_in_with_the_code_the_facilitator_shows(
    journeys: Callable[..., Journey],  # noqa: F811
    world: World,
    live_server: Any,
) -> None:
    g = world.gathering  # began an hour ago: check-in is open
    detail = f"{live_server.url}/gatherings/{g.pk}/"

    fay = journeys("checkin-facilitator", "phone")
    fay.sign_in(world.facilitator.email)
    fay.page.goto(detail)
    fay.page.get_by_role("link", name="Check-in code for members").click()
    code_box = fay.page.locator(".checkin-code strong")
    expect(code_box).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    expect(fay.page.locator(".checkin-qr svg")).to_be_visible()
    fay.see("code")
    code = code_box.inner_text()

    mina = journeys("checkin-member", "phone")
    mina.sign_in(world.member.email)
    mina.page.goto(detail)
    expect(mina.page.get_by_role("heading", name="Check in")).to_be_visible()
    mina.see("gathering")
    mina.page.get_by_label("Check-in code").fill(code.lower())
    mina.page.get_by_role("button", name="Check me in").click()
    expect(mina.page.get_by_text("You are checked in.", exact=True)).to_be_visible()
    mina.see("checked-in")
    assert Attendance.objects.get(gathering=g, user=world.member).minutes == g.duration_minutes

    fay.page.get_by_role("link", name="See who checked in on the attendance sheet").click()
    expect(fay.page.get_by_role("heading", name="Who came?")).to_be_visible()
    expect(fay.page.get_by_role("checkbox", name=re.compile("Mina Member"))).to_be_checked()
    expect(
        fay.page.locator(".check-row", has_text="Mina Member").get_by_text("checked in")
    ).to_be_visible()
    expect(fay.page.get_by_role("button", name="Everyone present")).to_be_visible()
    fay.see("sheet")
    # With JavaScript, one tap ticks the rest; nothing is saved until "Save who came".
    fay.page.get_by_role("button", name="Tick everyone").click()
    expect(fay.page.get_by_role("checkbox", name=re.compile("Fay Facilitator"))).to_be_checked()
    assert Attendance.objects.filter(gathering=g).count() == 1

    checker = html_checker()
    if checker is not None:  # as the desktop journeys: valid HTML where vnu is installed
        documents = {f"fay-{k}": v for k, v in fay.documents.items()}
        documents |= {f"mina-{k}": v for k, v in mina.documents.items()}
        assert invalid_html(checker, documents) == []
