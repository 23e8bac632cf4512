"""The reminder a few days before month end: to those who have not written, once a month,
in their language and zone, stopped with one click."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.mentoring import actions, reflecting
from fireside.mentoring.models import ReflectionReminderStop
from fireside.ops.schedule import JOBS_BY_NAME, Zones

LATE_NOVEMBER = dt.date(2026, 11, 27)  # three days before the 30th


@pytest.fixture
def send(django_capture_on_commit_callbacks: Any) -> Any:
    def run(day: dt.date = LATE_NOVEMBER, zone: str | None = None) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return reflecting.send_reflection_reminders(today=day, zone=zone)

    return run


def _to(mailoutbox: list[Any]) -> list[str]:
    return sorted(m.to[0] for m in mailoutbox)


def test_members_who_have_not_written_are_reminded_once_a_month(
    world: World, mailoutbox: list[Any], send: Any
) -> None:
    assert send(dt.date(2026, 11, 26)) == 0  # too early
    actions.check_write_reflection(
        author=world.facilitator, program=world.program, month=dt.date(2026, 11, 1), body="Done"
    )
    # Mina and Otto (a sibling group) have not written; Fay has; Walt only waits for a seat.
    assert send() == 2
    assert _to(mailoutbox) == sorted([world.member.email, world.outsider.email])
    assert send() == 0 and send(dt.date(2026, 11, 30)) == 0  # once a month
    assert send(dt.date(2026, 12, 28)) == 3  # December is another month


def test_the_email_in_english_and_in_french(world: World, mailoutbox: list[Any], send: Any) -> None:
    world.outsider.language = "fr-ca"
    world.outsider.save(update_fields=["language"])
    reflecting.check_set_prompts(
        actor=world.coordinator,
        program=world.program,
        prompts=[("What did a child teach you?", "Qu'un enfant vous a-t-il appris?")],
    )
    send()
    by_address = {m.to[0]: m for m in mailoutbox}
    english, french = by_address[world.member.email], by_address[world.outsider.email]
    assert english.subject == "Your November reflection, before the month ends"
    assert "What did a child teach you?" in english.body
    assert "Only you will read it." in english.body
    assert "Stop these reminders" in english.body
    assert french.subject == "Votre réflexion de novembre, avant la fin du mois"
    assert "Arrêter ces rappels" in french.body
    assert "Vous serez la seule personne à la lire." in french.body
    assert "Qu'un enfant vous a-t-il appris?" in french.body
    assert "What did a child" not in french.body


def test_one_click_stops_them(
    client: Client, world: World, mailoutbox: list[Any], send: Any
) -> None:
    send()
    mina = next(m for m in mailoutbox if m.to == [world.member.email])
    link = re.search(r"https?://\S+/mentoring/reflection-reminders/stop/\S+/", mina.body)
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]
    page = client.get(path)  # no sign-in; GET only asks
    assert page.status_code == 200 and "Stop these reminders" in page.content.decode()
    assert not ReflectionReminderStop.objects.exists()
    assert client.post(path).status_code == 200
    assert ReflectionReminderStop.objects.filter(user=world.member).exists()
    mailoutbox.clear()
    send(dt.date(2026, 12, 28))
    assert world.member.email not in _to(mailoutbox)
    bad = client.get(reverse("mentoring:stop_reminders", args=["not-a-token"]))
    assert bad.status_code == 400


def test_the_email_settings_turn_them_back_on(client: Client, world: World) -> None:
    reflecting.do_set_reminders(user=world.member, on=False)
    client.force_login(world.member)
    page = client.get(reverse("notifications:preferences", args=[world.community.pk]))
    assert "Monthly reflection reminders" in page.content.decode()
    client.post(reverse("mentoring:reminders"), {"reminders": "on"})
    assert reflecting.reminders_on(world.member)
    client.post(reverse("mentoring:reminders"), {})
    assert not reflecting.reminders_on(world.member)


def test_each_zone_is_reminded_by_its_own_date(
    world: World, mailoutbox: list[Any], time_machine: Any
) -> None:
    world.member.timezone = "Asia/Tokyo"
    world.member.save(update_fields=["timezone"])
    # 10:00 in Tokyo on the 27th is still the 26th in Vancouver.
    time_machine.move_to(dt.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")))
    out = io.StringIO()
    call_command("send_reflection_reminders", "--zone", "America/Vancouver", stdout=out)
    call_command("send_reflection_reminders", "--zone", "Asia/Tokyo", stdout=out)
    assert out.getvalue().splitlines() == [
        "Sent 0 reflection reminder(s) in America/Vancouver.",
        "Sent 1 reflection reminder(s) in Asia/Tokyo.",
    ]
    job = JOBS_BY_NAME["reflection_reminders"]
    now = dt.datetime(2026, 11, 27, 1, 0, tzinfo=dt.UTC)  # 10:00 in Tokyo
    assert [p.zone for p in job.periods_due(now, Zones(people={"Asia/Tokyo", "UTC"}))] == [
        "Asia/Tokyo"
    ]
