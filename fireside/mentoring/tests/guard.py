"""The mentoring app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes, and the objects
their path arguments name."""

from __future__ import annotations

from typing import Any

from conftest import World
from fireside.lib.tests.guard_rules import (
    ANYONE,
    COORDINATOR,
    FACILITATORS,
    MEMBERS,
    SIGNED_IN,
    Api,
    Web,
    no_body,
)
from fireside.mentoring.tests.factories import (
    guard_catch_up_body,
    guard_connection_body,
    guard_dispute_body,
    guard_free_body,
    guard_goal_body,
    guard_goal_patch,
    guard_pair_body,
    guard_partner_request_body,
    guard_reflection_body,
    guard_settle_body,
)
from fireside.mentoring.tests.factories import guard_values as pair_guard_values
from fireside.mentoring.tests.pair_message_factories import guard_message_body
from fireside.mentoring.tests.pair_message_factories import (
    guard_values as pair_message_guard_values,
)


def guard_values(w: World) -> dict[str, Any]:
    """The pair of Mina and Fay and what is theirs (tests/factories.py), then Mina's message
    to Fay (tests/pair_message_factories.py), which needs the pair."""
    values = pair_guard_values(w)
    return {**values, **pair_message_guard_values(w)}


WEB: Web = {
    "mentoring:mine": ("GET", SIGNED_IN),
    "mentoring:pairings": ("GET", FACILITATORS),
    "mentoring:suggest": ("GET", FACILITATORS),
    "mentoring:accept": ("POST", FACILITATORS),
    "mentoring:end": ("POST", FACILITATORS),
    # A pair's page is its people's (Mina and Fay): other facilitators get 404, see its tests.
    "mentoring:pair": ("GET", MEMBERS),
    # The pair's space: Mina and Fay, partners; everyone else is refused, facilitators too.
    "mentoring:set_catch_up": ("POST", MEMBERS),
    "mentoring:cancel_catch_up": ("POST", MEMBERS),
    "mentoring:catch_up_ics": ("GET", MEMBERS),
    "mentoring:add_goal": ("POST", MEMBERS),
    "mentoring:update_goal": ("POST", MEMBERS),
    "mentoring:delete_goal": ("POST", MEMBERS),
    "mentoring:remove_connection": ("POST", {"member"}),  # its writer only
    # The pair's message thread: Mina and Fay alone, whatever anyone's role; a message is
    # deleted by its writer (Mina) only.
    "mentoring:messages": ("GET", MEMBERS),
    "mentoring:delete_message": ("POST", {"member"}),
    # Its editor (preview, each person's own draft) and "Mark as read": the pair alone too.
    "mentoring:mark_messages_read": ("POST", MEMBERS),
    "mentoring:message_preview": ("POST", MEMBERS),
    "mentoring:message_draft": ("POST", MEMBERS),
    # The pair reviews its connections (Mina, its writer, is told no on the pair's page);
    # a disputed one is settled by a facilitator of the group outside that pair.
    "mentoring:confirm": ("POST", MEMBERS),
    "mentoring:dispute": ("POST", MEMBERS),
    "mentoring:settle": ("POST", FACILITATORS),
    # The program's participants; Otto is active in a sibling group of the same program.
    # Finding a partner: the program's participants (Otto is in a sibling group). A request
    # is answered by its recipient (Fay) and withdrawn by its sender (Mina) only.
    "mentoring:find_partner": ("GET", MEMBERS | {"outsider"}),
    "mentoring:partner_requests": ("GET", SIGNED_IN),  # one's own only
    "mentoring:accept_request": ("POST", FACILITATORS),
    "mentoring:decline_request": ("POST", FACILITATORS),
    "mentoring:withdraw_request": ("POST", {"member"}),
    "mentoring:reflections": ("GET", MEMBERS | {"outsider"}),
    "mentoring:reflection": ("GET", {"member"}),  # its author only, whatever anyone's role
    "mentoring:withdraw": ("POST", {"member"}),
    # Running reflections (policy, prompts) and reading the shared ones: the program's
    # coordinators; not staff, mentors or facilitators.
    "mentoring:reflection_settings": ("GET", COORDINATOR),
    "mentoring:shared_reflections": ("GET", COORDINATOR),
    # The matching questions are written by the program's coordinators and answered by its
    # participants (Otto, in a sibling group, is one); answers are each person's own.
    "mentoring:matching_questions": ("GET", COORDINATOR),
    "mentoring:add_matching_question": ("GET", COORDINATOR),
    "mentoring:edit_matching_question": ("GET", COORDINATOR),
    "mentoring:move_matching_question": ("POST", COORDINATOR),
    "mentoring:delete_matching_question": ("POST", COORDINATOR),
    "mentoring:matching_answers": ("GET", MEMBERS | {"outsider"}),
    "mentoring:reminders": ("POST", SIGNED_IN),  # one's own choice
    "mentoring:stop_reminders": ("GET", ANYONE),  # the signed token is the key
}

API: Api = {
    ("POST", "/api/v1/communities/{community_id}/pairings"): (FACILITATORS, guard_pair_body),
    ("GET", "/api/v1/communities/{community_id}/pairings"): (FACILITATORS, no_body),
    ("POST", "/api/v1/communities/{community_id}/pairings/suggest"): (FACILITATORS, no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/end"): (FACILITATORS, no_body),
    ("GET", "/api/v1/me/pairings"): (SIGNED_IN, no_body),
    # Members choosing partners: participants of the program; a request's recipient (Fay)
    # answers it, its sender (Mina) withdraws it; nobody else learns it exists.
    ("GET", "/api/v1/programs/{program_id}/partner-suggestions"): (
        MEMBERS | {"outsider"},
        no_body,
    ),
    ("POST", "/api/v1/programs/{program_id}/partner-requests"): (
        MEMBERS | {"outsider"},
        guard_partner_request_body,
    ),
    ("GET", "/api/v1/me/partner-requests"): (SIGNED_IN, no_body),
    ("POST", "/api/v1/partner-requests/{partner_request_id}/accept"): (
        FACILITATORS,
        guard_free_body,
    ),
    ("POST", "/api/v1/partner-requests/{partner_request_id}/decline"): (FACILITATORS, no_body),
    ("POST", "/api/v1/partner-requests/{partner_request_id}/withdraw"): ({"member"}, no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/connections"): (MEMBERS, guard_connection_body),
    ("DELETE", "/api/v1/connections/{connection_id}"): ({"member"}, no_body),
    # The pair's message thread: Mina and Fay alone; Mina deletes her own message.
    ("GET", "/api/v1/pairings/{pairing_id}/messages"): (MEMBERS, no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/messages"): (MEMBERS, guard_message_body),
    ("POST", "/api/v1/pairings/{pairing_id}/messages/read"): (
        MEMBERS,
        lambda w: {"up_to": None},
    ),
    ("DELETE", "/api/v1/pair-messages/{message_id}"): ({"member"}, no_body),
    # Each person's own draft of their next message, and the preview: the pair alone.
    ("GET", "/api/v1/pairings/{pairing_id}/messages/draft"): (MEMBERS, no_body),
    ("PUT", "/api/v1/pairings/{pairing_id}/messages/draft"): (MEMBERS, guard_message_body),
    ("DELETE", "/api/v1/pairings/{pairing_id}/messages/draft"): (MEMBERS, no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/messages/preview"): (MEMBERS, guard_message_body),
    # The pair's space, for Mina and Fay (partners) only.
    ("GET", "/api/v1/pairings/{pairing_id}/catch-up"): (MEMBERS, no_body),
    ("PUT", "/api/v1/pairings/{pairing_id}/catch-up"): (MEMBERS, guard_catch_up_body),
    ("DELETE", "/api/v1/pairings/{pairing_id}/catch-up"): (MEMBERS, no_body),
    ("GET", "/api/v1/pairings/{pairing_id}/catch-up.ics"): (MEMBERS, no_body),
    ("GET", "/api/v1/pairings/{pairing_id}/goals"): (MEMBERS, no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/goals"): (MEMBERS, guard_goal_body),
    ("PATCH", "/api/v1/pairings/{pairing_id}/goals/{goal_id}"): (MEMBERS, guard_goal_patch),
    ("DELETE", "/api/v1/pairings/{pairing_id}/goals/{goal_id}"): (MEMBERS, no_body),
    # Fay reviews Mina's connection; Mina, who logged it, gets 403.
    ("POST", "/api/v1/connections/{connection_id}/confirm"): (FACILITATORS, no_body),
    ("POST", "/api/v1/connections/{connection_id}/dispute"): (FACILITATORS, guard_dispute_body),
    ("POST", "/api/v1/connections/{disputed_id}/settle"): (FACILITATORS, guard_settle_body),
    ("GET", "/api/v1/communities/{community_id}/disputed-connections"): (FACILITATORS, no_body),
    ("POST", "/api/v1/programs/{program_id}/reflections"): (
        MEMBERS | {"outsider"},
        guard_reflection_body,
    ),
    ("PUT", "/api/v1/reflections/{reflection_id}"): ({"member"}, lambda w: {"body": "Again"}),
    ("GET", "/api/v1/me/reflections"): (SIGNED_IN, no_body),
    ("GET", "/api/v1/programs/{program_id}/reflections"): (COORDINATOR, no_body),
    # Its participants (Otto, in a sibling group, is one) and its coordinators.
    ("GET", "/api/v1/programs/{program_id}/reflection-prompts"): (
        MEMBERS | {"outsider"} | COORDINATOR,
        no_body,
    ),
    ("GET", "/api/v1/programs/{program_id}/matching-questions"): (
        MEMBERS | {"outsider"} | COORDINATOR,
        no_body,
    ),
    ("GET", "/api/v1/programs/{program_id}/matching-answers"): (MEMBERS | {"outsider"}, no_body),
    ("PUT", "/api/v1/programs/{program_id}/matching-answers"): (
        MEMBERS | {"outsider"},
        lambda w: {"answers": []},
    ),
}
