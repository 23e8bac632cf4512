"""The enrolment app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes.
The objects their path arguments name: `guard_values` in tests/factories.py."""

from __future__ import annotations

from fireside.enrolment.tests.factories import guard_import_body
from fireside.enrolment.tests.factories import guard_values as guard_values
from fireside.lib.tests.guard_rules import COORDINATOR, Api, Web, no_body

WEB: Web = {
    # Enrolling from a spreadsheet: the program's coordinators only, staff included out.
    "enrolment:upload": ("GET", COORDINATOR),
    "enrolment:sample": ("GET", COORDINATOR),
    "enrolment:detail": ("GET", COORDINATOR),
    "enrolment:confirm": ("POST", COORDINATOR),
}

API: Api = {
    ("POST", "/api/v1/programs/{program_id}/imports"): (COORDINATOR, guard_import_body),
    ("GET", "/api/v1/imports/{import_id}"): (COORDINATOR, no_body),
}
