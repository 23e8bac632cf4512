"""Programs' rows for the authorization guard (fireside/lib/tests/test_authorization_guard.py,
persona sets in fireside/lib/tests/guard_rules.py): its URLs, its API routes, and the
objects their path arguments name."""

from __future__ import annotations

from typing import Any

from conftest import World
from fireside.lib.tests.guard_rules import (
    ANYONE,
    COORDINATOR,
    SIGNED_IN,
    STAFF,
    Api,
    Web,
    no_body,
    plant_picture,
)
from fireside.programs.logos import stored_name as logo_name
from fireside.programs.models import Program, ProgramRoleType
from fireside.programs.tests.factories import (
    guard_proposal_body,
    rollover_guard_values,
)
from fireside.programs.tests.factories import guard_values as help_guard_values

GUARD_ROLE_TYPE = "guard-role"  # a role type of the world's program, in use nowhere


def guard_values(w: World) -> dict[str, Any]:
    """The program has a logo (for its coordinators and staff), a seat kept for Mina, a
    draft question in its FAQ and Mina's proposal of a group."""
    plant_picture(logo_name("guard-logo"), 200, 80)
    Program.objects.filter(pk=w.program.pk).update(logo="guard-logo")
    return {
        "program_id": w.program.pk,
        "role_code": GUARD_ROLE_TYPE,  # made by the guard's bodies where a route needs it
        **rollover_guard_values(w),
        **help_guard_values(w),
    }


def guard_role_type(w: World) -> None:
    """The world's program gets its own role type, used by no group and no eligible list,
    for the routes that rename or remove one. Returns no body."""

    ProgramRoleType.objects.get_or_create(
        program=w.program, code=GUARD_ROLE_TYPE, defaults={"name": "Guard role"}
    )


def _program(w: World) -> dict[str, Any]:
    return {
        "name": "Guard program",
        "starts_on": "2026-09-01",
        "ends_on": "2027-06-30",
        "timezone": "America/Toronto",
        "eligible_role_types": ["ece"],
    }


WEB: Web = {
    "home": ("GET", ANYONE),
    "programs:list": ("GET", ANYONE),
    "programs:detail": ("GET", ANYONE),
    "programs:create": ("GET", STAFF),
    "programs:edit": ("GET", STAFF | COORDINATOR),
    "programs:staff": ("GET", STAFF | COORDINATOR),
    "programs:community_create": ("GET", COORDINATOR),
    # Which mentor supports which group: the program's coordinators, and operators.
    "programs:mentors": ("GET", STAFF | COORDINATOR),
    "programs:unassign_mentor": ("POST", STAFF | COORDINATOR),
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
    # A program's own words: staff and its coordinators; changes of role: its coordinators.
    "programs:words": ("GET", STAFF | COORDINATOR),
    "programs:role_type_add": ("POST", STAFF | COORDINATOR),
    "programs:role_type_change": ("POST", STAFF | COORDINATOR),
    "programs:role_changes": ("GET", COORDINATOR),
    "programs:role_change_decide": ("POST", COORDINATOR),
}

API: Api = {
    ("POST", "/api/v1/programs"): (STAFF, _program),
    ("POST", "/api/v1/programs/{program_id}/rollover"): (COORDINATOR, lambda w: {"dry_run": True}),
    ("GET", "/api/v1/seat-holds"): (SIGNED_IN, no_body),
    ("POST", "/api/v1/seat-holds/{hold_id}"): ({"member"}, lambda w: {"keep": False}),
    ("GET", "/api/v1/programs"): (ANYONE, no_body),
    ("GET", "/api/v1/programs/{program_id}"): (ANYONE, no_body),
    ("POST", "/api/v1/programs/{program_id}/coordinators"): (
        STAFF | COORDINATOR,
        lambda w: {"user_id": w.outsider.pk},
    ),
    ("POST", "/api/v1/programs/{program_id}/mentors"): (
        COORDINATOR,
        lambda w: {"user_id": w.outsider.pk},
    ),
    # A program's own words: read by anyone, changed by staff and its coordinators.
    ("GET", "/api/v1/programs/{program_id}/role-types"): (ANYONE, no_body),
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
    ("GET", "/api/v1/programs/{program_id}/words"): (ANYONE, no_body),
    ("PATCH", "/api/v1/programs/{program_id}/words"): (
        STAFF | COORDINATOR,
        lambda w: {"group_word": "professional circle"},
    ),
    ("GET", "/api/v1/programs/{program_id}/faq"): (ANYONE, no_body),
    ("POST", "/api/v1/programs/{program_id}/proposals"): (SIGNED_IN, guard_proposal_body),
    ("GET", "/api/v1/programs/{program_id}/proposals"): (SIGNED_IN, no_body),
    ("POST", "/api/v1/proposals/{proposal_id}/approve"): (COORDINATOR, lambda w: {"capacity": 8}),
    ("POST", "/api/v1/proposals/{proposal_id}/decline"): (
        COORDINATOR,
        lambda w: {"note": "A group like it meets nearby."},
    ),
    ("POST", "/api/v1/proposals/{proposal_id}/withdraw"): ({"member"}, no_body),
}
