"""The certificates app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes.
The objects their path arguments name: `guard_values` in tests/factories.py."""

from __future__ import annotations

from fireside.certificates.tests.factories import guard_values as guard_values
from fireside.lib.tests.guard_rules import (
    ANYONE,
    COORDINATOR,
    MEMBERS,
    SIGNED_IN,
    Api,
    Web,
    no_body,
)

WEB: Web = {
    "certificates:mine": ("GET", SIGNED_IN),
    "certificates:generate": ("POST", MEMBERS | {"outsider"}),
    "certificates:pdf": ("GET", {"member"}),  # its holder only
    "certificates:verify_form": ("GET", ANYONE),
    "certificates:verify": ("GET", ANYONE),  # the code is the key
    "certificates:manage": ("GET", COORDINATOR),
    "certificates:bulk": ("POST", COORDINATOR),
    "certificates:batch": ("GET", COORDINATOR),
    "certificates:revoke": ("GET", COORDINATOR),
}

API: Api = {
    ("POST", "/api/v1/programs/{program_id}/certificates"): (MEMBERS | {"outsider"}, no_body),
    ("GET", "/api/v1/certificates/{code}"): (ANYONE, no_body),
    ("GET", "/api/v1/certificates/{code}/pdf"): ({"member"}, no_body),
    ("POST", "/api/v1/certificates/{code}/revoke"): (
        COORDINATOR,
        lambda w: {"reason": "Issued for the wrong program."},
    ),
}
