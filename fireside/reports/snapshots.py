"""Program reports served from kept figures, refreshed in the background.

Computing a report reads every seat, gathering, hour and survey answer of a program: a
second or more for a program of a thousand groups. So the figures are kept in a
`Snapshot` and served from it while they are younger than `REPORT_REFRESH_SECONDS`; an
older snapshot is still served, with its date, while a background task computes the next
one (one task per program at a time). Only the first report of a program is computed
while its coordinator waits.

Shared words are never kept: the excerpts and stories people agreed to share are read
fresh on every request, so a withdrawn consent or an erased person leaves the report at
once. The kept figures are counts and rates only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import pickle
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from fireside.mentoring.actions import consented_excerpts
from fireside.programs.models import Program
from fireside.reports.figures import ProgramReport, csv_rows, program_report
from fireside.reports.models import Snapshot
from fireside.stories.actions import consented_stories

# Bump when ProgramReport (or anything it holds) changes shape: older snapshots are
# then computed again instead of being read.
VERSION = 5
# A queued refresh that has not finished after this long is assumed lost and queued again.
LOST_AFTER = dt.timedelta(minutes=30)


def report_for(program: Program) -> ProgramReport:
    """The program's report: kept figures when there are any, with fresh shared words."""
    snapshot = Snapshot.objects.filter(program=program).first()
    report = _read(snapshot) if snapshot else None
    if snapshot is None or report is None:
        return refresh(program)  # computed now, shared words included
    if _is_stale(snapshot):
        _queue_refresh(snapshot)
    report.program = program
    report.excerpts = consented_excerpts(program)
    report.stories = consented_stories(program)
    return report


def refresh(program: Program) -> ProgramReport:
    """Compute the program's figures now and keep them."""
    started = time.perf_counter()
    report = program_report(program)
    report.digest = figures_digest(report)
    kept = dataclasses.replace(report, excerpts=[], stories=[])
    values = {
        "figures": pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL),
        "version": VERSION,
        "computed_at": report.generated_at,
        "seconds": time.perf_counter() - started,
        "refresh_queued_at": None,
    }
    try:
        with transaction.atomic():
            Snapshot.objects.update_or_create(program=program, defaults=values)
    except IntegrityError:  # another request kept the same figures a moment ago
        pass
    return report


def figures_digest(report: ProgramReport) -> str:
    """The kept figures' fingerprint: what the API, the CSV and the survey tables show,
    without the time they were computed (shared words are not kept, so not in it either)."""
    figures = {
        "api": dataclasses.replace(report, excerpts=[], stories=[]).as_api(),
        "communities": csv_rows(report),
        "surveys": [s.as_dict() for s in report.surveys],
        # The charts' numbers: a change only they show must redraw a kept PDF too.
        "monthly": dataclasses.asdict(report.monthly) if report.monthly else None,
        "paired": dataclasses.asdict(report.paired) if report.paired else None,
    }
    text = json.dumps(figures, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@task()
def refresh_report(*, program_id: int) -> None:
    """The background refresh of one program's figures (the row keeps how long it took)."""
    program = Program.objects.filter(pk=program_id).first()
    if program is not None:
        refresh(program)


def _read(snapshot: Snapshot) -> ProgramReport | None:
    if snapshot.version != VERSION:
        return None
    try:
        report = pickle.loads(bytes(snapshot.figures))  # noqa: S301 - written by refresh() only
    except Exception:  # an unreadable row (another version of the code): compute again
        return None
    return report if isinstance(report, ProgramReport) else None


def _is_stale(snapshot: Snapshot) -> bool:
    age = timezone.now() - snapshot.computed_at
    return age.total_seconds() > settings.REPORT_REFRESH_SECONDS


def _queue_refresh(snapshot: Snapshot) -> None:
    """Queue one refresh for the program unless one is already on its way."""
    now = timezone.now()
    waiting = Q(refresh_queued_at__isnull=True) | Q(refresh_queued_at__lt=now - LOST_AFTER)
    if Snapshot.objects.filter(waiting, pk=snapshot.pk).update(refresh_queued_at=now):
        refresh_report.enqueue(program_id=snapshot.program_id)
