"""Roles: tasks members take on in their group for a while. A member volunteers and a
facilitator or coordinator confirms; a coordinator assigns or removes one."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.actions import _active
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, Unprocessable
from fireside.lib.mail import send_templated


def _check_role(role: str) -> None:
    if role not in CommunityRole.Role.values:
        raise InvalidInput(
            _("role must be one of: %(values)s.") % {"values": ", ".join(CommunityRole.Role.values)}
        )


def _check_active_member(community: Community, user: User) -> None:
    if not _active(community).filter(user=user).exists():
        raise Unprocessable(_("Only active members of the group can take a role in it."))


def do_volunteer_role(*, user: User, community: Community, role: str) -> CommunityRole:
    """A member offers to take a role; a facilitator or coordinator confirms it."""
    _check_role(role)
    _check_active_member(community, user)
    try:
        with transaction.atomic():
            offered = CommunityRole.objects.create(community=community, user=user, role=role)
            record(user, "communities.volunteer_role", community, role=role)
            for person in _role_confirmers(community):
                send_templated(
                    "role_volunteered",
                    {"user": person, "volunteer": user, "community": community, "role": offered},
                    person.email,
                )
    except IntegrityError as exc:
        raise Conflict(_("You already hold or have offered to take that role.")) from exc
    return offered


def _role_confirmers(community: Community) -> list[User]:
    facilitators = CommunityRole.objects.current().filter(
        community=community,
        role__in=[CommunityRole.Role.FACILITATOR, CommunityRole.Role.CO_FACILITATOR],
        user__memberships__community=community,
        user__memberships__status=Membership.Status.ACTIVE,
    )
    ids = set(facilitators.values_list("user_id", flat=True))
    ids |= set(community.program.staff.filter(role="coordinator").values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True))


def do_confirm_role(*, actor: User, offered: CommunityRole) -> CommunityRole:
    if offered.confirmed_at is not None or offered.ended_at is not None:
        raise Conflict(_("That offer has already been answered."))
    _check_active_member(offered.community, offered.user)
    offered.confirmed_at = timezone.now()
    offered.confirmed_by = actor
    with transaction.atomic():
        offered.save(update_fields=["confirmed_at", "confirmed_by"])
        record(actor, "communities.confirm_role", offered.community, user_id=offered.user_id)
        send_templated(
            "role_confirmed",
            {"user": offered.user, "community": offered.community, "role": offered},
            offered.user.email,
        )
    return offered


def do_decline_role(*, actor: User, offered: CommunityRole) -> None:
    if offered.confirmed_at is not None or offered.ended_at is not None:
        raise Conflict(_("That offer has already been answered."))
    offered.ended_at = timezone.now()
    with transaction.atomic():
        offered.save(update_fields=["ended_at"])
        record(actor, "communities.decline_role", offered.community, user_id=offered.user_id)


def do_assign_role(*, actor: User, community: Community, user: User, role: str) -> CommunityRole:
    """A facilitator or coordinator gives a member a role (confirming an offer if any)."""
    _check_role(role)
    _check_active_member(community, user)
    now = timezone.now()
    with transaction.atomic():
        existing = (
            CommunityRole.objects.select_for_update()
            .filter(community=community, user=user, role=role, ended_at__isnull=True)
            .first()
        )
        if existing is not None and existing.confirmed_at is not None:
            raise Conflict(_("%(name)s already has that role.") % {"name": user.display_name})
        assigned = existing or CommunityRole(community=community, user=user, role=role)
        assigned.confirmed_at = now
        assigned.confirmed_by = actor
        try:
            with transaction.atomic():
                assigned.save()
        except IntegrityError as exc:
            raise Conflict(
                _("%(name)s already has that role.") % {"name": user.display_name}
            ) from exc
        record(actor, "communities.assign_role", community, user_id=user.pk, role=role)
    return assigned


def do_remove_role(*, actor: User, community: Community, user: User, role: str) -> bool:
    """Hand a role on: the holder's row is ended, not deleted, so the history stays."""
    with transaction.atomic():
        ended = (
            CommunityRole.objects.current()
            .filter(community=community, user=user, role=role)
            .update(ended_at=timezone.now())
        )
        if ended:
            record(actor, "communities.remove_role", community, user_id=user.pk, role=role)
    return bool(ended)
