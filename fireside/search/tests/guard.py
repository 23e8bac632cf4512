"""The search app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes."""

from __future__ import annotations

from fireside.lib.tests.guard_rules import SIGNED_IN, Api, Web, no_body

WEB: Web = {
    "search:search": ("GET", SIGNED_IN),
}

API: Api = {
    ("GET", "/api/v1/search"): (SIGNED_IN, no_body),
}
