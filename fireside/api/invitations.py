"""Invitations by email through the API (see docs/api.md, "Invitations"): a program's list,
inviting one address or many, resending and withdrawing. The same actions as the pages
(fireside/invitations/actions.py)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from fireside.api.core import Id, PageQuery, me, paginate
from fireside.communities.models import Community
from fireside.invitations import actions
from fireside.invitations.access import is_coordinator, may_read_note, visible_invitations
from fireside.invitations.models import Invitation
from fireside.lib.errors import InvalidInput
from fireside.programs.models import Program

router = Router(tags=["invitations"])


class InvitationFilters(Schema):
    state: Invitation.State | None = None
    community: Id | None = None


class InviteIn(Schema):
    # One address or many, as pasted (commas, semicolons, new lines), or a list of them.
    emails: str | list[str]
    community: Id | None = None
    note: str = ""
    role: Invitation.Role = Invitation.Role.MEMBER


def invitation_out(invitation: Invitation, *, note: bool) -> dict[str, Any]:
    inviter = invitation.invited_by
    return {
        "id": invitation.pk,
        "program": invitation.program_id,
        "community": invitation.community_id,
        "email": invitation.email,
        "name": invitation.name,
        "role_type": invitation.role_type,
        "region": invitation.region,
        "role": invitation.role,
        "joined_on": invitation.joined_on,
        "source": invitation.source,
        "state": invitation.state,
        "invited_by": {"user_id": inviter.pk, "name": inviter.display_name} if inviter else None,
        "note": invitation.note if note else None,
        "created_at": invitation.created_at,
        "sent_at": invitation.sent_at,
        "send_count": invitation.send_count,
        "opened_at": invitation.opened_at,
        "accepted_at": invitation.accepted_at,
        "declined_at": invitation.declined_at,
        "withdrawn_at": invitation.withdrawn_at,
        "expires_at": invitation.expires_at,
    }


@router.get("/programs/{program_id}/invitations")
def list_invitations(
    request: HttpRequest, program_id: int, filters: Query[InvitationFilters], page: Query[PageQuery]
) -> dict[str, Any]:
    """All the program's invitations for its coordinators; their group's for facilitators;
    the ones they sent for anyone else (often none)."""
    user = me(request)
    program = get_object_or_404(Program, pk=program_id)
    coordinator = is_coordinator(user, program)
    qs = visible_invitations(user, program).select_related("invited_by")
    if filters.state:
        qs = qs.in_state(filters.state)
    if filters.community:
        qs = qs.filter(community_id=filters.community)
    return paginate(
        qs.order_by("-created_at", "-pk"),
        page,
        lambda i: invitation_out(i, note=may_read_note(user, i, coordinator=coordinator)),
    )


@router.post("/programs/{program_id}/invitations", response={201: dict})
def invite(request: HttpRequest, program_id: int, payload: InviteIn) -> Status:
    """201 with one outcome per address: `invited`, `already_invited`, `already_member` or
    `not_for_group` (with a `detail`). 400 when any address is malformed (nobody invited)."""
    user = me(request)
    program = get_object_or_404(Program, pk=program_id)
    community = None
    if payload.community is not None:
        community = Community.objects.filter(pk=payload.community, program=program).first()
        if community is None:
            raise InvalidInput(
                _("That group is not part of this program."),
                {"community": [_("Not a group of this program.")]},
            )
    emails = payload.emails if isinstance(payload.emails, str) else "\n".join(payload.emails)
    result = actions.check_invite(
        actor=user,
        program=program,
        community=community,
        emails=emails,
        note=payload.note,
        role=payload.role,
    )
    return Status(
        201,
        {
            "outcomes": [
                {
                    "email": o.email,
                    "status": o.status,
                    "detail": o.message,
                    "invitation": invitation_out(o.invitation, note=True) if o.invitation else None,
                }
                for o in result.outcomes
            ]
        },
    )


def _managed(request: HttpRequest, invitation_id: int) -> Invitation:
    invitation = get_object_or_404(
        Invitation.objects.select_related("program", "community"), pk=invitation_id
    )
    if not visible_invitations(me(request), invitation.program).filter(pk=invitation.pk).exists():
        raise Http404
    return invitation


@router.post("/invitations/{invitation_id}/resend")
def resend(request: HttpRequest, invitation_id: int) -> dict[str, Any]:
    """A new link (the old one stops working) and a new expiry; counts toward
    INVITATION_HOURLY_LIMIT. 409 once answered or withdrawn."""
    invitation = _managed(request, invitation_id)
    sent = actions.check_resend(actor=me(request), invitation=invitation)
    return invitation_out(sent, note=True)


@router.post("/invitations/{invitation_id}/withdraw")
def withdraw(request: HttpRequest, invitation_id: int) -> dict[str, Any]:
    """The link stops working at once. 409 once answered or withdrawn."""
    invitation = _managed(request, invitation_id)
    done = actions.check_withdraw(actor=me(request), invitation=invitation)
    return invitation_out(done, note=True)
