"""The schedule the worker runs: periods in each zone and across clock changes, one claim
per period, due jobs run once, failures recorded without blocking the next period."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management import get_commands
from django.utils import timezone

from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.mentoring.tests.factories import make_pairing
from fireside.notifications.models import Kind, Notification
from fireside.ops.management.commands.db_worker import Command
from fireside.ops.models import OutgoingEmail, ScheduledRun
from fireside.ops.schedule import (
    DAILY,
    JOBS_BY_NAME,
    PROGRAMS,
    WEEKLY,
    Job,
    Zones,
    claim,
    run_due_jobs,
)

UTC = dt.UTC
VANCOUVER = "America/Vancouver"
DIGESTS = JOBS_BY_NAME["digests_daily"]
NUDGES = JOBS_BY_NAME["nudges"]
SURVEYS = JOBS_BY_NAME["survey_rounds"]
THEMES = JOBS_BY_NAME["themes"]


def at(*args: int, zone: str = "UTC") -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))  # type: ignore[misc]


def due(job: Job, now: dt.datetime, zones: set[str]) -> list[str]:
    """The periods due, with `zones` as both the programs' and the people's zones."""
    return [p.key for p in job.periods_due(now, Zones(programs=zones, people=zones))]


# --- Periods ------------------------------------------------------------------------------


def test_it_gives_a_per_zone_job_one_period_per_zone_where_its_hour_has_come() -> None:
    zones = {"UTC", VANCOUVER, "Asia/Tokyo", "Pacific/Auckland"}
    now = at(2026, 3, 2, 14, 30)  # Vancouver 06:30, Tokyo 23:30, Auckland 03:30 tomorrow
    assert due(SURVEYS, now, zones) == [
        "America/Vancouver 2026-03-02",
        "Asia/Tokyo 2026-03-02",
        "UTC 2026-03-02",
    ]
    assert due(SURVEYS, at(2026, 3, 2, 13, 59), zones) == [
        "Asia/Tokyo 2026-03-02",
        "UTC 2026-03-02",
    ]
    # Tokyo is at 02:00 on the 3rd: its current period is the 3rd, not due yet.
    assert due(SURVEYS, at(2026, 3, 2, 17, 0), zones) == [
        "America/Vancouver 2026-03-02",
        "Pacific/Auckland 2026-03-03",  # 06:00 there
        "UTC 2026-03-02",
    ]


def test_it_runs_a_global_job_on_the_days_of_settings_time_zone(settings: Any) -> None:
    zones = {"UTC", "Asia/Tokyo"}
    assert due(THEMES, at(2026, 3, 2, 1, 59), zones) == []
    assert due(THEMES, at(2026, 3, 2, 2, 0), zones) == ["UTC 2026-03-02"]
    settings.TIME_ZONE = VANCOUVER
    assert due(THEMES, at(2026, 3, 2, 9, 59), zones) == []  # 01:59 there
    assert due(THEMES, at(2026, 3, 2, 10, 0), zones) == ["America/Vancouver 2026-03-02"]


def _due_through(job: Job, start: dt.datetime, hours: int) -> dict[str, dt.datetime]:
    """Each period the job is due in, with the first moment it was, checking every 5 min."""
    first: dict[str, dt.datetime] = {}
    for step in range(hours * 12):
        # Real minutes (in UTC): wall-clock arithmetic in the zone would step into the gap.
        now = start.astimezone(UTC) + dt.timedelta(minutes=5 * step)
        for period in due(job, now, {VANCOUVER}):
            first.setdefault(period, now)
    return first


def test_it_runs_once_on_the_night_the_clocks_spring_forward_past_its_hour() -> None:
    job = Job("night", ("send_nudges",), DAILY, hour=2, zones=PROGRAMS)
    # 2026-03-08 in Vancouver: 01:59 PST is followed by 03:00 PDT; 02:00 never happens.
    first = _due_through(job, at(2026, 3, 8, 0, 0, zone=VANCOUVER), 24)
    assert first == {"America/Vancouver 2026-03-08": at(2026, 3, 8, 10, 0)}  # 03:00 PDT
    assert first["America/Vancouver 2026-03-08"].astimezone(ZoneInfo(VANCOUVER)).hour == 3


def test_it_runs_once_on_the_night_the_clocks_fall_back() -> None:
    job = Job("night", ("send_nudges",), DAILY, hour=1, zones=PROGRAMS)
    # 2026-11-01 in Vancouver: 01:00-02:00 happens twice (PDT, then PST).
    first = _due_through(job, at(2026, 11, 1, 0, 0, zone=VANCOUVER), 25)
    assert first == {"America/Vancouver 2026-11-01": at(2026, 11, 1, 8, 0)}  # 01:00 PDT
    later = due(job, at(2026, 11, 1, 9, 30), {VANCOUVER})  # 01:30 PST, the repeat
    assert later == ["America/Vancouver 2026-11-01"]  # the same period: not a second run


def test_it_gives_a_weekly_job_the_iso_week_from_monday_at_its_hour() -> None:
    weekly = JOBS_BY_NAME["digests_weekly"]
    assert weekly.every == WEEKLY
    assert due(weekly, at(2026, 3, 2, 6, 59), {"UTC"}) == []  # Monday, before 07:00
    assert due(weekly, at(2026, 3, 2, 7, 0), {"UTC"}) == ["UTC 2026-W10"]
    assert due(weekly, at(2026, 3, 5, 3, 0), {"UTC"}) == ["UTC 2026-W10"]  # Thursday
    assert due(weekly, at(2026, 3, 8, 23, 59), {"UTC"}) == ["UTC 2026-W10"]  # Sunday
    assert due(weekly, at(2026, 3, 9, 0, 0), {"UTC"}) == []  # next Monday, too early
    assert due(weekly, at(2027, 1, 1, 12, 0), {"UTC"}) == ["UTC 2026-W53"]  # ISO year


def test_it_gives_an_hourly_job_the_utc_hour() -> None:
    hourly = JOBS_BY_NAME["queued_email"]
    now = at(2026, 3, 2, 8, 0, zone=VANCOUVER)
    assert due(hourly, now, {VANCOUVER}) == ["UTC 2026-03-02T16"]


# --- Claims and runs ----------------------------------------------------------------------


def test_it_refuses_a_second_claim_of_the_same_period(db: Any) -> None:
    first = claim(DIGESTS, "UTC 2026-03-02", worker="a")
    assert first is not None
    assert claim(DIGESTS, "UTC 2026-03-02", worker="b") is None
    assert claim(NUDGES, "UTC 2026-03-02", worker="b") is not None  # another job
    assert claim(DIGESTS, "UTC 2026-03-03", worker="b") is not None  # another period
    assert ScheduledRun.objects.filter(job="digests_daily").count() == 2


def _waiting_digest() -> Any:
    community = CommunityFactory(program__timezone="UTC")
    reader = make_member(community, UserFactory())
    return Notification.objects.create(
        user=reader, community=community, kind=Kind.NEW_THREAD, text="A new thread", url="/"
    )


def _digests() -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(template="notification_digest"))


def test_it_runs_a_due_job_once_and_a_job_not_yet_due_not_at_all(
    db: Any, time_machine: Any
) -> None:
    _waiting_digest()
    time_machine.move_to(at(2026, 3, 2, 8, 0), tick=False)
    runs = run_due_jobs(worker="w1", jobs=[DIGESTS, NUDGES])
    assert [(r.job, r.period, r.worker) for r in runs] == [
        ("digests_daily", "UTC 2026-03-02", "w1")
    ]
    assert runs[0].summary == "Sent 1 daily digest(s) in UTC."
    assert runs[0].error == ""
    assert runs[0].finished_at == timezone.now()
    assert len(_digests()) == 1

    _waiting_digest()  # more to tell, but today's digest has gone
    time_machine.move_to(at(2026, 3, 2, 8, 30), tick=False)
    assert run_due_jobs(worker="w2", jobs=[DIGESTS, NUDGES]) == []
    assert len(_digests()) == 1
    assert not ScheduledRun.objects.filter(job="nudges").exists()

    time_machine.move_to(at(2026, 3, 2, 9, 0), tick=False)
    assert [r.job for r in run_due_jobs(worker="w2", jobs=[DIGESTS, NUDGES])] == ["nudges"]


def test_it_runs_only_the_current_period_after_a_long_stop(db: Any, time_machine: Any) -> None:
    time_machine.move_to(at(2026, 3, 1, 8, 0), tick=False)
    assert len(run_due_jobs(jobs=[DIGESTS])) == 1
    time_machine.move_to(at(2026, 3, 5, 12, 0), tick=False)  # down from the 2nd to the 5th
    assert len(run_due_jobs(jobs=[DIGESTS])) == 1
    assert list(ScheduledRun.objects.order_by("period").values_list("period", flat=True)) == [
        "UTC 2026-03-01",
        "UTC 2026-03-05",
    ]


def test_it_records_a_failing_job_and_runs_the_next_period(
    db: Any, time_machine: Any, monkeypatch: Any, caplog: Any
) -> None:
    def broken(*, period: str, zone: str | None) -> int:
        raise RuntimeError("the mail template is missing")

    monkeypatch.setattr(
        "fireside.notifications.management.commands.send_digests.send_digests", broken
    )
    time_machine.move_to(at(2026, 3, 2, 8, 0), tick=False)
    [failed] = run_due_jobs(jobs=[DIGESTS, NUDGES])  # no exception escapes
    assert failed.error == "RuntimeError"
    assert failed.finished_at is not None
    assert "Scheduled job digests_daily for UTC 2026-03-02 failed." in caplog.text
    time_machine.move_to(at(2026, 3, 2, 9, 0), tick=False)
    [nudges] = run_due_jobs(jobs=[DIGESTS, NUDGES])  # not retried today; other jobs go on
    assert (nudges.job, nudges.error) == ("nudges", "")

    monkeypatch.undo()
    _waiting_digest()
    time_machine.move_to(at(2026, 3, 3, 7, 0), tick=False)
    [next_day] = run_due_jobs(jobs=[DIGESTS])
    assert (next_day.period, next_day.error) == ("UTC 2026-03-03", "")
    assert len(_digests()) == 1


def test_it_runs_survey_rounds_for_each_program_zone(db: Any, time_machine: Any) -> None:
    CommunityFactory(program__timezone="Asia/Tokyo")
    time_machine.move_to(at(2026, 3, 2, 3, 0), tick=False)  # 12:00 in Tokyo
    runs = run_due_jobs(jobs=[SURVEYS])
    assert [(r.period, r.error) for r in runs] == [("Asia/Tokyo 2026-03-02", "")]
    time_machine.move_to(at(2026, 3, 2, 6, 0), tick=False)
    assert [r.period for r in run_due_jobs(jobs=[SURVEYS])] == ["UTC 2026-03-02"]


# --- At each person's local hour --------------------------------------------------------

PARIS, TOKYO = "Europe/Paris", "Asia/Tokyo"


def _walk(start: dt.datetime, hours: int, time_machine: Any, each: Any = None) -> None:
    """Check the schedule every 15 minutes, as a worker does (more often, in fact)."""
    for step in range(hours * 4):
        time_machine.move_to(start + dt.timedelta(minutes=15 * step), tick=False)
        run_due_jobs(jobs=[DIGESTS, NUDGES])
        if each:
            each()


def _local(moment: dt.datetime | None, zone: str) -> tuple[str, str] | None:
    return None if moment is None else (zone, f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M}")


def _sent(template: str) -> dict[str, list[dt.datetime]]:
    sent: dict[str, list[dt.datetime]] = {}
    for email in OutgoingEmail.objects.filter(template=template).order_by("created_at"):
        sent.setdefault(email.to[0], []).append(email.created_at)
    return sent


def test_it_reads_the_zones_in_use_through_the_zone_rule_communities_registers(
    db: Any, settings: Any
) -> None:
    """ops sits below communities: the zones come through register_zones."""
    CommunityFactory(program__timezone=TOKYO)
    UserFactory(timezone=PARIS)
    zones = Zones.in_use()
    assert zones.programs == {settings.TIME_ZONE, TOKYO}
    assert zones.people == {settings.TIME_ZONE, TOKYO, PARIS}


def test_it_sends_each_person_their_digest_and_nudge_at_their_own_morning(
    db: Any, time_machine: Any
) -> None:
    community = CommunityFactory(program__timezone=TOKYO)
    vancouver = make_member(community, UserFactory(timezone=VANCOUVER))
    paris = make_member(community, UserFactory(timezone=PARIS))
    tokyo = make_member(community, UserFactory(timezone=""))  # the program's zone
    zones = {vancouver: VANCOUVER, paris: PARIS, tokyo: TOKYO}
    # The 1st, 18:00 UTC: past 09:00 in Vancouver and Paris, 03:00 on the 2nd in Tokyo. The
    # runs due now (the 1st's) go with nothing to do; then there is news, and a quiet pair.
    start = at(2026, 3, 1, 18, 0)
    time_machine.move_to(start, tick=False)
    run_due_jobs(jobs=[DIGESTS, NUDGES])
    for reader in zones:
        Notification.objects.create(
            user=reader, community=community, kind=Kind.NEW_THREAD, text="A thread", url="/"
        )
    make_pairing(community, vancouver, paris, starts_on=dt.date(2026, 2, 1))

    _walk(start, 25, time_machine)

    emailed = {n.user: _local(n.emailed_at, zones[n.user]) for n in Notification.objects.all()}
    assert emailed == {user: (zone, "2026-03-02 07:00") for user, zone in zones.items()}
    digests = _sent("notification_digest")
    assert {to: len(times) for to, times in digests.items()} == {u.email: 1 for u in zones}
    nudged = {
        to: [_local(t, zones[user]) for t in _sent("mentoring_nudge")[to]]
        for user in (vancouver, paris)
        for to in [user.email]
    }
    assert nudged == {
        vancouver.email: [(VANCOUVER, "2026-03-02 09:00")],
        paris.email: [(PARIS, "2026-03-02 09:00")],
    }
    assert set(_sent("mentoring_nudge")) == {vancouver.email, paris.email}


def test_it_keeps_a_person_s_07_00_across_the_clock_change(db: Any, time_machine: Any) -> None:
    community = CommunityFactory(program__timezone=VANCOUVER)
    reader = make_member(community, UserFactory(timezone=""))  # the program's zone
    start = at(2026, 3, 7, 8, 0)  # midnight in Vancouver, the day before clocks spring forward
    time_machine.move_to(start, tick=False)
    run_due_jobs(jobs=[DIGESTS])

    def new_thread() -> None:
        if not Notification.objects.filter(emailed_at__isnull=True).exists():
            Notification.objects.create(
                user=reader, community=community, kind=Kind.NEW_THREAD, text="A thread", url="/"
            )

    new_thread()
    _walk(start, 48, time_machine, each=new_thread)
    times = Notification.objects.filter(emailed_at__isnull=False).order_by("emailed_at")
    utc = [n.emailed_at for n in times]
    assert utc == [at(2026, 3, 7, 15, 0), at(2026, 3, 8, 14, 0)]  # PST, then PDT
    assert [_local(t, VANCOUVER) for t in utc] == [
        (VANCOUVER, "2026-03-07 07:00"),
        (VANCOUVER, "2026-03-08 07:00"),
    ]


# --- The command --------------------------------------------------------------------------


def test_it_is_fireside_s_db_worker_that_runs(settings: Any) -> None:
    assert get_commands()["db_worker"] == "fireside.ops"
    options = {"batch": False, "reload": False}
    assert Command._runs_schedule(options)
    assert not Command._runs_schedule({**options, "batch": True})
    settings.SCHEDULE_IN_WORKER = False
    assert not Command._runs_schedule(options)
