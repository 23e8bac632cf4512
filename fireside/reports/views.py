"""The program report for coordinators: a page, a CSV per community and a PDF for funders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fireside.communities.access import get_community_for
from fireside.communities.models import Community
from fireside.lib import charts as charts_lib
from fireside.lib.audit import record
from fireside.lib.charts import Chart
from fireside.lib.csv_export import csv_response
from fireside.lib.once import StillWorking, shared_result
from fireside.programs.access import get_program_for
from fireside.programs.models import Program
from fireside.reports import pdf
from fireside.reports.charts import confidence_charts, over_time
from fireside.reports.figures import ProgramReport, csv_rows
from fireside.reports.models import ReportPdf
from fireside.reports.series import monthly_series
from fireside.reports.snapshots import report_for
from fireside.reports.table import community_table
from fireside.reports.words import report_words
from fireside.surveys.actions import threshold
from fireside.surveys.free_text import ORDER_PARAM
from fireside.surveys.paired import paired_confidence
from fireside.surveys.report import confidence_change


def _pdf_state(report: ProgramReport) -> dict[str, object]:
    """Where a big program's PDF stands, for the page and the status page (one query)."""
    if not pdf.is_big(report):
        return {"big": False}
    language = get_language()
    row = pdf.kept(report.program, language)
    current = pdf.is_current(row, pdf.key_of(report, language))
    return {
        "big": True,
        "row": row if current else None,
        "ready": current and row is not None and row.state == ReportPdf.State.READY,
        "preparing": current
        and row is not None
        and row.state == ReportPdf.State.PREPARING
        and not pdf.is_lost(row),
        "failed": current and row is not None and row.state == ReportPdf.State.FAILED,
        "steps": pdf.STEPS,
    }


@login_required
def program(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    report = report_for(program)
    context = {
        "report": report,
        "words": report_words(report, request.GET.get(ORDER_PARAM, "count")),
        "pdf": _pdf_state(report),
        "table": community_table(report.communities, request.GET),
        "chart_downloads": True,  # the PDF has none
    }
    return render(request, "reports/program.html", context)


@login_required
def program_csv(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    record(request.user, "reports.export_csv", program)
    return csv_response(csv_rows(report_for(program)), f"{slugify(program.name)}-report.csv")


def _pdf_response(request: HttpRequest, program: Program, data: bytes) -> HttpResponse:
    record(request.user, "reports.export_pdf", program)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{slugify(program.name)}-report.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def program_pdf(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    report = report_for(program)
    if pdf.is_big(report):
        # Drawn in the background and kept: the file when it is ready, else where it stands.
        state = _pdf_state(report)
        row = state["row"]
        data = pdf.read(row) if state["ready"] and isinstance(row, ReportPdf) else None
        if data is None:
            return redirect("reports:pdf_status", program.pk)
        return _pdf_response(request, program, data)

    # A double click asks twice: the second request waits for the first one's PDF. The
    # report is the same for every coordinator of the program (aggregates only).
    try:
        data = shared_result(
            f"report-pdf:{program.pk}:{get_language()}:{pdf.key_of(report, get_language())}",
            lambda: pdf.draw(report),
        )
    except StillWorking:
        response = render(
            request,
            "error.html",
            {
                "title": _("Still preparing the report"),
                "detail": _(
                    "The PDF of this report is still being prepared. Wait a minute, then "
                    "download it again."
                ),
            },
            status=429,
        )
        response["Retry-After"] = "60"
        return response
    return _pdf_response(request, program, data)


@login_required
def pdf_status(request: HttpRequest, program_id: int) -> HttpResponse:
    """A big program's PDF: ask for it (POST), then see it being prepared, and take it."""
    program, _standing = get_program_for(request.user, program_id, "manage")
    report = report_for(program)
    if request.method == "POST":
        if pdf.is_big(report):
            row = pdf.ask(report, get_language())
            if row.state == ReportPdf.State.READY:
                messages.success(request, _("The PDF is ready."))
            elif row.state == ReportPdf.State.PREPARING:
                messages.info(request, _("The PDF is on its way. This page shows how far it is."))
        return redirect("reports:pdf_status", program.pk)
    return render(request, "reports/pdf_status.html", {"report": report, "pdf": _pdf_state(report)})


@login_required
def program_chart(request: HttpRequest, program_id: int, key: str) -> HttpResponse:
    """One of the report's charts as an image, as the report page shows it."""
    program, _standing = get_program_for(request.user, program_id, "manage")
    report = report_for(program)
    charts = report.charts_over_time() + report.confidence_charts()
    return charts_lib.download(charts, key, f"{slugify(program.name)}-{key}.svg")


def _group_charts(community: Community) -> list[Chart]:
    """A group's own charts over the year, for its facilitators: aggregates of what the
    group did (fireside/hours/totals.py, group_hours), each chart only once at least the
    survey threshold of people are behind it, confidence as withheld as on the report."""
    program = community.program
    hide = confidence_change(program, community).change_withheld
    charts = over_time(
        monthly_series(program, community), [], prefix="group-", threshold=threshold()
    ) + confidence_charts(paired_confidence(program, community, hide=hide), prefix="group-")
    return charts


@login_required
def community_progress(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "facilitate")
    context = {"community": community, "standing": standing, "charts": _group_charts(community)}
    return render(request, "reports/community.html", context)


@login_required
def community_chart(request: HttpRequest, community_id: int, chart: str) -> HttpResponse:
    """One of a group's progress charts as an image, as its progress page shows it."""
    community, _standing = get_community_for(request.user, community_id, "facilitate")
    name = f"{slugify(community.name) or 'group'}-{chart}.svg"
    return charts_lib.download(_group_charts(community), chart, name)
