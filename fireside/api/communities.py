from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import StrictBool

from fireside.accounts.models import User
from fireside.api.core import Id, PageQuery, active_user, caller, me, paginate
from fireside.api.programs import UserRef
from fireside.communities import actions, mentors
from fireside.communities.access import get_community_for, resolve_standing
from fireside.communities.models import (
    Community,
    CommunityRole,
    Membership,
    MentorAssignment,
    Mode,
)
from fireside.communities.roles import do_assign_role, do_remove_role
from fireside.invitations.actions import (
    ALREADY_INVITED,
    ALREADY_MEMBER,
    NOT_FOR_GROUP,
    check_invite,
)
from fireside.invitations.models import Invitation
from fireside.lib.errors import Conflict, InvalidInput, Refused, Unprocessable
from fireside.programs.access import get_program_for
from fireside.programs.words import group_word

router = Router(tags=["communities"])


class CommunityIn(Schema):
    name: str
    purpose: str
    audience: str
    region: str
    mode: Mode
    capacity: int
    meeting_place: str = ""
    rhythm: str = ""
    agreement: str


class DirectoryFilters(Schema):
    program: Id | None = None
    region: str | None = None
    mode: Mode | None = None
    audience: str | None = None
    has_space: bool | None = None
    q: str | None = None


class JoinIn(Schema):
    # Strict: only a JSON true counts as accepting the agreement, never "yes" or 1.
    agree_to_agreement: StrictBool = False


class LeaveIn(Schema):
    reason: str = ""


class RoleIn(Schema):
    user_id: int
    role: CommunityRole.Role


def entry(c: Community) -> dict[str, Any]:
    return {
        "id": c.pk,
        "program": c.program_id,
        "name": c.name,
        "purpose": c.purpose,
        "audience": c.audience,
        # Who it is for and what the program calls it, in the program's words and the
        # caller's language (docs/api.md).
        "audience_label": c.audience_label,
        "group_word": group_word(c.program),
        "region": c.region,
        "mode": c.mode,
        "capacity": c.capacity,
        "meeting_place": c.meeting_place,
        "rhythm": c.rhythm,
        "active_members": c.active_members_count(),
        "open_seats": c.open_seats(),
        "waitlist_length": c.waitlist_length(),
    }


@router.post("/programs/{program_id}/communities", response={201: dict})
def create_community(request: HttpRequest, program_id: int, payload: CommunityIn) -> Status:
    program, _ = get_program_for(me(request), program_id, "manage")
    community = actions.check_create_community(actor=me(request), program=program, **payload.dict())
    community = Community.objects.with_counts().get(pk=community.pk)
    agreement = community.current_agreement
    return Status(201, {**entry(community), "agreement": agreement.text if agreement else ""})


@router.get("/communities", auth=None)
def list_communities(
    request: HttpRequest, filters: Query[DirectoryFilters], page: Query[PageQuery]
) -> dict[str, Any]:
    rows = (
        Community.objects.directory(**filters.dict())
        .select_related("program")
        .prefetch_related("program__role_types")
    )
    return paginate(rows, page, entry)


@router.get("/communities/{community_id}", auth=None)
def get_community(request: HttpRequest, community_id: int) -> dict[str, Any]:
    community = get_object_or_404(
        Community.objects.with_counts()
        .select_related("program")
        .prefetch_related("agreements", "program__role_types"),
        pk=community_id,
    )
    agreement = community.current_agreement
    body = {
        **entry(community),
        "agreement": agreement.text if agreement else "",
        "agreement_version": agreement.version if agreement else None,
    }
    user = caller(request)
    if user is not None:
        standing = resolve_standing(user, community)
        body["my_status"] = standing.status
        body["my_roles"] = sorted(standing.roles)
    return body


@router.post("/communities/{community_id}/join", response={201: dict})
def join(request: HttpRequest, community_id: int, payload: JoinIn | None = None) -> Status:
    community = get_object_or_404(Community.objects.select_related("program"), pk=community_id)
    membership, position = actions.check_join(
        user=me(request),
        community=community,
        agree_to_agreement=payload.agree_to_agreement if payload else False,
    )
    return Status(201, {"status": membership.status, "waitlist_position": position})


@router.post("/communities/{community_id}/leave")
def leave(
    request: HttpRequest, community_id: int, payload: LeaveIn | None = None
) -> dict[str, Any]:
    community, _ = get_community_for(me(request), community_id, "live")
    promoted = actions.check_leave(
        user=me(request), community=community, reason=payload.reason if payload else ""
    )
    return {"status": "left", "seats_filled_from_waitlist": len(promoted)}


@router.get("/communities/{community_id}/members")
def list_members(request: HttpRequest, community_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    community, _ = get_community_for(me(request), community_id, "members")
    roles: dict[int, list[str]] = {}
    for user_id, role in (
        CommunityRole.objects.current().filter(community=community).values_list("user_id", "role")
    ):
        roles.setdefault(user_id, []).append(role)
    members = (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__name", "pk")
    )
    return paginate(
        members,
        page,
        lambda m: {
            "user_id": m.user_id,
            "name": m.user.display_name,
            "roles": sorted(roles.get(m.user_id, [])),
            "status": m.status,
            "joined_on": m.joined_on,
        },
    )


@router.post("/communities/{community_id}/roles", response={201: dict})
def assign_role(request: HttpRequest, community_id: int, payload: RoleIn) -> Status:
    community, _ = get_community_for(me(request), community_id, "roles")
    assigned = do_assign_role(
        actor=me(request), community=community, user=active_user(payload.user_id), role=payload.role
    )
    return Status(201, {"user_id": assigned.user_id, "role": assigned.role})


@router.delete("/communities/{community_id}/roles/{user_id}/{role}", response={204: None})
def remove_role(request: HttpRequest, community_id: int, user_id: int, role: str) -> Status:
    community, _ = get_community_for(me(request), community_id, "roles")
    if not do_remove_role(
        actor=me(request), community=community, user=get_object_or_404(User, pk=user_id), role=role
    ):
        raise Http404
    return Status(204, None)


class MemberInviteIn(Schema):
    # `user_id` (the v1 contract) or `email` (an address with or without an account).
    user_id: int | None = None
    email: str | None = None
    note: str = ""
    role: Invitation.Role = Invitation.Role.MEMBER


# How each outcome of an invitation answers here, as this route always has (docs/api.md).
REFUSED = {ALREADY_INVITED: Conflict, ALREADY_MEMBER: Conflict, NOT_FOR_GROUP: Unprocessable}


@router.post("/communities/{community_id}/members", response={201: dict})
def add_member(request: HttpRequest, community_id: int, payload: MemberInviteIn) -> Status:
    """Invite a person by email (fireside.invitations): `status` is "invited", and they
    become a member only by accepting the group's agreement. 403 for oneself; 422 if the
    group is not for them; 409 if already in it or invited, or the group is full."""
    community, _ = get_community_for(me(request), community_id, "manage")
    if payload.user_id is not None:
        person: User | None = active_user(payload.user_id)
        email = person.email if person else ""
    elif payload.email:
        email = payload.email
        person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    else:
        raise InvalidInput(
            gettext("Send user_id or email: whom to invite."),
            {"email": [gettext("This field is required.")]},
        )
    if community.active_members_count() >= community.capacity:
        # Kept from when this route added members at once; POST /programs/{id}/invitations
        # invites to a full group (they wait for a seat).
        raise Conflict(
            gettext("%(name)s is full (%(capacity)s members).")
            % {"name": community.name, "capacity": community.capacity}
        )
    result = check_invite(
        actor=me(request),
        program=community.program,
        community=community,
        emails=email,
        note=payload.note,
        role=payload.role,
    )
    outcome = result.outcomes[0]
    if outcome.status in REFUSED:
        message = outcome.message
        if outcome.status == NOT_FOR_GROUP and person is not None:
            message = gettext("%(name)s cannot join: %(refusal)s") % {
                "name": person.display_name,
                "refusal": outcome.message,
            }
        raise REFUSED[outcome.status](message)
    invitation = outcome.invitation
    if invitation is None:  # every other outcome is refused above
        raise Conflict(outcome.message)
    return Status(
        201,
        {
            "user_id": person.pk if person else None,
            "status": "invited",
            "joined_on": None,
            "invitation_id": invitation.pk,
            "email": invitation.email,
        },
    )


# --- Mentors assigned to groups -----------------------------------------------------------


def _assignment(a: MentorAssignment) -> dict[str, Any]:
    return {
        "community_id": a.community_id,
        "user_id": a.mentor_id,
        "name": a.mentor.display_name,
        "assigned_at": a.assigned_at,
    }


def _assigning(request: HttpRequest, community_id: int) -> Community:
    community = get_object_or_404(Community.objects.select_related("program"), pk=community_id)
    if not mentors.may_assign(me(request), community.program):
        raise Refused(403)
    return community


@router.get("/programs/{program_id}/mentor-assignments")
def list_mentor_assignments(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """Which mentor supports which group: the program's coordinators and operators."""
    program, _standing = get_program_for(me(request), program_id, "name_coordinators")
    items = [
        _assignment(a)
        for a in MentorAssignment.objects.filter(community__program=program)
        .select_related("mentor")
        .order_by("community__name", "community_id", "mentor__name", "pk")
    ]
    return {"count": len(items), "items": items}


@router.post("/communities/{community_id}/mentors", response={201: dict})
def assign_mentor(request: HttpRequest, community_id: int, payload: UserRef) -> Status:
    community = _assigning(request, community_id)
    assignment = mentors.check_assign_mentor(
        actor=me(request), community=community, mentor=active_user(payload.user_id)
    )
    return Status(201, _assignment(assignment))


@router.delete("/communities/{community_id}/mentors/{mentor_id}", response={204: None})
def unassign_mentor(request: HttpRequest, community_id: int, mentor_id: int) -> Status:
    community = _assigning(request, community_id)
    mentor = User.objects.filter(pk=mentor_id).first()
    if mentor is None:
        raise Http404
    mentors.check_unassign_mentor(actor=me(request), community=community, mentor=mentor)
    return Status(204, None)
