"""The themes app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes."""

from __future__ import annotations

from fireside.lib.tests.guard_rules import COORDINATOR, FACILITATORS, Api, Web, no_body

WEB: Web = {
    # Common threads: a group's for its facilitators and the program's mentors; the
    # program's for its coordinators.
    "themes:community": ("GET", FACILITATORS | {"mentor"}),
    "themes:program": ("GET", COORDINATOR),
}

API: Api = {
    ("GET", "/api/v1/communities/{community_id}/themes"): (FACILITATORS | {"mentor"}, no_body),
    ("GET", "/api/v1/programs/{program_id}/themes"): (COORDINATOR, no_body),
}
