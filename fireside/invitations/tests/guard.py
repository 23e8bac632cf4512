"""The invitations app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes.
The objects their path arguments name: `guard_values` in tests/factories.py."""

from __future__ import annotations

from fireside.invitations.tests.factories import guard_values as guard_values
from fireside.lib.tests.guard_rules import (
    COORDINATOR,
    FACILITATORS,
    MEMBERS,
    SIGNED_IN,
    Api,
    Web,
    no_body,
)

WEB: Web = {
    # An emailed invitation: no sign-in by design, the token is the key; anyone signed in
    # with another address is refused (403). Its other refusals: invitations/tests.
    "invitations:accept": ("GET", {"anonymous"}),
    "invitations:decline": ("GET", {"anonymous"}),
    # A program's invitations: its coordinators. A group's: its members invite colleagues
    # (each sees what they sent; facilitators the group's); Cora's invitation to the
    # group is resent or withdrawn by her and the group's facilitator.
    "invitations:program": ("GET", COORDINATOR),
    "invitations:community": ("GET", MEMBERS | COORDINATOR),
    "invitations:resend": ("POST", FACILITATORS | COORDINATOR),
    "invitations:withdraw": ("POST", FACILITATORS | COORDINATOR),
}

API: Api = {
    # Invitations: each sees those they may (all for coordinators, the group's for its
    # facilitators, their own for others); members invite to their group, coordinators
    # anywhere in the program.
    ("GET", "/api/v1/programs/{program_id}/invitations"): (SIGNED_IN, no_body),
    ("POST", "/api/v1/programs/{program_id}/invitations"): (
        MEMBERS | COORDINATOR,
        lambda w: {"emails": "guard-colleague@example.org", "community": w.community.pk},
    ),
    ("POST", "/api/v1/invitations/{invitation_id}/resend"): (FACILITATORS | COORDINATOR, no_body),
    ("POST", "/api/v1/invitations/{invitation_id}/withdraw"): (
        FACILITATORS | COORDINATOR,
        no_body,
    ),
}
