"""Communities' rows for the authorization guard (fireside/lib/tests/test_authorization_guard.py,
persona sets in fireside/lib/tests/guard_rules.py): its URLs, its API routes, and the
objects their path arguments name."""

from __future__ import annotations

from typing import Any

from conftest import World
from fireside.communities.covers import stored_name as cover_name
from fireside.communities.models import (
    Community,
    CommunityRole,
    Membership,
    MentorAssignment,
    SeatOffer,
)
from fireside.demo.factories import make_program_staff
from fireside.lib.tests.guard_rules import (
    ANYONE,
    COORDINATOR,
    FACILITATORS,
    MEMBERS,
    SIGNED_IN,
    STAFF,
    Api,
    Conflicts,
    Web,
    no_body,
    plant_picture,
)


def guard_values(w: World) -> dict[str, Any]:
    """Walt, waiting, is offered a seat in the sibling group; the group has a cover
    (public) and the world's mentor supports it."""
    role = CommunityRole.objects.get(community=w.community, user=w.facilitator)
    waiting = Membership.objects.get(community=w.community, user=w.waitlisted)
    offer, _ = SeatOffer.objects.get_or_create(
        membership=waiting,
        to_community=w.other_community,
        defaults={"token": "offer-for-walt", "user": w.waitlisted},
    )
    plant_picture(cover_name("guard-cover", 480), 480, 270)
    Community.objects.filter(pk=w.community.pk).update(cover="guard-cover", cover_alt="Pines")
    MentorAssignment.objects.get_or_create(community=w.community, mentor=w.mentor)
    return {
        "offer_token": offer.token,
        "membership_id": waiting.pk,
        "community_id": w.community.pk,
        "role_id": role.pk,
        "user_id": w.facilitator.pk,
        "mentor_id": w.mentor.pk,
        "role": "facilitator",
        "width": 480,
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


WEB: Web = {
    "communities:directory": ("GET", ANYONE),
    "communities:detail": ("GET", ANYONE),
    "communities:mine": ("GET", SIGNED_IN),  # one's own groups only
    "communities:join": ("GET", SIGNED_IN),
    "communities:leave": ("GET", MEMBERS | {"waitlisted"}),
    "communities:agreement": ("GET", MEMBERS),
    "communities:offer": ("GET", {"waitlisted"}),
    "communities:home": ("GET", MEMBERS),
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
    "communities:proposal": ("GET", {"member", "coordinator", "staff"}),
    "communities:proposal_approve": ("GET", COORDINATOR),
    "communities:proposal_decline": ("GET", COORDINATOR),
    "communities:proposal_withdraw": ("POST", {"member"}),
    "communities:proposal_facilitate": ("POST", {"member"}),  # refused unless approved
}

API: Api = {
    ("POST", "/api/v1/programs/{program_id}/communities"): (COORDINATOR, _community),
    ("GET", "/api/v1/communities"): (ANYONE, no_body),
    ("GET", "/api/v1/communities/{community_id}"): (ANYONE, no_body),
    # Already in the group or on its waitlist: 409, checked below.
    ("POST", "/api/v1/communities/{community_id}/join"): (
        SIGNED_IN - MEMBERS - {"waitlisted"},
        lambda w: {"agree_to_agreement": True},
    ),
    ("POST", "/api/v1/communities/{community_id}/leave"): (MEMBERS | {"waitlisted"}, no_body),
    ("GET", "/api/v1/communities/{community_id}/members"): (MEMBERS | COORDINATOR, no_body),
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
        no_body,
    ),
    ("GET", "/api/v1/programs/{program_id}/mentor-assignments"): (STAFF | COORDINATOR, no_body),
    # Another of the program's mentors: the world's mentor is assigned already (above).
    ("POST", "/api/v1/communities/{community_id}/mentors"): (
        STAFF | COORDINATOR,
        lambda w: {"user_id": make_program_staff(w.program, "mentor").pk},
    ),
    ("DELETE", "/api/v1/communities/{community_id}/mentors/{mentor_id}"): (
        STAFF | COORDINATOR,
        no_body,
    ),
}

CONFLICTS: Conflicts = {
    ("POST", "/api/v1/communities/{community_id}/join"): dict.fromkeys(
        MEMBERS | {"waitlisted"}, (409,)
    ),
}
