"""Communities' tasks on a person's home: a seat offered to them, a group agreement changed
since they accepted it, and people offering to take a role in a group they facilitate or a
program they coordinate (see fireside.lib.home)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fireside.communities.access import FACILITATING
from fireside.communities.models import CommunityRole, Membership, SeatOffer
from fireside.lib.home import Task, Urgency, Viewer, register_tasks


def seats_offered(viewer: Viewer) -> list[Task]:
    """Seats offered while waiting elsewhere (while still waiting), and invitations."""
    offers = (
        SeatOffer.objects.filter(user=viewer.user, outcome=SeatOffer.Outcome.PENDING)
        .filter(Q(membership__isnull=True) | Q(membership__status=Membership.Status.WAITLISTED))
        .select_related("to_community", "membership__community")
        .order_by("created_at")
    )
    return [
        Task(
            kind="seat-offered",
            urgency=Urgency.NOW,
            title=_("A seat for you in %(group)s") % {"group": offer.to_community.name},
            detail=(
                _("A coordinator offers you this seat while you wait for %(group)s. You decide.")
                % {"group": offer.membership.community.name}
                if offer.membership
                else _("A coordinator invites you to join this group. You decide.")
            ),
            action=_("See the offer"),
            url=reverse("communities:offer", args=[offer.token]),
        )
        for offer in offers
    ]


def agreements_changed(viewer: Viewer) -> list[Task]:
    return [
        Task(
            kind="agreement-changed",
            urgency=Urgency.NOW,
            title=_("%(group)s changed its agreement") % {"group": place.community.name},
            detail=_("Please read the new version and accept it before you post again."),
            action=_("Read the agreement"),
            url=reverse("communities:agreement", args=[place.community_id]),
        )
        for place in viewer.places.to_accept
    ]


def roles_offered(viewer: Viewer) -> list[Task]:
    """People who offered to take a role, for the facilitators of that group and the
    coordinators of its program to confirm."""
    facilitated = {
        r.community_id
        for r in viewer.places.roles_in(
            (p.community_id for p in viewer.places.active), FACILITATING
        )
    }
    coordinated = viewer.staff_programs.get("coordinator", [])
    if not facilitated and not coordinated:
        return []
    offered = (
        CommunityRole.objects.offered()
        .filter(Q(community_id__in=facilitated) | Q(community__program__in=coordinated))
        .exclude(user=viewer.user)
        .select_related("user", "community")
        .order_by("assigned_at", "pk")
    )
    return [
        Task(
            kind="role-offered",
            urgency=Urgency.NOW,
            title=_("%(name)s offered to be %(role)s in %(group)s")
            % {
                "name": role.user.display_name,
                "role": role.get_role_display().lower(),
                "group": role.community.name,
            },
            detail=_("They are waiting for you to confirm it."),
            action=_("Confirm or decline"),
            url=reverse("communities:members", args=[role.community_id]) + "#roles",
        )
        for role in offered
    ]


def register_all() -> None:
    register_tasks(seats_offered, order=10)
    register_tasks(agreements_changed, order=11)
    register_tasks(roles_offered, order=12)
