"""Recording time on a small phone (360 × 740), with axe-core and no sideways scrolling: a
member records last month's time in the group's online conversations; a facilitator records
preparation and debrief for a gathering held, and sees the group's monthly minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.certificates.tests.factories import past_gathering
from fireside.communities.models import Membership
from fireside.hours.models import TimeEntry
from fireside.lib.tests.browser import check_phone_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_members_and_facilitators_record_their_time_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    Membership.objects.filter(community=world.community).update(joined_on=world.program.starts_on)
    held = past_gathering(
        world.community, timezone.now() - dt.timedelta(days=3), title="Story circle"
    )
    base = live_server.url
    sign_in(phone, base, world.member.email)
    phone.goto(f"{base}/hours/programs/{world.program.pk}/")
    phone.get_by_role("link", name="Record your time in online conversations").click()
    expect(phone.get_by_role("heading", name="Record your time")).to_be_visible()
    check_phone_page(phone, "phone-hours-record")
    phone.get_by_label("About how many minutes?").fill("500")
    phone.get_by_role("button", name="Record this time").click()
    expect(phone.get_by_text("Please fix this:")).to_be_visible()
    check_phone_page(phone, "phone-hours-record-error")
    phone.get_by_label("About how many minutes?").fill("45")
    phone.get_by_role("button", name="Record this time").click()
    expect(phone.get_by_text("Recorded: 45 minutes")).to_be_visible()
    assert TimeEntry.objects.get(user=world.member).minutes == 45
    check_phone_page(phone, "phone-hours-recorded")
    sign_out(phone)

    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/gatherings/{held.pk}/")
    phone.get_by_role("link", name="Record your preparation and debrief time").click()
    expect(phone.get_by_role("heading", name="Your preparation and debrief time")).to_be_visible()
    check_phone_page(phone, "phone-hours-preparation")
    phone.get_by_label("Minutes preparing and debriefing").fill("40")
    phone.get_by_role("button", name="Record this time").click()
    expect(phone.get_by_text("Recorded: 40 minutes preparing")).to_be_visible()
    phone.goto(f"{base}/hours/communities/{world.community.pk}/online/")
    expect(phone.get_by_role("cell", name="45")).to_be_visible()
    check_phone_page(phone, "phone-hours-group-online")
