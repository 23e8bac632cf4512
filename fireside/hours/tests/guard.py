"""The hours app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes.
The objects their path arguments name: `guard_values` in tests/factories.py."""

from __future__ import annotations

from fireside.hours.tests.factories import guard_online_body, guard_preparation_body
from fireside.hours.tests.factories import guard_values as guard_values
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
    # Hours: one's own, for anyone who took part (Otto, in a sibling group, did); the whole
    # program's, numbers only, for its coordinators.
    "hours:index": ("GET", SIGNED_IN),
    "hours:ledger": ("GET", MEMBERS | {"outsider"}),
    "hours:program": ("GET", COORDINATOR),
    "hours:program_csv": ("GET", COORDINATOR),
    "hours:record": ("GET", MEMBERS | {"outsider"}),
    "hours:remove_time": ("POST", {"member"}),  # its author only
    "hours:preparation": ("GET", FACILITATORS),
    "hours:group_online": ("GET", FACILITATORS),  # minutes only, never notes
}

API: Api = {
    ("GET", "/api/v1/me/hours"): (SIGNED_IN, no_body),
    ("GET", "/api/v1/me/time-entries"): (SIGNED_IN, no_body),
    ("POST", "/api/v1/communities/{community_id}/online-time"): (MEMBERS, guard_online_body),
    ("GET", "/api/v1/communities/{community_id}/online-time"): (FACILITATORS, no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/preparation"): (
        FACILITATORS,
        guard_preparation_body,
    ),
    ("DELETE", "/api/v1/time-entries/{time_entry_id}"): ({"member"}, no_body),
}
