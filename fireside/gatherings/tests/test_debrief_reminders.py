"""After a gathering, its facilitators and the group's mentors are reminded once (email and
home) to write the debrief; the scheduler runs it each morning in each zone."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from conftest import World
from fireside.communities.mentors import check_assign_mentor
from fireside.demo.factories import GatheringFactory
from fireside.gatherings import actions, scheduling
from fireside.gatherings.debriefs import send_debrief_reminders
from fireside.gatherings.models import DebriefReminder
from fireside.ops.schedule import JOBS_BY_NAME, run_due_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(world: World) -> World:
    check_assign_mentor(actor=world.coordinator, community=world.community, mentor=world.mentor)
    # The world's gathering began an hour ago and lasts 90 minutes: make it over.
    world.gathering.starts_at = timezone.now() - dt.timedelta(hours=3)
    world.gathering.save()
    return world


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_facilitator_and_the_mentor_are_reminded_once(
    assigned: World, mailoutbox: list[Any], commits: Any
) -> None:
    w = assigned
    with commits():
        assert send_debrief_reminders() == 2
    assert sorted(m.to[0] for m in mailoutbox) == [w.facilitator.email, w.mentor.email]
    to_mentor = next(m for m in mailoutbox if m.to == [w.mentor.email])
    assert "Time to write the debrief" in to_mentor.subject
    assert "As the group's mentor" in to_mentor.body
    assert f"/gatherings/{w.gathering.pk}/debrief/" in to_mentor.body
    # Never twice, however often it runs.
    with commits():
        assert send_debrief_reminders() == 0
    assert len(mailoutbox) == 2
    assert DebriefReminder.objects.count() == 2


def test_nobody_is_reminded_of_a_written_cancelled_or_unfinished_gathering(
    assigned: World, mailoutbox: list[Any]
) -> None:
    w = assigned
    actions.check_file_debrief(
        actor=w.facilitator,
        gathering=w.gathering,
        logistics="Warm room",
        common_threads="",
        wonderings="",
    )
    cancelled = GatheringFactory(
        community=w.community, starts_at=timezone.now() - dt.timedelta(days=1)
    )
    scheduling.do_cancel(actor=w.facilitator, gathering=cancelled)
    GatheringFactory(community=w.community, starts_at=timezone.now() - dt.timedelta(minutes=30))
    GatheringFactory(community=w.community, starts_at=timezone.now() - dt.timedelta(days=30))
    mailoutbox.clear()
    assert send_debrief_reminders() == 0
    assert not DebriefReminder.objects.exists()


def test_each_zone_is_reminded_in_its_own_run(
    assigned: World, mailoutbox: list[Any], commits: Any
) -> None:
    w = assigned
    w.mentor.timezone = "Europe/Paris"
    w.mentor.save()
    with commits():
        assert send_debrief_reminders(zone="Europe/Paris") == 1
        assert send_debrief_reminders(zone="America/Vancouver") == 1
        assert send_debrief_reminders(zone="Europe/Paris") == 0
    assert [m.to[0] for m in mailoutbox] == [w.mentor.email, w.facilitator.email]


def test_the_scheduler_runs_it_each_morning(assigned: World, mailoutbox: list[Any]) -> None:
    job = JOBS_BY_NAME["debrief_reminders"]
    assert job.command == ("send_debrief_reminders", "--zone={zone}")
    # 17:00 UTC is 09:00 in Vancouver (standard time): due there.
    morning = timezone.now().replace(hour=17, minute=5)
    if morning < timezone.now():
        morning += dt.timedelta(days=1)
    assigned.gathering.starts_at = morning - dt.timedelta(hours=3)
    assigned.gathering.save()
    with time_machine.travel(morning, tick=False):
        runs = run_due_jobs(jobs=[job])
    assert "America/Vancouver" in {r.period.split(" ")[0] for r in runs}
    assert DebriefReminder.objects.count() == 2
    out = StringIO()
    call_command("send_debrief_reminders", stdout=out)
    assert "Sent 0 debrief reminder(s)." in out.getvalue()


def test_the_home_lists_the_debrief_to_write_for_both(client: Client, assigned: World) -> None:
    w = assigned
    for person in (w.facilitator, w.mentor):
        client.force_login(person)
        page = client.get("/").content.decode()
        assert f"Write the debrief of “{w.gathering.title}”" in page
        assert f'href="/gatherings/{w.gathering.pk}/debrief/"' in page
    client.force_login(w.member)
    assert "Write the debrief" not in client.get("/").content.decode()
