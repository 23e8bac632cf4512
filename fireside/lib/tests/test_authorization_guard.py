"""The authorization guard: every URL and every API route, against every persona.

A new view or route without a row here fails the first two tests; a row whose check is
missing in the code fails the persona tests. Content inside a community is for its active
members only: outsiders, the waitlisted, mentors, coordinators and staff are refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONAS, World
from fireside.accounts.models import ApiToken
from fireside.activities.tests.factories import (
    guard_card_body,
    guard_feedback_body,
    guard_practice_body,
    guard_to_agenda_body,
)
from fireside.announcements.tests.factories import guard_announcement_body
from fireside.demo.factories import GatheringFactory, make_program_staff
from fireside.enrolment.tests.factories import guard_import_body
from fireside.gatherings import checkin
from fireside.gatherings.tests.factories import guard_rhythm_body
from fireside.gatherings.tests.poll_factories import guard_poll, guard_poll_option
from fireside.hours.tests.factories import guard_online_body, guard_preparation_body
from fireside.lib.tests.routes import api_routes as _api_routes
from fireside.lib.tests.routes import guard_role_type
from fireside.lib.tests.routes import path_values as _path_values
from fireside.lib.tests.routes import web_names as _web_names
from fireside.library.tests.factories import guard_link_body, guard_patch_body
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
from fireside.mentoring.tests.pair_message_factories import guard_message_body
from fireside.programs.tests.factories import guard_proposal_body
from fireside.surveys.tests.factories import (
    guard_confidence_body,
    guard_make_draft,
    guard_response_body,
    guard_survey_body,
)
from fireside.surveys.tests.factories import guard_goal_body as guard_program_goal_body

ANYONE = set(PERSONAS)
SIGNED_IN = ANYONE - {"anonymous"}
MEMBERS = {"member", "facilitator"}
FACILITATORS = {"facilitator"}
COORDINATOR = {"coordinator"}
STAFF = {"staff"}
LIBRARY_PUBLISHERS = {"mentor", "coordinator", "staff"}
LIBRARY_READERS = MEMBERS | {"outsider"} | LIBRARY_PUBLISHERS

# url name -> (method, who may use it)
WEB: dict[str, tuple[str, set[str]]] = {
    "home": ("GET", ANYONE),
    "healthz": ("GET", ANYONE),
    # bench_floor is routed only when BENCH is on: fireside/demo/tests/test_floor.py.
    # A machine route: a mail service posts raw email with the inbound secret, which no
    # persona has (403 for all; the secret's own tests: fireside/inbound/tests/test_intake.py).
    "inbound:email": ("POST", set()),
    "accounts:signup": ("GET", ANYONE),
    "accounts:login": ("GET", ANYONE),
    # The password's owner, remembered in the session, is the key; without it, "start again".
    "accounts:login_code": ("GET", ANYONE),
    "accounts:logout": ("POST", ANYONE),
    "accounts:verify": ("GET", ANYONE),
    "accounts:resend_verification": ("POST", SIGNED_IN),
    "accounts:profile": ("GET", SIGNED_IN),
    "accounts:set_language": ("POST", ANYONE),  # the footer's language switcher
    "accounts:export": ("GET", SIGNED_IN),
    "accounts:two_factor": ("GET", SIGNED_IN),
    "accounts:revoke_token": ("GET", {"member"}),  # its owner only: others get 404
    "accounts:change_email": ("GET", SIGNED_IN),
    # Signed links: the token is the key (the guard's is not one of theirs: 400, no page).
    "accounts:confirm_email_change": ("GET", ANYONE),
    "accounts:cancel_email_change": ("GET", ANYONE),
    "accounts:erase": ("GET", SIGNED_IN),
    "accounts:photo": ("GET", SIGNED_IN),
    "accounts:photo_remove": ("POST", SIGNED_IN),
    # Fay's photo: for who shares a group or a pair with her (Mina), and herself; 404 to
    # everyone else, mentors, coordinators and staff included.
    "accounts:photo_image": ("GET", MEMBERS),
    "accounts:password_reset": ("GET", ANYONE),
    "accounts:password_reset_done": ("GET", ANYONE),
    "accounts:password_reset_confirm": ("GET", ANYONE),
    "accounts:password_reset_complete": ("GET", ANYONE),
    "programs:list": ("GET", ANYONE),
    "programs:detail": ("GET", ANYONE),
    "programs:create": ("GET", STAFF),
    "programs:edit": ("GET", STAFF | COORDINATOR),
    "programs:staff": ("GET", STAFF | COORDINATOR),
    "programs:community_create": ("GET", COORDINATOR),
    "communities:directory": ("GET", ANYONE),
    "communities:detail": ("GET", ANYONE),
    "communities:mine": ("GET", SIGNED_IN),  # one's own groups only
    "communities:join": ("GET", SIGNED_IN),
    "communities:leave": ("GET", MEMBERS | {"waitlisted"}),
    "communities:agreement": ("GET", MEMBERS),
    "communities:offer": ("GET", {"waitlisted"}),
    "communities:home": ("GET", MEMBERS),
    "conversations:list": ("GET", MEMBERS),
    "conversations:new": ("GET", MEMBERS),
    "conversations:mark_read": ("POST", MEMBERS),
    # The editor's preview and drafts (editor.js): each member's own draft, never another's.
    "conversations:preview": ("POST", MEMBERS),
    "conversations:thread_draft": ("POST", MEMBERS),
    "conversations:reply_draft": ("POST", MEMBERS),
    "conversations:think": ("GET", FACILITATORS),
    "conversations:recognition": ("GET", MEMBERS),
    "conversations:thread": ("GET", MEMBERS),
    "conversations:answered": ("POST", MEMBERS),
    "conversations:edit": ("GET", {"member"}),  # the author, within the edit window
    "conversations:flag": ("GET", MEMBERS),
    "conversations:hide": ("GET", FACILITATORS),
    "conversations:restore": ("POST", FACILITATORS),
    "conversations:react": ("POST", MEMBERS),
    "conversations:mention_suggestions": ("GET", MEMBERS),
    "conversations:resources": ("GET", MEMBERS),
    "conversations:resource_new": ("GET", MEMBERS),
    # Not shared with the program: the outsider, a member of a sibling group, never downloads.
    "conversations:resource_download": ("GET", MEMBERS),
    # A post's attachments: the members who can see the post, never staff or the program's.
    "conversations:attachment": ("GET", MEMBERS),
    "conversations:attachment_thumb": ("GET", MEMBERS),
    "conversations:resource_share": ("POST", {"member"}),  # its author only
    "conversations:resource_remove": ("POST", {"member"}),  # its author only
    "conversations:glossary": ("GET", MEMBERS),
    "conversations:term_new": ("GET", MEMBERS),
    "conversations:term": ("GET", MEMBERS),
    "conversations:perspective": ("GET", MEMBERS),
    "conversations:research": ("GET", MEMBERS),
    "conversations:research_new": ("GET", MEMBERS),
    "conversations:research_agenda": ("GET", FACILITATORS),  # and organisers
    "search:search": ("GET", SIGNED_IN),
    "notifications:inbox": ("GET", SIGNED_IN),
    "notifications:mark_all_read": ("POST", SIGNED_IN),
    "notifications:open": ("GET", SIGNED_IN),  # someone else's: back to one's own inbox
    "notifications:preferences": ("GET", MEMBERS),
    "notifications:unsubscribe": ("GET", ANYONE),  # the signed token is the key
    "gatherings:calendar": ("GET", SIGNED_IN),
    "gatherings:rotate_feed": ("POST", SIGNED_IN),
    "gatherings:feed": ("GET", ANYONE),  # the secret address is the key
    "gatherings:detail": ("GET", MEMBERS),
    "gatherings:ics": ("GET", MEMBERS),
    # An email's answer link, Mina's: no sign-in by design, the signed token is the key;
    # someone else signed in is refused (403). Its refusals: test_email_answers.py.
    "gatherings:email_answer": ("GET", {"anonymous", "member"}),
    "gatherings:rsvp": ("POST", MEMBERS),
    "gatherings:feedback": ("POST", MEMBERS),
    "gatherings:edit": ("GET", FACILITATORS),
    "gatherings:edit_series": ("GET", FACILITATORS),
    "gatherings:cancel": ("POST", FACILITATORS),
    "gatherings:attendance": ("GET", FACILITATORS),
    "gatherings:notes": ("GET", FACILITATORS),
    # Check-in: the guard's gathering began an hour ago, so check-in is open.
    "gatherings:check_in": ("GET", MEMBERS),
    "gatherings:checkin_code": ("GET", FACILITATORS),
    "gatherings:everyone_present": ("POST", FACILITATORS),
    # Debriefs: never members. Writing (POST) is refused to coordinators: see test_web.py.
    "gatherings:debrief": ("GET", FACILITATORS | {"mentor"} | COORDINATOR),
    "gatherings:community_list": ("GET", MEMBERS | {"mentor"} | COORDINATOR),
    "gatherings:schedule": ("GET", FACILITATORS),
    "gatherings:topics": ("GET", MEMBERS),
    "gatherings:propose_topic": ("POST", MEMBERS),
    "gatherings:vote": ("POST", MEMBERS),
    "gatherings:mentor_debriefs": ("GET", {"mentor"} | COORDINATOR),
    # The debrief conversation: the people who write debriefs (never members or coordinators).
    "gatherings:debrief_call": ("GET", FACILITATORS | {"mentor"}),
    "gatherings:cancel_debrief_call": ("POST", FACILITATORS | {"mentor"}),
    # Changing a series' rhythm: the group's planners only.
    "gatherings:rhythm": ("GET", FACILITATORS),
    # Guests of one gathering: who plans it (facilitators, organisers) invites and withdraws;
    # the guest's own page and calendar file need no sign-in, the signed link is the key
    # (forged, expired and withdrawn links: fireside/gatherings/tests/test_guests.py).
    "gatherings:guests": ("GET", FACILITATORS),
    "gatherings:resend_guest": ("POST", FACILITATORS),
    "gatherings:withdraw_guest": ("GET", FACILITATORS),
    "gatherings:guest_attendance": ("POST", FACILITATORS),
    "gatherings:guest_page": ("GET", ANYONE),
    "gatherings:guest_ics": ("GET", ANYONE),
    # Date polls: the group's members answer and see who said what; its planners decide.
    # Never coordinators, mentors or staff (not even the results).
    "gatherings:polls": ("GET", MEMBERS),
    "gatherings:new_poll": ("GET", FACILITATORS),
    "gatherings:poll": ("GET", MEMBERS),
    "gatherings:poll_answer": ("POST", MEMBERS),
    "gatherings:poll_decide": ("POST", FACILITATORS),
    # Which mentor supports which group: the program's coordinators, and operators.
    "programs:mentors": ("GET", STAFF | COORDINATOR),
    "programs:unassign_mentor": ("POST", STAFF | COORDINATOR),
    "communities:members": ("GET", MEMBERS | COORDINATOR),
    "communities:add_member": ("POST", COORDINATOR),
    "communities:assign_role": ("POST", FACILITATORS | COORDINATOR),
    "communities:remove_role": ("POST", FACILITATORS | COORDINATOR),
    "communities:remove_member": ("POST", COORDINATOR),
    "communities:volunteer_role": ("POST", MEMBERS),
    "communities:confirm_role": ("POST", FACILITATORS | COORDINATOR),
    "communities:decline_role": ("POST", FACILITATORS | COORDINATOR),
    "communities:offer_seat": ("POST", COORDINATOR),
    "communities:edit": ("GET", COORDINATOR),
    "communities:cover": ("GET", FACILITATORS | COORDINATOR),
    "communities:cover_remove": ("POST", FACILITATORS | COORDINATOR),
    "communities:cover_image": ("GET", ANYONE),  # public, like the directory card
    "communities:agreement_edit": ("GET", FACILITATORS),
    "programs:waitlists": ("GET", COORDINATOR),
    "programs:rollover": ("GET", COORDINATOR),
    "programs:seat_hold": ("GET", {"member"}),  # the person the seat is kept for only
    # Help at hand: the FAQ (drafts included) and the contact person, kept by the program's
    # coordinators and staff; anyone reads what is published, on the program's page.
    "programs:contact": ("GET", STAFF | COORDINATOR),
    "programs:logo": ("GET", STAFF | COORDINATOR),
    "programs:logo_remove": ("POST", STAFF | COORDINATOR),
    "programs:logo_image": ("GET", STAFF | COORDINATOR),
    "programs:faq_manage": ("GET", STAFF | COORDINATOR),
    "programs:faq_new": ("GET", STAFF | COORDINATOR),
    "programs:faq_edit": ("GET", STAFF | COORDINATOR),
    "programs:faq_move": ("POST", STAFF | COORDINATOR),
    "programs:faq_publish": ("POST", STAFF | COORDINATOR),
    "programs:faq_delete": ("POST", STAFF | COORDINATOR),
    # Proposed groups: anyone signed in proposes and lists their own; Mina's proposal is
    # hers, the coordinators' (who decide) and staff's.
    "programs:propose": ("GET", SIGNED_IN),
    "programs:proposals": ("GET", SIGNED_IN),
    "communities:proposal": ("GET", {"member", "coordinator", "staff"}),
    "communities:proposal_approve": ("GET", COORDINATOR),
    "communities:proposal_decline": ("GET", COORDINATOR),
    "communities:proposal_withdraw": ("POST", {"member"}),
    "communities:proposal_facilitate": ("POST", {"member"}),  # refused unless approved
    # A program's own words: staff and its coordinators; changes of role: its coordinators.
    "programs:words": ("GET", STAFF | COORDINATOR),
    "programs:role_type_add": ("POST", STAFF | COORDINATOR),
    "programs:role_type_change": ("POST", STAFF | COORDINATOR),
    "programs:role_changes": ("GET", COORDINATOR),
    "programs:role_change_decide": ("POST", COORDINATOR),
    "reports:program": ("GET", COORDINATOR),
    "reports:program_csv": ("GET", COORDINATOR),
    "reports:program_pdf": ("GET", COORDINATOR),
    "reports:pdf_status": ("GET", COORDINATOR),
    "reports:community_progress": ("GET", FACILITATORS),
    "reports:program_chart": ("GET", COORDINATOR),
    "reports:community_chart": ("GET", FACILITATORS),
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
    # Surveys: Fay surveys her group. Its members answer; its results are for Fay, its
    # creator. Program surveys and confidence figures are the coordinators'; the confidence
    # check is for the program's participants (Otto, in a sibling group, is one).
    "surveys:community": ("GET", MEMBERS),
    "surveys:community_new": ("GET", FACILITATORS | COORDINATOR),
    "surveys:program": ("GET", COORDINATOR),
    "surveys:program_new": ("GET", COORDINATOR),
    "surveys:answer": ("GET", MEMBERS),
    "surveys:results": ("GET", FACILITATORS),
    "surveys:close": ("POST", FACILITATORS),
    # Duplicating opens the builder with a copy: for the survey's creator. The program's
    # own goals in the confidence check are its coordinators'.
    "surveys:duplicate": ("GET", FACILITATORS),
    # Editing a survey nobody answered yet, and deleting a draft: its creator's (a draft
    # is 404 to everyone else).
    "surveys:edit": ("GET", FACILITATORS),
    "surveys:delete": ("POST", FACILITATORS),
    "surveys:goals": ("GET", COORDINATOR),
    "surveys:confidence": ("GET", MEMBERS | {"outsider"}),
    "surveys:confidence_results": ("GET", COORDINATOR),
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
    "certificates:mine": ("GET", SIGNED_IN),
    "certificates:generate": ("POST", MEMBERS | {"outsider"}),
    "certificates:pdf": ("GET", {"member"}),  # its holder only
    "certificates:verify_form": ("GET", ANYONE),
    "certificates:verify": ("GET", ANYONE),  # the code is the key
    "certificates:manage": ("GET", COORDINATOR),
    "certificates:bulk": ("POST", COORDINATOR),
    "certificates:batch": ("GET", COORDINATOR),
    "certificates:revoke": ("GET", COORDINATOR),
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
    # Common threads: a group's for its facilitators and the program's mentors; the
    # program's for its coordinators.
    "themes:community": ("GET", FACILITATORS | {"mentor"}),
    "themes:program": ("GET", COORDINATOR),
    # The audit log: a program's accountable changes for its coordinators; all for staff.
    "audit:program": ("GET", COORDINATOR),
    "audit:all": ("GET", STAFF),
    # Announcements: for the group's members only; posted by its organiser or facilitators.
    "announcements:list": ("GET", MEMBERS),
    "announcements:new": ("GET", FACILITATORS),
    "announcements:detail": ("GET", MEMBERS),
    "announcements:mark_read": ("POST", MEMBERS),
    # The program library: everyone taking part (the outsider is active in a sibling
    # group), the program's coordinators and mentors, operators; never the waitlisted.
    "library:list": ("GET", LIBRARY_READERS),
    "library:download": ("GET", LIBRARY_READERS),
    "library:new": ("GET", LIBRARY_PUBLISHERS),
    # The guarded entry is the mentor's: she, the coordinators and operators change it.
    "library:edit": ("GET", LIBRARY_PUBLISHERS),
    "library:remove": ("GET", LIBRARY_PUBLISHERS),
    # A gathering's call for topics: its members suggest; its facilitators open it and add
    # what it gathered to the agenda.
    "gatherings:topic_call": ("GET", MEMBERS),
    "gatherings:open_topic_call": ("GET", FACILITATORS),
    "gatherings:suggest_topic": ("POST", MEMBERS),
    "gatherings:add_call_topic": ("POST", FACILITATORS),
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
    # Enrolling from a spreadsheet: the program's coordinators only, staff included out.
    "enrolment:upload": ("GET", COORDINATOR),
    "enrolment:sample": ("GET", COORDINATOR),
    "enrolment:detail": ("GET", COORDINATOR),
    "enrolment:confirm": ("POST", COORDINATOR),
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

Body = Callable[[World], dict[str, Any]]
PathArgs = Callable[[World], dict[str, Any]]


def _no_body(w: World) -> dict[str, Any]:
    return {}


def guard_topic_call_body(w: World) -> dict[str, Any]:
    """A gathering next week, with no call yet: one for each request."""
    coming = GatheringFactory(
        community=w.community, starts_at=timezone.now() + dt.timedelta(days=7)
    )
    return {
        "gathering": coming.pk,
        "closes_at": (coming.starts_at - dt.timedelta(days=1)).isoformat(),
    }


def _program(w: World) -> dict[str, Any]:
    return {
        "name": "Guard program",
        "starts_on": "2026-09-01",
        "ends_on": "2027-06-30",
        "timezone": "America/Toronto",
        "eligible_role_types": ["ece"],
    }


def _community(w: World) -> dict[str, Any]:
    return {
        "name": "Guard circle",
        "purpose": "p",
        "audience": "ece",
        "region": "North",
        "mode": "online",
        "capacity": 8,
        "agreement": "Kindness first.",
    }


# (method, openapi path) -> (who may use it, request body)
API: dict[tuple[str, str], tuple[set[str], Body]] = {
    ("POST", "/api/v1/auth/register"): (
        ANYONE,
        lambda w: {
            "email": "new-guard@example.org",
            "password": "a long enough phrase",
            "name": "New",
            "role_type": "ece",
        },
    ),
    ("POST", "/api/v1/auth/token"): (
        ANYONE,
        lambda w: {"email": "member@example.org", "password": "correct horse battery"},
    ),
    ("GET", "/api/v1/me"): (SIGNED_IN, _no_body),
    ("PATCH", "/api/v1/me"): (SIGNED_IN, lambda w: {"region": "North"}),
    ("DELETE", "/api/v1/me"): (SIGNED_IN, _no_body),
    ("GET", "/api/v1/me/export"): (SIGNED_IN, _no_body),
    ("GET", "/api/v1/me/tokens"): (SIGNED_IN, _no_body),
    ("DELETE", "/api/v1/me/tokens/{token_id}"): ({"member"}, _no_body),  # its owner only
    ("POST", "/api/v1/me/email"): (
        SIGNED_IN,
        lambda w: {"email": "moving-on@example.org", "password": "correct horse battery"},
    ),
    ("POST", "/api/v1/programs"): (STAFF, _program),
    ("POST", "/api/v1/programs/{program_id}/rollover"): (COORDINATOR, lambda w: {"dry_run": True}),
    ("GET", "/api/v1/seat-holds"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/seat-holds/{hold_id}"): ({"member"}, lambda w: {"keep": False}),
    ("GET", "/api/v1/programs"): (ANYONE, _no_body),
    ("GET", "/api/v1/programs/{program_id}"): (ANYONE, _no_body),
    ("POST", "/api/v1/programs/{program_id}/coordinators"): (
        STAFF | COORDINATOR,
        lambda w: {"user_id": w.outsider.pk},
    ),
    ("POST", "/api/v1/programs/{program_id}/mentors"): (
        COORDINATOR,
        lambda w: {"user_id": w.outsider.pk},
    ),
    ("POST", "/api/v1/programs/{program_id}/communities"): (COORDINATOR, _community),
    # A program's own words: read by anyone, changed by staff and its coordinators.
    ("GET", "/api/v1/programs/{program_id}/role-types"): (ANYONE, _no_body),
    ("POST", "/api/v1/programs/{program_id}/role-types"): (
        STAFF | COORDINATOR,
        lambda w: {"code": "teacher", "name": "Teacher", "name_fr": "Enseignant·e"},
    ),
    ("PATCH", "/api/v1/programs/{program_id}/role-types/{role_code}"): (
        STAFF | COORDINATOR,
        lambda w: guard_role_type(w) or {"name": "Guard role, renamed"},
    ),
    ("DELETE", "/api/v1/programs/{program_id}/role-types/{role_code}"): (
        STAFF | COORDINATOR,
        guard_role_type,
    ),
    ("GET", "/api/v1/programs/{program_id}/words"): (ANYONE, _no_body),
    ("PATCH", "/api/v1/programs/{program_id}/words"): (
        STAFF | COORDINATOR,
        lambda w: {"group_word": "professional circle"},
    ),
    ("GET", "/api/v1/programs/{program_id}/report"): (COORDINATOR, _no_body),
    ("GET", "/api/v1/programs/{program_id}/faq"): (ANYONE, _no_body),
    ("POST", "/api/v1/programs/{program_id}/proposals"): (SIGNED_IN, guard_proposal_body),
    ("GET", "/api/v1/programs/{program_id}/proposals"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/proposals/{proposal_id}/approve"): (COORDINATOR, lambda w: {"capacity": 8}),
    ("POST", "/api/v1/proposals/{proposal_id}/decline"): (
        COORDINATOR,
        lambda w: {"note": "A group like it meets nearby."},
    ),
    ("POST", "/api/v1/proposals/{proposal_id}/withdraw"): ({"member"}, _no_body),
    ("GET", "/api/v1/programs/{program_id}/report.csv"): (COORDINATOR, _no_body),
    ("GET", "/api/v1/communities"): (ANYONE, _no_body),
    ("GET", "/api/v1/communities/{community_id}"): (ANYONE, _no_body),
    # Already in the group or on its waitlist: 409, checked below.
    ("POST", "/api/v1/communities/{community_id}/join"): (
        SIGNED_IN - MEMBERS - {"waitlisted"},
        lambda w: {"agree_to_agreement": True},
    ),
    ("POST", "/api/v1/communities/{community_id}/leave"): (MEMBERS | {"waitlisted"}, _no_body),
    ("GET", "/api/v1/communities/{community_id}/members"): (MEMBERS | COORDINATOR, _no_body),
    ("POST", "/api/v1/communities/{community_id}/gatherings"): (
        FACILITATORS,
        lambda w: {
            "title": "Guarded",
            "starts_at": "2027-01-06T19:00:00",
            "duration_minutes": 60,
            "location": "Library",
        },
    ),
    ("GET", "/api/v1/communities/{community_id}/gatherings"): (
        MEMBERS | COORDINATOR | {"mentor"},
        _no_body,
    ),
    ("GET", "/api/v1/communities/{community_id}/calendar.ics"): (MEMBERS, _no_body),
    ("GET", "/api/v1/gatherings/{gathering_id}"): (MEMBERS, _no_body),
    ("GET", "/api/v1/gatherings/{gathering_id}/calendar.ics"): (MEMBERS, _no_body),
    ("PATCH", "/api/v1/gatherings/{gathering_id}"): (FACILITATORS, lambda w: {"notes": "n"}),
    ("POST", "/api/v1/gatherings/{gathering_id}/rsvp"): (MEMBERS, lambda w: {"response": "yes"}),
    ("PUT", "/api/v1/gatherings/{gathering_id}/attendance"): (
        FACILITATORS,
        lambda w: [{"user_id": w.member.pk, "present": True}],  # type: ignore[dict-item]
    ),
    ("GET", "/api/v1/gatherings/{gathering_id}/check-in"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/check-in"): (
        MEMBERS,
        lambda w: {"code": checkin.code_for(w.gathering)},
    ),
    ("POST", "/api/v1/gatherings/{gathering_id}/attendance/everyone"): (FACILITATORS, _no_body),
    # Debriefs: the group's facilitators and the program's mentors; never members.
    ("POST", "/api/v1/gatherings/{gathering_id}/debrief"): (
        FACILITATORS | {"mentor"},
        lambda w: {"logistics": "Warm room", "common_threads": "Naps"},
    ),
    # Date polls: members only; the group's planners open and decide them.
    ("GET", "/api/v1/communities/{community_id}/polls"): (MEMBERS, _no_body),
    ("POST", "/api/v1/communities/{community_id}/polls"): (
        FACILITATORS,
        lambda w: {
            "title": "Guarded poll",
            "closes_on": guard_poll(w).closes_on.isoformat(),
            "location": "Library",
            "options": [
                {"starts_at": o.starts_at.isoformat(), "duration_minutes": 60}
                for o in guard_poll(w).options.all()
            ],
        },
    ),
    ("GET", "/api/v1/polls/{poll_id}"): (MEMBERS, _no_body),
    ("POST", "/api/v1/polls/{poll_id}/answers"): (
        MEMBERS,
        lambda w: {"answers": [{"option_id": guard_poll_option(w), "answer": "yes"}]},
    ),
    ("POST", "/api/v1/polls/{poll_id}/decide"): (
        FACILITATORS,
        lambda w: {"option_id": guard_poll_option(w)},
    ),
    ("POST", "/api/v1/communities/{community_id}/threads"): (
        MEMBERS,
        lambda w: {"title": "Hello", "body": "A *first* post", "kind": "idea"},
    ),
    ("GET", "/api/v1/communities/{community_id}/threads"): (MEMBERS, _no_body),
    ("GET", "/api/v1/threads/{thread_id}"): (MEMBERS, _no_body),
    ("POST", "/api/v1/threads/{thread_id}/replies"): (MEMBERS, lambda w: {"body": "Thanks!"}),
    # Drafts are each member's own: a member reads and writes only hers.
    ("GET", "/api/v1/communities/{community_id}/draft"): (MEMBERS, _no_body),
    ("PUT", "/api/v1/communities/{community_id}/draft"): (MEMBERS, lambda w: {"body": "Soon"}),
    ("DELETE", "/api/v1/communities/{community_id}/draft"): (MEMBERS, _no_body),
    ("GET", "/api/v1/threads/{thread_id}/draft"): (MEMBERS, _no_body),
    ("PUT", "/api/v1/threads/{thread_id}/draft"): (MEMBERS, lambda w: {"body": "Soon"}),
    ("DELETE", "/api/v1/threads/{thread_id}/draft"): (MEMBERS, _no_body),
    ("POST", "/api/v1/communities/{community_id}/preview"): (MEMBERS, lambda w: {"body": "*Hi*"}),
    ("GET", "/api/v1/threads/{thread_id}/reactions"): (MEMBERS, _no_body),
    ("POST", "/api/v1/threads/{thread_id}/reactions"): (MEMBERS, lambda w: {"kind": "me_too"}),
    ("GET", "/api/v1/replies/{reply_id}/reactions"): (MEMBERS, _no_body),
    ("POST", "/api/v1/replies/{reply_id}/reactions"): (MEMBERS, lambda w: {"kind": "thank_you"}),
    ("GET", "/api/v1/communities/{community_id}/mention-suggestions"): (MEMBERS, _no_body),
    ("GET", "/api/v1/communities/{community_id}/unread"): (MEMBERS, _no_body),
    ("POST", "/api/v1/communities/{community_id}/read"): (MEMBERS, _no_body),
    ("POST", "/api/v1/threads/{thread_id}/read"): (MEMBERS, _no_body),
    ("GET", "/api/v1/communities/{community_id}/think"): (MEMBERS, _no_body),
    ("PUT", "/api/v1/communities/{community_id}/think"): (
        FACILITATORS,
        lambda w: {"think": "everywhere"},
    ),
    ("POST", "/api/v1/communities/{community_id}/resources"): (
        MEMBERS,
        lambda w: {"title": "A link", "url": "https://example.org/", "provenance": "found"},
    ),
    ("GET", "/api/v1/communities/{community_id}/resources"): (MEMBERS, _no_body),
    ("GET", "/api/v1/resources/{resource_id}/download"): (MEMBERS, _no_body),
    ("GET", "/api/v1/attachments/{attachment_id}"): (MEMBERS, _no_body),
    ("GET", "/api/v1/search"): (SIGNED_IN, _no_body),
    ("GET", "/api/v1/me/calendar"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/me/calendar/rotate"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/communities/{community_id}/members"): (
        COORDINATOR,
        lambda w: {"user_id": w.staff.pk},
    ),
    ("POST", "/api/v1/communities/{community_id}/roles"): (
        FACILITATORS | COORDINATOR,
        lambda w: {"user_id": w.member.pk, "role": "organiser"},
    ),
    ("DELETE", "/api/v1/communities/{community_id}/roles/{user_id}/{role}"): (
        FACILITATORS | COORDINATOR,
        _no_body,
    ),
    ("POST", "/api/v1/communities/{community_id}/pairings"): (FACILITATORS, guard_pair_body),
    ("GET", "/api/v1/communities/{community_id}/pairings"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/communities/{community_id}/pairings/suggest"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/end"): (FACILITATORS, _no_body),
    ("GET", "/api/v1/me/pairings"): (SIGNED_IN, _no_body),
    # Members choosing partners: participants of the program; a request's recipient (Fay)
    # answers it, its sender (Mina) withdraws it; nobody else learns it exists.
    ("GET", "/api/v1/programs/{program_id}/partner-suggestions"): (
        MEMBERS | {"outsider"},
        _no_body,
    ),
    ("POST", "/api/v1/programs/{program_id}/partner-requests"): (
        MEMBERS | {"outsider"},
        guard_partner_request_body,
    ),
    ("GET", "/api/v1/me/partner-requests"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/partner-requests/{partner_request_id}/accept"): (
        FACILITATORS,
        guard_free_body,
    ),
    ("POST", "/api/v1/partner-requests/{partner_request_id}/decline"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/partner-requests/{partner_request_id}/withdraw"): ({"member"}, _no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/connections"): (MEMBERS, guard_connection_body),
    ("DELETE", "/api/v1/connections/{connection_id}"): ({"member"}, _no_body),
    # The pair's message thread: Mina and Fay alone; Mina deletes her own message.
    ("GET", "/api/v1/pairings/{pairing_id}/messages"): (MEMBERS, _no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/messages"): (MEMBERS, guard_message_body),
    ("POST", "/api/v1/pairings/{pairing_id}/messages/read"): (
        MEMBERS,
        lambda w: {"up_to": None},
    ),
    ("DELETE", "/api/v1/pair-messages/{message_id}"): ({"member"}, _no_body),
    # Each person's own draft of their next message, and the preview: the pair alone.
    ("GET", "/api/v1/pairings/{pairing_id}/messages/draft"): (MEMBERS, _no_body),
    ("PUT", "/api/v1/pairings/{pairing_id}/messages/draft"): (MEMBERS, guard_message_body),
    ("DELETE", "/api/v1/pairings/{pairing_id}/messages/draft"): (MEMBERS, _no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/messages/preview"): (MEMBERS, guard_message_body),
    # The pair's space, for Mina and Fay (partners) only.
    ("GET", "/api/v1/pairings/{pairing_id}/catch-up"): (MEMBERS, _no_body),
    ("PUT", "/api/v1/pairings/{pairing_id}/catch-up"): (MEMBERS, guard_catch_up_body),
    ("DELETE", "/api/v1/pairings/{pairing_id}/catch-up"): (MEMBERS, _no_body),
    ("GET", "/api/v1/pairings/{pairing_id}/catch-up.ics"): (MEMBERS, _no_body),
    ("GET", "/api/v1/pairings/{pairing_id}/goals"): (MEMBERS, _no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/goals"): (MEMBERS, guard_goal_body),
    ("PATCH", "/api/v1/pairings/{pairing_id}/goals/{goal_id}"): (MEMBERS, guard_goal_patch),
    ("DELETE", "/api/v1/pairings/{pairing_id}/goals/{goal_id}"): (MEMBERS, _no_body),
    # Fay reviews Mina's connection; Mina, who logged it, gets 403.
    ("POST", "/api/v1/connections/{connection_id}/confirm"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/connections/{connection_id}/dispute"): (FACILITATORS, guard_dispute_body),
    ("POST", "/api/v1/connections/{disputed_id}/settle"): (FACILITATORS, guard_settle_body),
    ("GET", "/api/v1/communities/{community_id}/disputed-connections"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/programs/{program_id}/reflections"): (
        MEMBERS | {"outsider"},
        guard_reflection_body,
    ),
    ("PUT", "/api/v1/reflections/{reflection_id}"): ({"member"}, lambda w: {"body": "Again"}),
    ("GET", "/api/v1/me/reflections"): (SIGNED_IN, _no_body),
    ("GET", "/api/v1/programs/{program_id}/reflections"): (COORDINATOR, _no_body),
    # Its participants (Otto, in a sibling group, is one) and its coordinators.
    ("GET", "/api/v1/programs/{program_id}/reflection-prompts"): (
        MEMBERS | {"outsider"} | COORDINATOR,
        _no_body,
    ),
    ("GET", "/api/v1/programs/{program_id}/matching-questions"): (
        MEMBERS | {"outsider"} | COORDINATOR,
        _no_body,
    ),
    ("GET", "/api/v1/programs/{program_id}/matching-answers"): (MEMBERS | {"outsider"}, _no_body),
    ("PUT", "/api/v1/programs/{program_id}/matching-answers"): (
        MEMBERS | {"outsider"},
        lambda w: {"answers": []},
    ),
    ("POST", "/api/v1/programs/{program_id}/surveys"): (COORDINATOR, guard_survey_body),
    ("GET", "/api/v1/surveys/{survey_id}"): (MEMBERS, _no_body),
    ("POST", "/api/v1/surveys/{survey_id}/responses"): (MEMBERS, guard_response_body),
    ("GET", "/api/v1/surveys/{survey_id}/results"): (FACILITATORS, _no_body),
    ("GET", "/api/v1/surveys/{survey_id}/copy"): (FACILITATORS, _no_body),
    # Changing and duplicating a survey: its creator's, like its results.
    ("PATCH", "/api/v1/surveys/{survey_id}"): (FACILITATORS, lambda w: {"title": "Renamed"}),
    ("POST", "/api/v1/surveys/{survey_id}/duplicate"): (
        FACILITATORS,
        lambda w: {"title": "Once more"},
    ),
    # Publishing and deleting a draft: its creator's (the guard's survey is made a draft).
    ("POST", "/api/v1/surveys/{survey_id}/publish"): (FACILITATORS, guard_make_draft),
    ("DELETE", "/api/v1/surveys/{survey_id}"): (FACILITATORS, guard_make_draft),
    # The program's own goals in the confidence check: its coordinators'.
    ("GET", "/api/v1/programs/{program_id}/goals"): (COORDINATOR, _no_body),
    ("POST", "/api/v1/programs/{program_id}/goals"): (COORDINATOR, guard_program_goal_body),
    ("PATCH", "/api/v1/programs/{program_id}/goals/{program_goal_id}"): (
        COORDINATOR,
        lambda w: {"text_en": "Play is how children learn."},
    ),
    ("DELETE", "/api/v1/programs/{program_id}/goals/{program_goal_id}"): (COORDINATOR, _no_body),
    # The bank: for people who may build a survey in the program (Fay for her group).
    ("GET", "/api/v1/programs/{program_id}/question-bank"): (FACILITATORS | COORDINATOR, _no_body),
    ("GET", "/api/v1/me/surveys"): (SIGNED_IN, _no_body),
    ("GET", "/api/v1/programs/{program_id}/confidence"): (MEMBERS | {"outsider"}, _no_body),
    ("POST", "/api/v1/programs/{program_id}/confidence"): (
        MEMBERS | {"outsider"},
        guard_confidence_body,
    ),
    ("GET", "/api/v1/programs/{program_id}/confidence/results"): (COORDINATOR, _no_body),
    ("GET", "/api/v1/me/hours"): (SIGNED_IN, _no_body),
    ("GET", "/api/v1/me/time-entries"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/communities/{community_id}/online-time"): (MEMBERS, guard_online_body),
    ("GET", "/api/v1/communities/{community_id}/online-time"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/preparation"): (
        FACILITATORS,
        guard_preparation_body,
    ),
    ("DELETE", "/api/v1/time-entries/{time_entry_id}"): ({"member"}, _no_body),
    ("POST", "/api/v1/programs/{program_id}/certificates"): (MEMBERS | {"outsider"}, _no_body),
    ("GET", "/api/v1/certificates/{code}"): (ANYONE, _no_body),
    ("POST", "/api/v1/programs/{program_id}/imports"): (COORDINATOR, guard_import_body),
    ("GET", "/api/v1/imports/{import_id}"): (COORDINATOR, _no_body),
    ("GET", "/api/v1/certificates/{code}/pdf"): ({"member"}, _no_body),
    ("POST", "/api/v1/certificates/{code}/revoke"): (
        COORDINATOR,
        lambda w: {"reason": "Issued for the wrong program."},
    ),
    ("GET", "/api/v1/communities/{community_id}/themes"): (FACILITATORS | {"mentor"}, _no_body),
    ("GET", "/api/v1/programs/{program_id}/mentor-assignments"): (STAFF | COORDINATOR, _no_body),
    # Another of the program's mentors: the world's mentor is assigned already (routes.py).
    ("POST", "/api/v1/communities/{community_id}/mentors"): (
        STAFF | COORDINATOR,
        lambda w: {"user_id": make_program_staff(w.program, "mentor").pk},
    ),
    ("DELETE", "/api/v1/communities/{community_id}/mentors/{mentor_id}"): (
        STAFF | COORDINATOR,
        _no_body,
    ),
    ("GET", "/api/v1/gatherings/{gathering_id}/debrief-call"): (
        FACILITATORS | {"mentor"},
        _no_body,
    ),
    ("PUT", "/api/v1/gatherings/{gathering_id}/debrief-call"): (
        FACILITATORS | {"mentor"},
        lambda w: {
            "starts_at": (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0).isoformat(),
            "online_url": "https://meet.example.org/debrief",
        },
    ),
    ("DELETE", "/api/v1/gatherings/{gathering_id}/debrief-call"): (
        FACILITATORS | {"mentor"},
        _no_body,
    ),
    ("GET", "/api/v1/programs/{program_id}/themes"): (COORDINATOR, _no_body),
    ("POST", "/api/v1/series/{series_id}/rhythm"): (FACILITATORS, guard_rhythm_body),
    # Guests of one gathering: who plans it (facilitators, organisers).
    ("GET", "/api/v1/gatherings/{gathering_id}/guests"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/guests"): (
        FACILITATORS,
        lambda w: {"name": "Grace Guest", "email": "grace-guest@example.org", "note": "Elder"},
    ),
    ("DELETE", "/api/v1/gatherings/{gathering_id}/guests/{guest_id}"): (FACILITATORS, _no_body),
    # Talking to the whole group: members read; the organiser and facilitators post.
    ("GET", "/api/v1/communities/{community_id}/announcements"): (MEMBERS, _no_body),
    ("POST", "/api/v1/communities/{community_id}/announcements"): (
        FACILITATORS,
        guard_announcement_body,
    ),
    ("POST", "/api/v1/announcements/{announcement_id}/read"): (MEMBERS, _no_body),
    ("GET", "/api/v1/programs/{program_id}/library"): (LIBRARY_READERS, _no_body),
    ("POST", "/api/v1/programs/{program_id}/library"): (LIBRARY_PUBLISHERS, guard_link_body),
    ("GET", "/api/v1/library/{library_item_id}/download"): (LIBRARY_READERS, _no_body),
    ("PATCH", "/api/v1/library/{library_item_id}"): (LIBRARY_PUBLISHERS, guard_patch_body),
    ("DELETE", "/api/v1/library/{library_item_id}"): (LIBRARY_PUBLISHERS, _no_body),
    ("POST", "/api/v1/communities/{community_id}/topic-calls"): (
        FACILITATORS,
        guard_topic_call_body,
    ),
    ("GET", "/api/v1/topic-calls/{topic_call_id}"): (MEMBERS, _no_body),
    ("POST", "/api/v1/topic-calls/{topic_call_id}/topics"): (
        MEMBERS,
        lambda w: {"title": "Mud kitchens"},
    ),
    # Invitations: each sees those they may (all for coordinators, the group's for its
    # facilitators, their own for others); members invite to their group, coordinators
    # anywhere in the program.
    ("GET", "/api/v1/programs/{program_id}/invitations"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/programs/{program_id}/invitations"): (
        MEMBERS | COORDINATOR,
        lambda w: {"emails": "guard-colleague@example.org", "community": w.community.pk},
    ),
    # A gathering's reflection practices: its members. Mina presents the guarded session, so
    # the group's other member (Fay) gives its feedback; Mina is told no (403).
    ("GET", "/api/v1/more-or-less/{round_id}/cards"): (MEMBERS, _no_body),
    ("POST", "/api/v1/more-or-less/{round_id}/cards"): (MEMBERS, guard_card_body),
    ("GET", "/api/v1/practices/{practice_id}/feedback"): (MEMBERS, _no_body),
    ("POST", "/api/v1/practices/{practice_id}/feedback"): (FACILITATORS, guard_feedback_body),
    # Fay opens and closes rounds; Mina's card and Fay's feedback are theirs alone to change;
    # Mina (presenting) and Fay (facilitating) hide feedback on the session.
    ("GET", "/api/v1/gatherings/{gathering_id}/more-or-less"): (MEMBERS, _no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/more-or-less"): (
        FACILITATORS,
        lambda w: {"topic": "Outdoor play"},
    ),
    ("POST", "/api/v1/more-or-less/{round_id}/close"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/more-or-less/{round_id}/agenda"): (FACILITATORS, guard_to_agenda_body),
    ("PUT", "/api/v1/more-or-less/cards/{card_id}"): ({"member"}, guard_card_body),
    ("DELETE", "/api/v1/more-or-less/cards/{card_id}"): ({"member"}, _no_body),
    ("GET", "/api/v1/gatherings/{gathering_id}/practices"): (MEMBERS, _no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/practices"): (MEMBERS, guard_practice_body),
    ("PUT", "/api/v1/practice-feedback/{feedback_id}"): ({"facilitator"}, guard_feedback_body),
    ("DELETE", "/api/v1/practice-feedback/{feedback_id}"): ({"facilitator"}, _no_body),
    ("POST", "/api/v1/practice-feedback/{feedback_id}/hide"): (MEMBERS, lambda w: {"hide": True}),
    ("POST", "/api/v1/invitations/{invitation_id}/resend"): (FACILITATORS | COORDINATOR, _no_body),
    ("POST", "/api/v1/invitations/{invitation_id}/withdraw"): (
        FACILITATORS | COORDINATOR,
        _no_body,
    ),
}


# Routes where some personas are refused for who they are, not for what they may see.
CONFLICTS: dict[tuple[str, str], dict[str, tuple[int, ...]]] = {
    ("POST", "/api/v1/communities/{community_id}/join"): dict.fromkeys(
        MEMBERS | {"waitlisted"}, (409,)
    ),
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """The guarded resource's file goes to a temporary folder, not the real media."""
    settings.MEDIA_ROOT = tmp_path


# Path values, URL discovery: fireside/lib/tests/routes.py, shared with the leak test.


def read_every_get(
    client: Any, world: World, values: dict[str, Any], persona: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Sign in as the persona and read every GET page and API route of the tables above.
    Returns {url: body text} and the API headers used, for apps' own privacy crawls."""
    from fireside.lib.tests.leaks import read

    user = world.persona(persona)
    client.logout()
    if user is not None:
        client.force_login(user)
    seen: dict[str, str] = {}
    for name, (method, _allowed) in WEB.items():
        if method == "GET":
            url = reverse(name, kwargs={arg: values[arg] for arg in _web_names()[name]})
            seen[url] = read(client.get(url))[0]
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    for method, path in API:
        if method == "GET":
            url = path.format(**values)
            seen[url] = read(client.get(url, headers=headers))[0]
    return seen, headers


def test_it_has_a_rule_for_every_web_url() -> None:
    assert set(_web_names()) == set(WEB)


def test_it_has_a_rule_for_every_api_route() -> None:
    assert _api_routes() == set(API)


def _refused(response: Any, persona: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return persona == "anonymous" and location.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(WEB))
def test_it_guards_web_url(client: Any, world: World, name: str, persona: str) -> None:
    method, allowed = WEB[name]
    values = _path_values(world)
    if name == "accounts:password_reset_confirm":
        values["token"] = "set-password"
    kwargs = {arg: values[arg] for arg in _web_names()[name]}
    url = reverse(name, kwargs=kwargs)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "GET" else client.post(url, {})
    assert response.status_code != 500
    if persona in allowed:
        assert not _refused(response, persona), (name, persona, response.status_code)
    else:
        assert _refused(response, persona), (name, persona, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(API), ids=lambda r: f"{r[0]} {r[1]}")
def test_it_guards_api_route(
    client: Any, world: World, route: tuple[str, str], persona: str
) -> None:
    method, path = route
    allowed, body = API[route]
    url = path.format(**_path_values(world))
    user = world.persona(persona)
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    response = client.generic(
        method, url, data=_json(body(world)), content_type="application/json", headers=headers
    )
    assert response.status_code != 500
    if persona in allowed:
        assert 200 <= response.status_code < 300, (route, persona, response.content)
    elif persona == "anonymous":
        assert response.status_code == 401, (route, persona, response.content)
    else:
        refusals = CONFLICTS.get(route, {}).get(persona, (403, 404))
        assert response.status_code in refusals, (route, persona, response.content)
    if response.status_code >= 400:
        assert isinstance(response.json()["detail"], str)


def _json(data: Any) -> str:
    import json

    return json.dumps(data) if data else ""


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_keeps_the_admin_for_staff(client: Any, world: World, persona: str) -> None:
    user = world.persona(persona)
    if user is not None:
        if persona == "staff":
            user.is_superuser = True
            user.save()
        client.force_login(user)
    response = client.get("/admin/")
    if persona == "staff":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
