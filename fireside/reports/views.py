"""The program report for coordinators: a page, a CSV per community and a PDF for funders."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fireside.communities.access import get_community_for, get_program_for
from fireside.lib.audit import record
from fireside.lib.csv_export import csv_response
from fireside.lib.once import StillWorking, shared_result
from fireside.reports.charts import confidence_charts, over_time
from fireside.reports.figures import csv_rows
from fireside.reports.series import monthly_series
from fireside.reports.snapshots import report_for
from fireside.surveys.paired import paired_confidence
from fireside.surveys.report import confidence_change

# WeasyPrint narrates each step at INFO: not for the logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _no_fetching(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """The report embeds everything it shows; it never fetches anything."""
    raise ValueError(f"The report does not load {url}")


@login_required
def program(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    return render(request, "reports/program.html", {"report": report_for(program)})


@login_required
def program_csv(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    record(request.user, "reports.export_csv", program)
    return csv_response(csv_rows(report_for(program)), f"{slugify(program.name)}-report.csv")


@login_required
def program_pdf(request: HttpRequest, program_id: int) -> HttpResponse:
    from weasyprint import HTML

    program, _standing = get_program_for(request.user, program_id, "manage")

    def draw() -> bytes:
        html = render_to_string("reports/program_pdf.html", {"report": report_for(program)})
        return bytes(HTML(string=html, url_fetcher=_no_fetching).write_pdf())

    # A double click asks twice: the second request waits for the first one's PDF. The
    # report is the same for every coordinator of the program (aggregates only).
    try:
        pdf = shared_result(f"report-pdf:{program.pk}:{get_language()}", draw)
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
    record(request.user, "reports.export_pdf", program)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{slugify(program.name)}-report.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def community_progress(request: HttpRequest, community_id: int) -> HttpResponse:
    """A group's own charts over the year, for its facilitators: aggregates of the group,
    confidence only above the threshold (and as withheld as on the report)."""
    community, standing = get_community_for(request.user, community_id, "facilitate")
    program = community.program
    hide = confidence_change(program, community).change_withheld
    charts = over_time(monthly_series(program, community), []) + confidence_charts(
        paired_confidence(program, community, hide=hide), prefix="group-"
    )
    context = {"community": community, "standing": standing, "charts": charts}
    return render(request, "reports/community.html", context)
