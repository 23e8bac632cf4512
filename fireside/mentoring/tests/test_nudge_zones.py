"""Nudges for one time zone at a time: partners in two zones are each nudged once per quiet
spell, in their own zone's run and by their own zone's date."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management import call_command

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.mentoring import nudges
from fireside.mentoring.tests.factories import make_pairing

PARIS, VANCOUVER = "Europe/Paris", "America/Vancouver"  # the world's program is in Vancouver


def _pair_across_zones(world: World) -> None:
    """Mina set Paris on her profile; Fay has no zone of her own, so she has the program's."""
    world.member.timezone = PARIS
    world.member.save(update_fields=["timezone"])
    make_pairing(world.community, world.member, world.facilitator, starts_on=dt.date(2026, 10, 1))


def test_each_partner_is_nudged_once_in_their_own_zone_s_run(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    _pair_across_zones(world)
    day = dt.date(2026, 10, 15)  # 14 quiet days

    def run(zone: str | None) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return nudges.send_nudges(today=day, zone=zone)

    assert run("Asia/Tokyo") == 0
    assert run(PARIS) == 1
    assert [m.to for m in mailoutbox] == [[world.member.email]]
    assert "Fay Facilitator" in mailoutbox[0].body  # her partner is named, not told
    assert run(PARIS) == 0  # once per quiet spell
    assert run(VANCOUVER) == 1
    assert [m.to for m in mailoutbox][1:] == [[world.facilitator.email]]
    assert run(None) == 0  # everyone has been told
    assert AuditEvent.objects.filter(verb="mentoring.nudge").count() == 2


def test_a_zone_s_run_judges_quiet_days_by_that_zone_s_date(
    world: World, mailoutbox: list[Any], time_machine: Any
) -> None:
    _pair_across_zones(world)
    # 07:00 in Paris on the 15th (14 quiet days) is 23:00 on the 14th in Vancouver (13).
    time_machine.move_to(dt.datetime(2026, 10, 15, 7, 0, tzinfo=ZoneInfo(PARIS)), tick=False)
    out = io.StringIO()
    call_command("send_nudges", "--zone", VANCOUVER, stdout=out)
    call_command("send_nudges", "--zone", PARIS, stdout=out)
    assert out.getvalue().splitlines() == [
        f"Nudged 0 pair(s) in {VANCOUVER}.",
        f"Nudged 1 pair(s) in {PARIS}.",
    ]
