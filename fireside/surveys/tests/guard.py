"""The surveys app's rows for the authorization guard
(fireside/lib/tests/test_authorization_guard.py, persona sets in
fireside/lib/tests/guard_rules.py): who may use its URLs and API routes.
The objects their path arguments name: `guard_values` in tests/factories.py."""

from __future__ import annotations

from fireside.lib.tests.guard_rules import (
    COORDINATOR,
    FACILITATORS,
    MEMBERS,
    SIGNED_IN,
    Api,
    Web,
    no_body,
)
from fireside.surveys.tests.factories import (
    guard_confidence_body,
    guard_make_draft,
    guard_response_body,
    guard_survey_body,
)
from fireside.surveys.tests.factories import guard_goal_body as guard_program_goal_body
from fireside.surveys.tests.factories import guard_values as guard_values

WEB: Web = {
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
}

API: Api = {
    ("POST", "/api/v1/programs/{program_id}/surveys"): (COORDINATOR, guard_survey_body),
    ("GET", "/api/v1/surveys/{survey_id}"): (MEMBERS, no_body),
    ("POST", "/api/v1/surveys/{survey_id}/responses"): (MEMBERS, guard_response_body),
    ("GET", "/api/v1/surveys/{survey_id}/results"): (FACILITATORS, no_body),
    ("GET", "/api/v1/surveys/{survey_id}/copy"): (FACILITATORS, no_body),
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
    ("GET", "/api/v1/programs/{program_id}/goals"): (COORDINATOR, no_body),
    ("POST", "/api/v1/programs/{program_id}/goals"): (COORDINATOR, guard_program_goal_body),
    ("PATCH", "/api/v1/programs/{program_id}/goals/{program_goal_id}"): (
        COORDINATOR,
        lambda w: {"text_en": "Play is how children learn."},
    ),
    ("DELETE", "/api/v1/programs/{program_id}/goals/{program_goal_id}"): (COORDINATOR, no_body),
    # The bank: for people who may build a survey in the program (Fay for her group).
    ("GET", "/api/v1/programs/{program_id}/question-bank"): (FACILITATORS | COORDINATOR, no_body),
    ("GET", "/api/v1/me/surveys"): (SIGNED_IN, no_body),
    ("GET", "/api/v1/programs/{program_id}/confidence"): (MEMBERS | {"outsider"}, no_body),
    ("POST", "/api/v1/programs/{program_id}/confidence"): (
        MEMBERS | {"outsider"},
        guard_confidence_body,
    ),
    ("GET", "/api/v1/programs/{program_id}/confidence/results"): (COORDINATOR, no_body),
}
