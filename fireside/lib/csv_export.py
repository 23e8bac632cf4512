"""CSV downloads that open safely in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import HttpResponse

# A cell starting with one of these would run as a formula in a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(rows: Iterable[Iterable[object]], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return response
