"""The report as a PDF a funder can be handed: a cover (name, period, logo, the day it was
made), a one-page summary, then each section of the page with its tables and charts, and
"page X of Y" with the date in every footer. Drawn by WeasyPrint from
templates/reports/program_pdf.html, which includes the page's own `_body.html`, so the PDF
prints what the page shows and a new section of the page drops into it.

A small program's PDF is drawn while its coordinator waits (views.program_pdf). A big
one's (more than `REPORT_PDF_AT_ONCE_COMMUNITIES` groups) is drawn by a background task
and kept in storage, one file per program and language, until what it shows changes: the
figures (their digest), the shared words, the logo, the program's name and dates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import secrets
import time
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from fireside.lib import images
from fireside.programs import logos
from fireside.programs.models import Program
from fireside.reports.figures import ProgramReport
from fireside.reports.models import ReportPdf
from fireside.reports.pdf_table import figure_lines
from fireside.reports.words import report_words

logger = logging.getLogger(__name__)
# WeasyPrint narrates each step at INFO, and fontTools each font it reads: not for the logs.
for _noisy in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)

# Bump when program_pdf.html changes what it prints: kept files are then drawn again.
LAYOUT = 4
# The background drawing's steps, for the progress bar: queued, figures read, laid out, kept.
STEPS = 3
# A drawing that has not finished after this long is assumed lost and may be asked again.
LOST_AFTER = dt.timedelta(minutes=30)


def css_string(text: str) -> str:
    """Text as a quoted CSS string (for `content:` in the page margins)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def page_numbers_css() -> str:
    """`content` for "page X of Y", in the words and word order of the language in use."""
    words = _("page %(page)s of %(pages)s") % {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    parts = []
    for piece in words.split("\x00"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def pdf_html(report: ProgramReport, made_at: dt.datetime) -> str:
    return render_to_string(
        "reports/program_pdf.html",
        {
            "report": report,
            "words": report_words(report),
            "logo": logos.data_uri(report.program),
            "made_at": made_at,
            "page_numbers": page_numbers_css(),
            "communities_table": "reports/_communities_pdf.html",
            "community_lines": figure_lines(report),
            "footer_date": css_string(
                _("Made on %(day)s") % {"day": _long_date(timezone.localdate(made_at))}
            ),
        },
    )


def _long_date(day: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


def _fetcher() -> Any:
    """Inline pictures only (the logo, charts): the report never fetches anything."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def layout(report: ProgramReport, made_at: dt.datetime | None = None) -> Any:
    """The laid-out document (WeasyPrint's), ready to write."""
    from weasyprint import HTML

    html = pdf_html(report, made_at or timezone.now())
    return HTML(string=html, url_fetcher=_fetcher()).render()


def draw(report: ProgramReport) -> bytes:
    """The PDF of the report, now, in the active language."""
    return bytes(layout(report).write_pdf())


def is_big(report: ProgramReport) -> bool:
    from django.conf import settings

    return len(report.communities) > settings.REPORT_PDF_AT_ONCE_COMMUNITIES


def key_of(report: ProgramReport, language: str) -> str:
    """What the kept PDF shows, as a digest: when it differs, the kept file is out of date."""
    program = report.program
    parts = [
        str(LAYOUT),
        language,
        report.digest or report.generated_at.isoformat(),
        program.name,
        str(program.starts_on),
        str(program.ends_on),
        program.logo,
        *report.excerpts,
        *(f"{s.title}\x1f{s.parts!r}" for s in report.stories),
    ]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def kept(program: Program, language: str) -> ReportPdf | None:
    return ReportPdf.objects.filter(program=program, language=language).first()


def is_current(row: ReportPdf | None, key: str) -> bool:
    return row is not None and row.key == key


def is_lost(row: ReportPdf) -> bool:
    return row.state == ReportPdf.State.PREPARING and timezone.now() - row.queued_at > LOST_AFTER


def ask(report: ProgramReport, language: str) -> ReportPdf:
    """Have the report's PDF drawn in the background, unless the one kept (or on its way)
    already shows these figures."""
    key = key_of(report, language)
    program = report.program
    with transaction.atomic():
        row, created = ReportPdf.objects.select_for_update().get_or_create(
            program=program,
            language=language,
            defaults={"key": key, "state": ReportPdf.State.PREPARING, "queued_at": timezone.now()},
        )
        if not created:
            wanted = row.key == key and row.state != ReportPdf.State.FAILED and not is_lost(row)
            if wanted:
                return row
            row.key, row.state, row.step = key, ReportPdf.State.PREPARING, 0
            row.queued_at = timezone.now()
            row.save(update_fields=["key", "state", "step", "queued_at"])
    draw_report_pdf.enqueue(program_id=program.pk, language=language, key=key)
    row.refresh_from_db()
    return row


def _step(row: ReportPdf, key: str, step: int) -> bool:
    """Move the progress bar; False when the row has since been asked for other figures."""
    return bool(
        ReportPdf.objects.filter(pk=row.pk, key=key, state=ReportPdf.State.PREPARING).update(
            step=step
        )
    )


@task()
def draw_report_pdf(*, program_id: int, language: str, key: str) -> None:
    """Draw one program's report PDF in its coordinator's language and keep it."""
    from fireside.reports.snapshots import report_for

    row = ReportPdf.objects.filter(program_id=program_id, language=language, key=key).first()
    if row is None or row.state != ReportPdf.State.PREPARING:
        return
    started = time.perf_counter()
    try:
        with translation.override(language):
            report = report_for(row.program)
            if not _step(row, key, 1):
                return
            document = layout(report)
            if not _step(row, key, 2):
                return
            out = io.BytesIO()
            document.write_pdf(out)
        data = out.getvalue()
        name = default_storage.save(
            f"reports/{program_id}-{language}-{secrets.token_urlsafe(12)}.pdf", ContentFile(data)
        )
    except Exception:
        logger.exception("The report PDF of program %s could not be drawn.", program_id)
        ReportPdf.objects.filter(pk=row.pk, key=key).update(state=ReportPdf.State.FAILED)
        return
    with transaction.atomic():
        fresh = ReportPdf.objects.select_for_update().get(pk=row.pk)
        if fresh.key != key:  # asked again for other figures meanwhile: this one is old
            images.delete_quietly([name])
            return
        old = fresh.file
        fresh.state, fresh.step, fresh.file = ReportPdf.State.READY, STEPS, name
        fresh.pages, fresh.size = len(document.pages), len(data)
        fresh.made_at, fresh.seconds = timezone.now(), time.perf_counter() - started
        fresh.save()
        if old and old != name:
            transaction.on_commit(lambda: images.delete_quietly([old]))


def read(row: ReportPdf) -> bytes | None:
    try:
        with default_storage.open(row.file, "rb") as handle:
            return bytes(handle.read())
    except (FileNotFoundError, OSError):
        logger.warning("A kept report PDF is missing: %s", row.file)
        return None
