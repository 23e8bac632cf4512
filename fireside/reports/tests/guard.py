"""The reports app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes.
Its charts are drawn whatever the date."""

from __future__ import annotations

from typing import Any

from conftest import World
from fireside.lib.tests.guard_rules import COORDINATOR, FACILITATORS, Api, Web, no_body


def guard_values(w: World) -> dict[str, Any]:
    return {
        "key": "confidence",  # the report's chart drawn whatever the date
        "chart": "group-confidence",  # a group's progress chart drawn whatever the date
    }


WEB: Web = {
    "reports:program": ("GET", COORDINATOR),
    "reports:program_csv": ("GET", COORDINATOR),
    "reports:program_pdf": ("GET", COORDINATOR),
    "reports:pdf_status": ("GET", COORDINATOR),
    "reports:community_progress": ("GET", FACILITATORS),
    "reports:program_chart": ("GET", COORDINATOR),
    "reports:community_chart": ("GET", FACILITATORS),
}

API: Api = {
    ("GET", "/api/v1/programs/{program_id}/report"): (COORDINATOR, no_body),
    ("GET", "/api/v1/programs/{program_id}/report.csv"): (COORDINATOR, no_body),
}
