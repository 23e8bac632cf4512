"""The stories app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs.
The objects their path arguments name: `guard_values` in tests/factories.py."""

from __future__ import annotations

from fireside.lib.tests.guard_rules import COORDINATOR, MEMBERS, SIGNED_IN, Web
from fireside.stories.tests.factories import guard_values as guard_values

WEB: Web = {
    # Value stories: one's own (Mina's, shared with the group and the program) for its
    # author only; shared ones for the group's members; counts and anonymous ones for
    # the program's coordinators.
    "stories:mine": ("GET", SIGNED_IN),
    "stories:new": ("GET", MEMBERS),
    "stories:group": ("GET", MEMBERS),
    "stories:story": ("GET", {"member"}),
    "stories:stop_sharing": ("POST", {"member"}),
    "stories:delete": ("POST", {"member"}),
    "stories:program": ("GET", COORDINATOR),
}
