"""Enrolling a program's participants from a spreadsheet: a preview, then the import.

The preview reads and checks the file and keeps its rows (EnrolmentImport), so the
coordinator confirms what they saw without uploading again. Confirming moves the import
from "previewed" to "queued" with one conditional UPDATE: a second click, or a second tab,
finds it already moved and starts nothing. The background task checks the rows again (the
groups may have filled meanwhile), then writes every invitation in one transaction; the
emails go out after it commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from fireside.accounts.models import User
from fireside.enrolment import check, invite, parse
from fireside.enrolment.models import EnrolmentImport
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, Unprocessable
from fireside.programs.models import Program

log = logging.getLogger(__name__)

# A preview nobody confirms holds names and addresses: it is deleted after this long.
PREVIEW_TTL = dt.timedelta(days=1)
PREVIEW_ROWS = 20  # rows the preview table shows; every problem is listed whatever its row


def forget_stale_imports(program: Program | None = None) -> int:
    """Previews nobody confirmed, and imports that stopped, a day on: deleted, with the
    names and addresses their rows hold. Returns how many."""
    stale = EnrolmentImport.objects.filter(
        state__in=[EnrolmentImport.State.PREVIEWED, EnrolmentImport.State.FAILED],
        created_at__lt=timezone.now() - PREVIEW_TTL,
    )
    if program is not None:
        stale = stale.filter(program=program)
    count, _by_model = stale.delete()
    return count


def check_preview_import(
    *, actor: User, program: Program, data: bytes, filename: str = ""
) -> EnrolmentImport:
    """Read and check a participants' file; nothing but the preview is written. Raises
    parse.FileRefused when the file cannot be read at all."""
    parsed = parse.parse(data, filename)
    rows = [r.as_json() for r in parsed.rows]
    checked = check.check_rows(program, rows)
    with transaction.atomic():
        forget_stale_imports(program)
        preview = EnrolmentImport.objects.create(
            program=program,
            created_by=actor,
            filename=filename.replace("\\", "/").rsplit("/", 1)[-1][:255],
            sha256=hashlib.sha256(data).hexdigest(),
            kind=parsed.kind,
            rows=rows,
            total=len(rows),
            problems=checked.problem_count,
            counts=checked.counts() | {"notes": parsed.notes},
        )
        record(
            actor,
            "enrolment.preview",
            program,
            rows=len(rows),
            problems=checked.problem_count,
            import_id=preview.pk,
        )
    return preview


def recheck(preview: EnrolmentImport) -> check.Checked:
    return check.check_rows(preview.program, preview.rows)


def check_start_import(*, actor: User, preview: EnrolmentImport) -> EnrolmentImport:
    """Start importing a clean preview in the background. A preview already started is
    returned as it is (a double click); one with problems is refused."""
    if preview.problems:
        raise Unprocessable(
            _("The file has problems: correct them and upload it again. Nothing was imported.")
        )
    with transaction.atomic():
        moved = EnrolmentImport.objects.filter(
            pk=preview.pk, state=EnrolmentImport.State.PREVIEWED, problems=0
        ).update(state=EnrolmentImport.State.QUEUED)
        if not moved:
            current = EnrolmentImport.objects.get(pk=preview.pk)
            if current.state == EnrolmentImport.State.FAILED:
                raise Conflict(_("This import stopped; upload the file again to see what changed."))
            return current
        record(
            actor,
            "enrolment.import",
            preview.program,
            rows=preview.total,
            import_id=preview.pk,
        )
        transaction.on_commit(lambda: _enqueue(preview.pk))
    preview.refresh_from_db()
    return preview


def _enqueue(import_id: int) -> None:
    result = run_import.enqueue(import_id=import_id)
    EnrolmentImport.objects.filter(pk=import_id, task_id="").update(task_id=str(result.id)[:64])


@task()
def run_import(*, import_id: int) -> str:
    """Check the rows again, write the invitations in one transaction, then send them.
    Claimed with a conditional UPDATE, so a duplicated task does nothing."""
    claimed = EnrolmentImport.objects.filter(
        pk=import_id, state=EnrolmentImport.State.QUEUED
    ).update(state=EnrolmentImport.State.RUNNING, started_at=timezone.now(), processed=0)
    if not claimed:
        return "skipped"
    record_ = EnrolmentImport.objects.select_related("program", "created_by").get(pk=import_id)
    try:
        return _import(record_)
    except Exception:
        log.exception("Enrolment import %s failed", import_id)
        EnrolmentImport.objects.filter(pk=import_id).update(
            state=EnrolmentImport.State.FAILED, finished_at=timezone.now()
        )
        raise


def _import(record_: EnrolmentImport) -> str:
    program = record_.program
    checked = check.check_rows(program, record_.rows)
    if not checked.clean:
        # The groups changed since the preview (someone took the last seats): nothing written.
        EnrolmentImport.objects.filter(pk=record_.pk).update(
            state=EnrolmentImport.State.FAILED,
            finished_at=timezone.now(),
            problems=checked.problem_count,
            result={"problems": checked.problem_list()[:200]},
        )
        return "failed"
    new = [p for p in checked.plans if p.status == check.NEW]
    with transaction.atomic():
        tokens = invite.create_invitations_in_bulk(
            actor=record_.created_by, program=program, plans=new
        )
        counts = checked.counts()
        EnrolmentImport.objects.filter(pk=record_.pk).update(
            total=len(tokens),
            processed=0,
            counts=record_.counts | counts,
            result={
                "invited": len(tokens),
                "unchanged": counts["invited"] + counts["members"],
                "groups": counts["groups"],
            },
        )
    # The invitations are written; each email goes out with its own small transaction, the
    # counter moving as they do.
    invite.send_invitations(tokens, progress=lambda n: _progress(record_.pk, n))
    EnrolmentImport.objects.filter(pk=record_.pk).update(
        state=EnrolmentImport.State.DONE, finished_at=timezone.now(), rows=[]
    )
    return "done"


def _progress(import_id: int, processed: int) -> None:
    EnrolmentImport.objects.filter(pk=import_id).update(processed=processed)


def preview_rows(preview: EnrolmentImport, checked: check.Checked) -> list[dict[str, Any]]:
    """The first rows, and every other row with a problem, each with its problems."""
    shown = []
    for index, row in enumerate(preview.rows):
        number = int(row["row"])
        problems = checked.problems.get(number, [])
        if index < PREVIEW_ROWS or problems:
            labelled = [(check.column_label(c), m) for c, m in problems]
            shown.append({**row, "problems": labelled})
    return shown
