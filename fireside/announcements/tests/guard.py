"""The announcements app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes.
The objects their path arguments name: `guard_values` in tests/factories.py."""

from __future__ import annotations

from fireside.announcements.tests.factories import guard_announcement_body
from fireside.announcements.tests.factories import guard_values as guard_values
from fireside.lib.tests.guard_rules import FACILITATORS, MEMBERS, Api, Web, no_body

WEB: Web = {
    # Announcements: for the group's members only; posted by its organiser or facilitators.
    "announcements:list": ("GET", MEMBERS),
    "announcements:new": ("GET", FACILITATORS),
    "announcements:detail": ("GET", MEMBERS),
    "announcements:mark_read": ("POST", MEMBERS),
}

API: Api = {
    # Talking to the whole group: members read; the organiser and facilitators post.
    ("GET", "/api/v1/communities/{community_id}/announcements"): (MEMBERS, no_body),
    ("POST", "/api/v1/communities/{community_id}/announcements"): (
        FACILITATORS,
        guard_announcement_body,
    ),
    ("POST", "/api/v1/announcements/{announcement_id}/read"): (MEMBERS, no_body),
}
