"""The program report of api-v1.md's "Surveys and reports" section: aggregates and
consented excerpts only, for the program's coordinators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from ninja import Router

from fireside.api.core import me
from fireside.lib.audit import record
from fireside.lib.csv_export import csv_response
from fireside.programs.access import get_program_for
from fireside.reports.figures import csv_rows
from fireside.reports.snapshots import report_for
from fireside.surveys.free_text import without_names

router = Router(tags=["reports"])


@router.get("/programs/{program_id}/report")
def get_report(request: HttpRequest, program_id: int) -> dict[str, Any]:
    program, _standing = get_program_for(me(request), program_id, "manage")
    report = report_for(program).as_api()
    report["excerpts"] = without_names(report["excerpts"], program)
    return report


@router.get("/programs/{program_id}/report.csv")
def get_report_csv(request: HttpRequest, program_id: int) -> HttpResponse:
    user = me(request)
    program, _standing = get_program_for(user, program_id, "manage")
    record(user, "reports.export_csv", program)
    return csv_response(csv_rows(report_for(program)), f"{slugify(program.name)}-report.csv")
