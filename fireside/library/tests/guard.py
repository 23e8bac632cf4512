"""The library app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes.
The objects their path arguments name: `guard_values` in tests/factories.py."""

from __future__ import annotations

from fireside.lib.tests.guard_rules import MEMBERS, Api, Web, no_body
from fireside.library.tests.factories import guard_link_body, guard_patch_body
from fireside.library.tests.factories import guard_values as guard_values

LIBRARY_PUBLISHERS = {"mentor", "coordinator", "staff"}
LIBRARY_READERS = MEMBERS | {"outsider"} | LIBRARY_PUBLISHERS

WEB: Web = {
    # The program library: everyone taking part (the outsider is active in a sibling
    # group), the program's coordinators and mentors, operators; never the waitlisted.
    "library:list": ("GET", LIBRARY_READERS),
    "library:download": ("GET", LIBRARY_READERS),
    "library:new": ("GET", LIBRARY_PUBLISHERS),
    # The guarded entry is the mentor's: she, the coordinators and operators change it.
    "library:edit": ("GET", LIBRARY_PUBLISHERS),
    "library:remove": ("GET", LIBRARY_PUBLISHERS),
}

API: Api = {
    ("GET", "/api/v1/programs/{program_id}/library"): (LIBRARY_READERS, no_body),
    ("POST", "/api/v1/programs/{program_id}/library"): (LIBRARY_PUBLISHERS, guard_link_body),
    ("GET", "/api/v1/library/{library_item_id}/download"): (LIBRARY_READERS, no_body),
    ("PATCH", "/api/v1/library/{library_item_id}"): (LIBRARY_PUBLISHERS, guard_patch_body),
    ("DELETE", "/api/v1/library/{library_item_id}"): (LIBRARY_PUBLISHERS, no_body),
}
