"""A facilitator changes a weekly series to every second week from its second gathering on:
the form, the preview of the new and cancelled dates, the change, the new dates on the
group's gatherings page. In Chromium at 360 px (and desktop), every page passing axe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from conftest import World
from fireside.gatherings import scheduling
from fireside.gatherings.models import Gathering
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["journeys"]  # the fixture, used by name


def weekly_to_every_second_week(j: Journey, world: World) -> None:
    today = timezone.localdate()
    first = today + dt.timedelta(days=7 + (2 - today.weekday()) % 7)  # a Wednesday
    _series, weekly, _notice = scheduling.check_schedule(
        actor=world.facilitator,
        community=world.community,
        title="Weekly circle",
        starts_at=dt.datetime.combine(first, dt.time(19, 0)),
        duration_minutes=90,
        timezone_name="America/Vancouver",
        location="Orchard Street Library",
        recurrence="FREQ=WEEKLY;COUNT=6",
    )
    page = j.page
    j.sign_in(world.facilitator.email)
    j.see("home")
    page.goto(f"{j.base}/gatherings/{weekly[1].pk}/")
    j.see("second-gathering")
    page.get_by_role("link", name="Change the rhythm from here on").click()
    expect(page.get_by_role("heading", name="Change the rhythm from here on")).to_be_visible()
    j.see("rhythm")
    page.get_by_label("Every second week").check()
    page.get_by_role("button", name="See the new dates").click()
    expect(page.get_by_role("heading", name="Check the new dates")).to_be_visible()
    dropped = page.locator(".rhythm-dropped li")
    expect(dropped).to_have_count(2)
    expect(dropped.first).to_contain_text(date_format(weekly[2].local_start, "l j F Y, H:i"))
    j.see("rhythm-preview")
    assert not Gathering.objects.filter(cancelled_at__isnull=False).exists()
    page.get_by_role("button", name="Change the rhythm and tell the members").click()
    expect(page.get_by_text("The rhythm has changed")).to_be_visible()
    j.see("rhythm-changed")
    kept = [weekly[i].local_start.date() for i in (0, 1, 3, 5)]
    live = Gathering.objects.filter(series__isnull=False, cancelled_at__isnull=True)
    assert [g.local_start.date() for g in live.order_by("starts_at")] == kept
    assert {g.pk for g in Gathering.objects.filter(cancelled_at__isnull=False)} == {
        weekly[2].pk,
        weekly[4].pk,
    }
    for day in kept[1:]:
        expect(page.get_by_text(date_format(day, "D j M Y")).first).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_a_facilitator_changes_weekly_to_every_second_week(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("rhythm", size), weekly_to_every_second_week, world)
