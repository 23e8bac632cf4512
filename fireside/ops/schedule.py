"""The scheduled jobs, run by `manage.py db_worker` so a single box needs no cron.

Each job is a management command, called with `call_command`: the worker and a cron line run
the very same code, and this module imports no feature app (programs only, for their zones).

Periods. A job runs at most once per period, once its local hour has come in that period:

- daily: the period is a local calendar day in a zone; the job is due from its hour (wall
  clock) to midnight. On the night clocks spring forward past the hour (02:00 does not exist
  in Vancouver on that day), the first minute after the gap is past the hour, so it runs then;
  on the night they fall back, the repeated hour still belongs to one day, so it runs once.
- weekly: the period is an ISO week (Monday to Sunday) of local days; the job is due from
  Monday at its hour to Sunday midnight.
- hourly: the period is an hour of UTC; due as soon as it begins.

Zones. A per-zone job has one period per zone in use: every program's time zone plus
settings.TIME_ZONE. Only the survey rounds are per-zone: `open_survey_rounds` judges each
program by its own local date and is safe to run again, so a run at each zone's 06:00
opens that zone's rounds on their day. The command takes no zone, so the same run also acts
on programs elsewhere, each by its own date: a program whose day has turned but whose 06:00
has not come may have its rounds opened a few hours early, never a day late. The other jobs
act on everyone at once (their commands take no zone either), so they follow
settings.TIME_ZONE, the zone their own code counts days in.

Only the current period is ever considered: a worker that was down for three days runs
each job once for today when it comes back, not three times. A job that fails is logged
and recorded, and runs again in the next period (or from its command by hand; deleting its
row in the admin lets the worker run it again in the same period).

Jobs run inline in the worker's schedule thread rather than as queued tasks: the claim row
then records when the job really started and finished and how it failed, and the jobs are
batches whose slow part (the emails) goes through the email queue anyway. Tasks keep
flowing meanwhile: the schedule has its own thread (fireside/ops/management/commands/db_worker.py).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from fireside.ops.models import ScheduledRun
from fireside.programs.models import Program

logger = logging.getLogger(__name__)

DAILY, WEEKLY, HOURLY = "daily", "weekly", "hourly"


@dataclass(frozen=True)
class Job:
    name: str
    command: tuple[str, ...]  # a management command and its arguments
    every: str  # DAILY, WEEKLY or HOURLY
    hour: int = 0  # local hour from which the job is due in its day (or Monday)
    per_zone: bool = False  # one period per zone in use, else settings.TIME_ZONE only

    def periods_due(self, now: dt.datetime, zones: Iterable[str]) -> list[str]:
        """The current period of each zone in which this job is due at `now`."""
        if self.every == HOURLY:
            return [f"UTC {now.astimezone(dt.UTC):%Y-%m-%dT%H}"]
        due = []
        for zone in sorted(set(zones)) if self.per_zone else [settings.TIME_ZONE]:
            local = now.astimezone(ZoneInfo(zone))
            if self.every == DAILY:
                if local.hour >= self.hour:
                    due.append(f"{zone} {local.date().isoformat()}")
            elif (local.weekday(), local.hour) >= (0, self.hour):
                year, week, _day = local.isocalendar()
                due.append(f"{zone} {year}-W{week:02d}")
        return due


JOBS: tuple[Job, ...] = (
    Job("themes", ("compute_themes", "--all"), DAILY, hour=2),
    Job("survey_rounds", ("open_survey_rounds",), DAILY, hour=6, per_zone=True),
    Job("digests_daily", ("send_digests", "daily"), DAILY, hour=7),
    Job("digests_weekly", ("send_digests", "weekly"), WEEKLY, hour=7),
    Job("nudges", ("send_nudges",), DAILY, hour=9),
    # A safety net: every email has its own delivery task; this sends any left behind.
    Job("queued_email", ("send_queued_email",), HOURLY),
)
JOBS_BY_NAME = {job.name: job for job in JOBS}


def zones_in_use() -> set[str]:
    return {settings.TIME_ZONE, *Program.objects.values_list("timezone", flat=True).distinct()}


def claim(job: Job, period: str, *, worker: str = "") -> ScheduledRun | None:
    """Insert the run's row, or None when another worker inserted it first."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                job=job.name, period=period, worker=worker[:64], started_at=timezone.now()
            )
    except IntegrityError:
        return None


def execute(job: Job, run: ScheduledRun) -> ScheduledRun:
    """Run a claimed job and record how it ended. A failure is logged, not raised."""
    out = io.StringIO()
    try:
        call_command(*job.command, stdout=out, stderr=out)
    except Exception as exc:
        logger.exception("Scheduled job %s for %s failed.", job.name, run.period)
        run.error = type(exc).__name__
    else:
        logger.info("Scheduled job %s for %s ran: %s", job.name, run.period, out.getvalue().strip())
    run.summary = " ".join(out.getvalue().split())[:500]
    run.finished_at = timezone.now()
    run.save(update_fields=["summary", "error", "finished_at"])
    return run


def run_due_jobs(
    *, now: dt.datetime | None = None, worker: str = "", jobs: Sequence[Job] = JOBS
) -> list[ScheduledRun]:
    """Run each job whose current period is due and not yet claimed; return the runs made
    here. Two queries when nothing is due."""
    now = now or timezone.now()
    zones = zones_in_use()
    due = [(job, period) for job in jobs for period in job.periods_due(now, zones)]
    if not due:
        return []
    done = set(
        ScheduledRun.objects.filter(period__in={period for _job, period in due}).values_list(
            "job", "period"
        )
    )
    runs = []
    for job, period in due:
        if (job.name, period) in done:
            continue
        run = claim(job, period, worker=worker)
        if run is None:
            logger.info("Scheduled job %s for %s was claimed by another worker.", job.name, period)
            continue
        runs.append(execute(job, run))
    return runs
