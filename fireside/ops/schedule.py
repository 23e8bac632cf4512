"""The scheduled jobs, run by `manage.py db_worker` so a single box needs no cron.

Each job is a management command, called with `call_command`: the worker and a cron line run
the very same code, and this module imports no app above ops: the zones in use come from
the zone rule (fireside/communities/zones.py), which communities registers here
(register_zones, from fireside/communities/schedule.py).

Periods. A job runs at most once per period, once its local hour has come in that period:

- daily: the period is a local calendar day in a zone; the job is due from its hour (wall
  clock) to midnight. On the night clocks spring forward past the hour (02:00 does not exist
  in Vancouver on that day), the first minute after the gap is past the hour, so it runs then;
  on the night they fall back, the repeated hour still belongs to one day, so it runs once.
- weekly: the period is an ISO week (Monday to Sunday) of local days; the job is due from
  Monday at its hour to Sunday midnight.
- hourly: the period is an hour of UTC; due as soon as it begins.

Zones. A job's periods are in the site's zone (settings.TIME_ZONE) only, or in each zone in
use, read once per check (fireside.communities.zones: two small queries):

    job             command                                  when, local time        zones
    themes          compute_themes --all                     daily from 02:00        site
    enrolment_previews forget_enrolment_previews             daily from 03:00        site
    old_drafts      forget_old_drafts                        daily from 03:00        site
    survey_rounds   open_survey_rounds                       daily from 06:00        programs
    digests_daily   send_digests daily --zone=<zone>         daily from 07:00        people
    digests_weekly  send_digests weekly --zone=<zone>        Mondays from 07:00      people
    nudges          send_nudges --zone=<zone>                daily from 09:00        people
    debrief_reminders send_debrief_reminders --zone=<zone>   daily from 09:00        people
    reflection_reminders send_reflection_reminders --zone=<zone> daily from 10:00     people
    catch_up_reminders send_catch_up_reminders --zone=<zone>  daily from 10:00       people
    queued_email    send_queued_email                        hourly (UTC)            -

"programs" is every program's zone plus the site's; "people" is every zone a person may
be in: every profile's zone, every program's, and the site's. The period's key names its
zone ("America/Vancouver 2026-12-07"), so each zone's run is claimed once.

- Digests, nudges, debrief, reflection and catch-up reminders are for people, each at their local
  hour: a person's zone is their profile's, else their first group's program's, else the
  site's (the one rule, in fireside/communities/zones.py). Each zone's run handles only the
  people in that zone. Nothing is sent twice: a digest marks its notifications emailed, a
  nudge marks the person's seat for the quiet spell, a debrief reminder is a row per
  gathering and person (fireside.gatherings.debriefs) and a reflection reminder a row per
  person, program and month (fireside.mentoring.reflecting), so someone who changes zone on
  the day may get two digests that day (of different notifications) or none until the next,
  never a repeat. `manage.py send_digests daily` or `send_nudges` without --zone handles
  everyone at once, as a cron line does.
- The survey rounds' command takes no zone: `open_survey_rounds` judges each program by
  its own local date and is safe to run again, so a run at each program zone's 06:00 opens
  that zone's rounds on their day. The same run also acts on programs elsewhere, each by
  its own date: a program whose day has turned but whose 06:00 has not come may have its
  rounds opened a few hours early, never a day late.
- The themes act on everyone at once, on the site's days.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from fireside.ops.models import ScheduledRun

logger = logging.getLogger(__name__)

DAILY, WEEKLY, HOURLY = "daily", "weekly", "hourly"


# Which zones a job has periods in: the site's only; each program's (and the site's); or
# each zone a person may be in (every profile's and program's, and the site's).
SITE, PROGRAMS, PEOPLE = "site", "programs", "people"


@dataclass(frozen=True)
class Job:
    name: str
    # A management command and its arguments; "{zone}" in them stands for the period's zone.
    command: tuple[str, ...]
    every: str  # DAILY, WEEKLY or HOURLY
    hour: int = 0  # local hour from which the job is due in its day (or Monday)
    zones: str = SITE  # SITE, PROGRAMS or PEOPLE

    def periods_due(self, now: dt.datetime, zones: Zones) -> list[Period]:
        """The current period of each zone in which this job is due at `now`."""
        if self.every == HOURLY:
            return [Period("UTC", f"UTC {now.astimezone(dt.UTC):%Y-%m-%dT%H}")]
        due = []
        for zone in sorted(zones.of(self.zones)):
            local = now.astimezone(ZoneInfo(zone))
            if self.every == DAILY:
                if local.hour >= self.hour:
                    due.append(Period(zone, f"{zone} {local.date().isoformat()}"))
            elif (local.weekday(), local.hour) >= (0, self.hour):
                year, week, _day = local.isocalendar()
                due.append(Period(zone, f"{zone} {year}-W{week:02d}"))
        return due

    def command_for(self, period: Period) -> tuple[str, ...]:
        return tuple(part.replace("{zone}", period.zone) for part in self.command)


@dataclass(frozen=True)
class Period:
    zone: str
    key: str  # ScheduledRun.period: the zone and its day, week or hour


@dataclass(frozen=True)
class ZoneSource:
    """Where the zones in use are read: the programs' (and the site's); given those, every
    zone a person may be in."""

    programs: Callable[[], set[str]]
    people: Callable[[set[str]], set[str]]


_zone_sources: list[ZoneSource] = []


def register_zones(
    *, programs: Callable[[], set[str]], people: Callable[[set[str]], set[str]]
) -> None:
    """The app that knows where programs and people are tells the schedule (at ready())."""
    _zone_sources.append(ZoneSource(programs=programs, people=people))


@dataclass
class Zones:
    """The zones in use at one schedule check, read once for all the jobs (two queries).
    Both sets include settings.TIME_ZONE."""

    programs: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)

    @classmethod
    def in_use(cls) -> Zones:
        programs, people = {settings.TIME_ZONE}, {settings.TIME_ZONE}
        for source in _zone_sources:
            found = source.programs()
            programs |= found
            people |= source.people(found)
        return cls(programs=programs, people=people)

    def of(self, kind: str) -> set[str]:
        return {PROGRAMS: self.programs, PEOPLE: self.people}.get(kind, {settings.TIME_ZONE})


JOBS: tuple[Job, ...] = (
    Job("themes", ("compute_themes", "--all"), DAILY, hour=2),
    # Participants' files nobody confirmed hold names and addresses: kept a day at most.
    Job("enrolment_previews", ("forget_enrolment_previews",), DAILY, hour=3),
    # Drafts nobody touched for 90 days: their writers have moved on.
    Job("old_drafts", ("forget_old_drafts",), DAILY, hour=3),
    Job("survey_rounds", ("open_survey_rounds",), DAILY, hour=6, zones=PROGRAMS),
    Job("digests_daily", ("send_digests", "daily", "--zone={zone}"), DAILY, hour=7, zones=PEOPLE),
    Job(
        "digests_weekly", ("send_digests", "weekly", "--zone={zone}"), WEEKLY, hour=7, zones=PEOPLE
    ),
    Job("nudges", ("send_nudges", "--zone={zone}"), DAILY, hour=9, zones=PEOPLE),
    # The morning after a gathering: write the debrief (once per gathering and person).
    Job(
        "debrief_reminders",
        ("send_debrief_reminders", "--zone={zone}"),
        DAILY,
        hour=9,
        zones=PEOPLE,
    ),
    # The last days of a month: this month's reflection, if not written (once a month).
    Job(
        "reflection_reminders",
        ("send_reflection_reminders", "--zone={zone}"),
        DAILY,
        hour=10,
        zones=PEOPLE,
    ),
    # The day before a pair's catch-up (once per catch-up, person and move).
    Job(
        "catch_up_reminders",
        ("send_catch_up_reminders", "--zone={zone}"),
        DAILY,
        hour=10,
        zones=PEOPLE,
    ),
    # A safety net: every email has its own delivery task; this sends any left behind.
    Job("queued_email", ("send_queued_email",), HOURLY),
    # Seats kept for last year's members open to the people waiting once their day is over.
    Job("seat_holds", ("lapse_seat_holds",), HOURLY),
)
JOBS_BY_NAME = {job.name: job for job in JOBS}


def claim(job: Job, period: str, *, worker: str = "") -> ScheduledRun | None:
    """Insert the run's row, or None when another worker inserted it first."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                job=job.name, period=period, worker=worker[:64], started_at=timezone.now()
            )
    except IntegrityError:
        return None


def execute(job: Job, run: ScheduledRun, period: Period) -> ScheduledRun:
    """Run a claimed job and record how it ended. A failure is logged, not raised."""
    out = io.StringIO()
    try:
        call_command(*job.command_for(period), stdout=out, stderr=out)
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
    here. Three queries when nothing needs running: the zones in use, then the runs made."""
    now = now or timezone.now()
    zones = Zones.in_use()
    due = [(job, period) for job in jobs for period in job.periods_due(now, zones)]
    if not due:
        return []
    done = set(
        ScheduledRun.objects.filter(period__in={period.key for _job, period in due}).values_list(
            "job", "period"
        )
    )
    runs = []
    for job, period in due:
        if (job.name, period.key) in done:
            continue
        run = claim(job, period.key, worker=worker)
        if run is None:
            logger.info(
                "Scheduled job %s for %s was claimed by another worker.", job.name, period.key
            )
            continue
        runs.append(execute(job, run, period))
    return runs
