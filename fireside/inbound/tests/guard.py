"""The inbound app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs."""

from __future__ import annotations

from fireside.lib.tests.guard_rules import Web

WEB: Web = {
    # bench_floor is routed only when BENCH is on: fireside/demo/tests/test_floor.py.
    # A machine route: a mail service posts raw email with the inbound secret, which no
    # persona has (403 for all; the secret's own tests: fireside/inbound/tests/test_intake.py).
    "inbound:email": ("POST", set()),
}
