"""The audit app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs."""

from __future__ import annotations

from fireside.lib.tests.guard_rules import COORDINATOR, STAFF, Web

WEB: Web = {
    # The audit log: a program's accountable changes for its coordinators; all for staff.
    "audit:program": ("GET", COORDINATOR),
    "audit:all": ("GET", STAFF),
}
