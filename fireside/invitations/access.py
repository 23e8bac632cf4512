"""Who may invite whom, and who sees which invitations."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.invitations.models import Invitation, InvitationQuerySet
from fireside.lib.errors import NotAllowed
from fireside.programs.models import Program, ProgramStaff


def is_coordinator(user: Any, program: Program) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and ProgramStaff.objects.filter(
            program=program, user=user, role=ProgramStaff.Role.COORDINATOR
        ).exists()
    )


def is_active_member(user: Any, community: Community) -> bool:
    return Membership.objects.filter(
        community=community, user=user, status=Membership.Status.ACTIVE
    ).exists()


def facilitates(user: Any, community: Community) -> bool:
    return (
        is_active_member(user, community)
        and CommunityRole.objects.current()
        .filter(community=community, user=user, role__in=FACILITATING)
        .exists()
    )


def may_manage(user: Any, invitation: Invitation) -> bool:
    """Resend or withdraw: the program's coordinators, the group's facilitators, and
    whoever sent it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if invitation.invited_by_id == user.pk or is_coordinator(user, invitation.program):
        return True
    return invitation.community is not None and facilitates(user, invitation.community)


def may_read_note(user: Any, invitation: Invitation, *, coordinator: bool) -> bool:
    """The personal note is for the invited person, whoever wrote it, the program's
    coordinators and staff; never the group's other members."""
    return coordinator or invitation.invited_by_id == getattr(user, "pk", None)


def check_may_invite(actor: User, program: Program, community: Community | None, role: str) -> None:
    if is_coordinator(actor, program):
        return
    if community is None or not is_active_member(actor, community):
        raise NotAllowed(_("Only the program's coordinators and the group's members invite here."))
    if role != Invitation.Role.MEMBER:
        raise NotAllowed(
            _("Only a coordinator invites someone as a facilitator. Invite them as a member.")
        )


def visible_invitations(user: Any, program: Program) -> InvitationQuerySet:
    """The invitations of a program this person may see: all for its coordinators; their
    group's for facilitators; the ones they sent for anyone else."""
    qs = Invitation.objects.filter(program=program)
    if is_coordinator(user, program):
        return qs
    facilitated = CommunityRole.objects.current().filter(
        user=user,
        role__in=FACILITATING,
        community__program=program,
        community__memberships__user=user,
        community__memberships__status=Membership.Status.ACTIVE,
    )
    return qs.filter(Q(invited_by=user) | Q(community_id__in=facilitated.values("community_id")))
