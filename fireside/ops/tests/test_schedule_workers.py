"""Two real `manage.py db_worker` processes on one database, at a moment when the daily and
weekly digests are due in three zones: each job runs once for each of its periods (one per
zone), and each digest is emailed once, in its reader's zone's run.

The workers run against the test database this suite runs on (a SQLite file or
PostgreSQL), with their clocks moved (time-machine, ticking) to Monday 16:00 UTC and email
written to files. Both start together, so both reach the schedule at the same moment.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.notifications.models import Delivery, Kind, Notification, Preference
from fireside.ops.models import OutgoingEmail, ScheduledRun
from fireside.ops.tests.test_crash import database_url

pytestmark = pytest.mark.django_db(transaction=True)

NOW = "2026-03-02T16:00:00+00:00"  # a Monday: daily and weekly digests are both due
# What is due at NOW, by job. The program is in Vancouver (08:00 there); half the readers
# set Paris (17:00) on their profile: their digests go in Paris's runs, the others' in
# Vancouver's. The nudges are not due in Vancouver before 09:00.
DUE = [
    ("themes", "UTC 2026-03-02"),
    ("survey_rounds", "America/Vancouver 2026-03-02"),
    ("survey_rounds", "UTC 2026-03-02"),
    ("digests_daily", "America/Vancouver 2026-03-02"),
    ("digests_daily", "Europe/Paris 2026-03-02"),
    ("digests_daily", "UTC 2026-03-02"),
    ("digests_weekly", "America/Vancouver 2026-W10"),
    ("digests_weekly", "Europe/Paris 2026-W10"),
    ("digests_weekly", "UTC 2026-W10"),
    ("nudges", "Europe/Paris 2026-03-02"),
    ("nudges", "UTC 2026-03-02"),
    ("debrief_reminders", "Europe/Paris 2026-03-02"),
    ("debrief_reminders", "UTC 2026-03-02"),
    ("reflection_reminders", "Europe/Paris 2026-03-02"),
    ("reflection_reminders", "UTC 2026-03-02"),
    ("catch_up_reminders", "Europe/Paris 2026-03-02"),
    ("catch_up_reminders", "UTC 2026-03-02"),
    ("queued_email", "UTC 2026-03-02T16"),
    ("seat_holds", "UTC 2026-03-02T16"),
    ("enrolment_previews", "UTC 2026-03-02"),
    ("old_drafts", "UTC 2026-03-02"),
]
DAILY_READERS, WEEKLY_READERS = 6, 2
WAIT_SECONDS = 45.0

# The worker as `manage.py db_worker` runs it, after moving this process's clock.
LAUNCH = (
    "import datetime, runpy, sys, time_machine; "
    "time_machine.travel(datetime.datetime.fromisoformat(sys.argv[1]), tick=True).start(); "
    "sys.argv = ['manage.py', *sys.argv[2:]]; "
    "runpy.run_path('manage.py', run_name='__main__')"
)


def start_worker(tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "FIRESIDE_VAR_DIR": str(tmp_path),
        "FIRESIDE_ENV": "development",
        "DEBUG": "false",
        "TASKS_BACKEND": "database",
        "EMAIL_URL": f"file:{tmp_path / 'mail'}",
        "SCHEDULE_IN_WORKER": "true",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    command = ["db_worker", "--no-startup-delay", "--no-reload", "--interval=0.2"]
    with (tmp_path / f"{name}.log").open("wb") as log:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-c", LAUNCH, NOW, *command, f"--worker-id={name}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped whole below
        )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (the worker's own graceful stop), then SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    try:
        yield procs
    finally:
        for proc in procs:
            stop(proc)


def logs(tmp_path: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(tmp_path.glob("w*.log")))


def make_readers() -> list[str]:
    community = CommunityFactory()
    emails = []
    for n in range(DAILY_READERS + WEEKLY_READERS):
        reader = make_member(community, UserFactory(timezone="Europe/Paris" if n % 2 else ""))
        if n >= DAILY_READERS:
            Preference.objects.create(
                user=reader, community=community, kind=Kind.NEW_THREAD, delivery=Delivery.WEEKLY
            )
        Notification.objects.create(
            user=reader, community=community, kind=Kind.NEW_THREAD, text=f"Thread {n}", url="/"
        )
        emails.append(reader.email)
    return emails


def all_done() -> bool:
    finished = ScheduledRun.objects.filter(finished_at__isnull=False).count()
    digests = OutgoingEmail.objects.filter(template="notification_digest")
    sent = digests.filter(status=OutgoingEmail.Status.SENT).count()
    return finished >= len(DUE) and sent >= DAILY_READERS + WEEKLY_READERS


def test_it_runs_each_due_job_once_with_two_workers(tmp_path: Path, workers: Any) -> None:
    readers = make_readers()
    workers.extend(start_worker(tmp_path, name) for name in ("w1", "w2"))
    deadline = time.monotonic() + WAIT_SECONDS
    while not all_done():
        for proc in workers:
            assert proc.poll() is None, f"a worker exited:\n{logs(tmp_path)[-4000:]}"
        assert time.monotonic() < deadline, f"not done in time:\n{logs(tmp_path)[-4000:]}"
        time.sleep(0.2)
    time.sleep(1)  # a late duplicate, if the claims failed, would land now
    for proc in workers:
        stop(proc)
    connection.close()  # a fresh look at what the workers committed

    text = logs(tmp_path)
    for name in ("w1", "w2"):
        assert f"Worker {name} runs the schedule." in text
    runs = list(ScheduledRun.objects.values_list("job", "period", "error"))
    assert sorted(runs) == sorted((job, period, "") for job, period in DUE)
    for job, period in DUE:
        assert text.count(f"Scheduled job {job} for {period} ran") == 1, text[-4000:]
    summaries = dict(
        ScheduledRun.objects.filter(job__startswith="digests").values_list("period", "summary")
    )
    assert summaries == {  # readers 1, 3, 5 and 7 are in Paris, the others in Vancouver
        "America/Vancouver 2026-03-02": "Sent 3 daily digest(s) in America/Vancouver.",
        "Europe/Paris 2026-03-02": "Sent 3 daily digest(s) in Europe/Paris.",
        "UTC 2026-03-02": "Sent 0 daily digest(s) in UTC.",
        "America/Vancouver 2026-W10": "Sent 1 weekly digest(s) in America/Vancouver.",
        "Europe/Paris 2026-W10": "Sent 1 weekly digest(s) in Europe/Paris.",
        "UTC 2026-W10": "Sent 0 weekly digest(s) in UTC.",
    }

    # Each reader's digest went out once: one row in the queue (its address blanked once
    # sent), one message on "the wire".
    queued = OutgoingEmail.objects.filter(template="notification_digest")
    assert list(queued.values_list("status", flat=True)) == [OutgoingEmail.Status.SENT] * len(
        readers
    )
    wire = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    recipients = re.findall(r"^To: (.+)$", wire, flags=re.MULTILINE)
    assert Counter(recipients) == Counter(readers)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
