"""The activities app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes.
The objects their path arguments name: `guard_values` in tests/factories.py."""

from __future__ import annotations

from fireside.activities.tests.factories import (
    guard_card_body,
    guard_feedback_body,
    guard_practice_body,
    guard_to_agenda_body,
)
from fireside.activities.tests.factories import guard_values as guard_values
from fireside.lib.tests.guard_rules import FACILITATORS, MEMBERS, Api, Web, no_body

WEB: Web = {
    # A gathering's reflection practices: its members only, never the program's staff. Fay
    # facilitates (rounds, hiding feedback); Mina's card is hers alone to change, and she
    # marks what helped in (and may hide) the feedback on the session she presents; Fay's
    # feedback is hers alone to change or delete.
    "activities:gathering": ("GET", MEMBERS),
    "activities:open_round": ("POST", FACILITATORS),
    "activities:suggest": ("POST", FACILITATORS),
    "activities:present": ("GET", MEMBERS),
    "activities:round": ("GET", MEMBERS),
    "activities:add_card": ("POST", MEMBERS),
    "activities:close_round": ("POST", FACILITATORS),
    "activities:to_agenda": ("POST", FACILITATORS),
    "activities:edit_card": ("GET", {"member"}),
    "activities:delete_card": ("POST", {"member"}),
    "activities:practice": ("GET", MEMBERS),
    "activities:feedback": ("POST", MEMBERS),
    "activities:helpful": ("POST", {"member"}),
    "activities:hide": ("POST", MEMBERS),
    "activities:edit_feedback": ("GET", {"facilitator"}),
    "activities:delete_feedback": ("POST", {"facilitator"}),
}

API: Api = {
    # A gathering's reflection practices: its members. Mina presents the guarded session, so
    # the group's other member (Fay) gives its feedback; Mina is told no (403).
    ("GET", "/api/v1/more-or-less/{round_id}/cards"): (MEMBERS, no_body),
    ("POST", "/api/v1/more-or-less/{round_id}/cards"): (MEMBERS, guard_card_body),
    ("GET", "/api/v1/practices/{practice_id}/feedback"): (MEMBERS, no_body),
    ("POST", "/api/v1/practices/{practice_id}/feedback"): (FACILITATORS, guard_feedback_body),
    # Fay opens and closes rounds; Mina's card and Fay's feedback are theirs alone to change;
    # Mina (presenting) and Fay (facilitating) hide feedback on the session.
    ("GET", "/api/v1/gatherings/{gathering_id}/more-or-less"): (MEMBERS, no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/more-or-less"): (
        FACILITATORS,
        lambda w: {"topic": "Outdoor play"},
    ),
    ("POST", "/api/v1/more-or-less/{round_id}/close"): (FACILITATORS, no_body),
    ("POST", "/api/v1/more-or-less/{round_id}/agenda"): (FACILITATORS, guard_to_agenda_body),
    ("PUT", "/api/v1/more-or-less/cards/{card_id}"): ({"member"}, guard_card_body),
    ("DELETE", "/api/v1/more-or-less/cards/{card_id}"): ({"member"}, no_body),
    ("GET", "/api/v1/gatherings/{gathering_id}/practices"): (MEMBERS, no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/practices"): (MEMBERS, guard_practice_body),
    ("PUT", "/api/v1/practice-feedback/{feedback_id}"): ({"facilitator"}, guard_feedback_body),
    ("DELETE", "/api/v1/practice-feedback/{feedback_id}"): ({"facilitator"}, no_body),
    ("POST", "/api/v1/practice-feedback/{feedback_id}/hide"): (MEMBERS, lambda w: {"hide": True}),
}
