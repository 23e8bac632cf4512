"""Communities' tasks on a person's home: a seat offered to them, a group agreement changed
since they accepted it, people offering to take a role in a group they facilitate or a
program they coordinate, and for coordinators the people waiting for a seat and the groups
without a facilitator (see fireside.lib.home)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.communities.places import offers_waiting
from fireside.communities.role_changes import IN_A_GROUP
from fireside.lib.home import Task, Urgency, Viewer, register_tasks


def seats_offered(viewer: Viewer) -> list[Task]:
    """Seats offered while waiting elsewhere (while still waiting), and invitations."""
    if not viewer.places.may_have_offers:
        return []
    offers = (
        offers_waiting(viewer.user)
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
        for r in viewer.places.roles_in(viewer.places.with_roles_offered, FACILITATING)
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


def role_changes_waiting(viewer: Viewer) -> list[Task]:
    """For coordinators, per program: people whose change of role waits for a confirmation
    (fireside/communities/role_changes.py). One query for all their programs."""
    programs = viewer.staff_programs.get("coordinator", [])
    if not programs:
        return []
    pairs = set(
        Membership.objects.filter(
            status__in=IN_A_GROUP, community__program__in=programs, user__is_active=True
        )
        .exclude(user__role_type_requested="")
        .exclude(user=viewer.user)  # their own change is another coordinator's to confirm
        .values_list("community__program_id", "user_id")
    )
    counts: dict[int, int] = {}
    for program_id, _user_id in pairs:
        counts[program_id] = counts.get(program_id, 0) + 1
    return [
        Task(
            kind="role-changes",
            urgency=Urgency.NOW,
            title=_("Role changes to confirm in %(program)s") % {"program": program.name},
            detail=_(
                "Until you confirm, their groups and the groups open to them stay as they are."
            ),
            action=_("Confirm or decline"),
            url=reverse("programs:role_changes", args=[program.pk]),
            count=counts[program.pk],
        )
        for program in programs
        if counts.get(program.pk)
    ]


def program_staffing(viewer: Viewer) -> list[Task]:
    """For coordinators, per program: how many people wait for a seat, and which open
    groups have no facilitator. One query for all their programs."""
    programs = viewer.staff_programs.get("coordinator", [])
    if not programs:
        return []
    waiting = (
        Membership.objects.filter(community=OuterRef("pk"), status=Membership.Status.WAITLISTED)
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    led = CommunityRole.objects.current().filter(community=OuterRef("pk"), role__in=FACILITATING)
    groups = (
        Community.objects.filter(program__in=programs)
        .annotate(waiting=Coalesce(Subquery(waiting), 0), led=Exists(led))
        .filter(Q(waiting__gt=0) | Q(led=False))
        .order_by("name", "pk")
        .only("pk", "name", "program_id")
    )
    by_program: dict[int, list[Community]] = {}
    for group in groups:
        by_program.setdefault(group.program_id, []).append(group)
    tasks = []
    for program in programs:
        found = by_program.get(program.pk, [])
        people = sum(g.waiting for g in found)  # type: ignore[attr-defined]
        if people:
            tasks.append(
                Task(
                    kind="seat-waiting",
                    urgency=Urgency.WHEN_YOU_CAN,
                    title=ngettext(
                        "%(n)s person is waiting for a seat in %(program)s",
                        "%(n)s people are waiting for a seat in %(program)s",
                        people,
                    )
                    % {"n": people, "program": program.name},
                    detail=_("Offer them a seat in a group with space, or open a new group."),
                    action=_("See the waiting lists"),
                    url=reverse("programs:waitlists", args=[program.pk]),
                    count=people,
                )
            )
        alone = [g for g in found if not g.led]  # type: ignore[attr-defined]
        if alone:
            tasks.append(
                Task(
                    kind="no-facilitator",
                    urgency=Urgency.WHEN_YOU_CAN,
                    title=ngettext(
                        "%(n)s group in %(program)s has no facilitator",
                        "%(n)s groups in %(program)s have no facilitator",
                        len(alone),
                    )
                    % {"n": len(alone), "program": program.name},
                    detail=_names(alone),
                    action=_("See the groups"),
                    url=reverse("programs:detail", args=[program.pk]) + "#communities",
                    count=len(alone),
                )
            )
    return tasks


def _names(groups: list[Community], shown: int = 4) -> str:
    names = ", ".join(g.name for g in groups[:shown])
    if len(groups) > shown:
        more = len(groups) - shown
        names += " " + ngettext("and %(n)s more", "and %(n)s more", more) % {"n": more}
    return names


def register_all() -> None:
    register_tasks(seats_offered, order=10)
    register_tasks(agreements_changed, order=11)
    register_tasks(roles_offered, order=12)
    register_tasks(role_changes_waiting, order=13)
    register_tasks(program_staffing, order=80)
