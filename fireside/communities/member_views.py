"""The members page and what coordinators and facilitators do there: adding and removing
members, offering, confirming and declining roles, and offering seats.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fireside.accounts.faces import Faces
from fireside.accounts.models import User
from fireside.communities import actions
from fireside.communities.access import (
    Standing,
    community_view,
    shared_needs,
)
from fireside.communities.forms import (
    OfferSeatForm,
    RemoveMemberForm,
    RoleForm,
    VolunteerRoleForm,
)
from fireside.communities.hooks import adding
from fireside.communities.models import Community, CommunityRole, Membership, SeatOffer
from fireside.communities.roles import (
    do_assign_role,
    do_confirm_role,
    do_decline_role,
    do_remove_role,
    do_volunteer_role,
)
from fireside.communities.seat_offers import check_offer_seat
from fireside.lib.errors import ActionError
from fireside.lib.http import actor


def offer_choices(waiting_in: Community, communities: list[Community]) -> list[tuple[int, str]]:
    """Other groups of the program, for the same people, with a seat free now."""
    return [
        (
            c.pk,
            ngettext("%(name)s (%(n)s free seat)", "%(name)s (%(n)s free seats)", c.open_seats())
            % {"name": c.name, "n": c.open_seats()},
        )
        for c in communities
        if c.pk != waiting_in.pk
        and c.program_id == waiting_in.program_id
        and c.audience == waiting_in.audience
        and c.open_seats() > 0
    ]


def waiting_rows(waiting: list[Membership], communities: list[Community]) -> list[dict[str, Any]]:
    """The people waiting for one group, in order, each with where a seat could be offered.
    `waiting` is in waitlist order, with `community` and `user` joined and pending offers
    prefetched as `pending_offers`."""
    rows = []
    for position, m in enumerate(waiting, start=1):
        offers = getattr(m, "pending_offers", [])
        offered = {o.to_community_id for o in offers}
        choices = [c for c in offer_choices(m.community, communities) if c[0] not in offered]
        rows.append({"membership": m, "position": position, "choices": choices, "offers": offers})
    return rows


def pending_offers() -> Prefetch[Any]:
    return Prefetch(
        "offers",
        queryset=SeatOffer.objects.filter(outcome=SeatOffer.Outcome.PENDING).select_related(
            "to_community"
        ),
        to_attr="pending_offers",
    )


@community_view("members")
def community_members(
    request: HttpRequest, community: Community, standing: Standing
) -> HttpResponse:
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__name")
    )
    # One query for every role row: current holders, volunteers waiting, and the history.
    all_roles = list(
        CommunityRole.objects.filter(community=community)
        .select_related("user")
        .order_by("role", "assigned_at")
    )
    current = [r for r in all_roles if r.confirmed_at and not r.ended_at]
    roles: dict[int, list[str]] = {}
    for role in current:
        roles.setdefault(role.user_id, []).append(role.get_role_display())
    needs = shared_needs(standing, (m.user for m in members))
    context: dict[str, Any] = {
        "community": community,
        "standing": standing,
        "rows": [(m, roles.get(m.user_id, []), needs.get(m.user_id, "")) for m in members],
        # A member shares this group with everyone listed: no query to decide their photos.
        # A coordinator who is not a member shares nothing here: initials.
        "faces": (
            Faces.known(request.user, [m.user_id for m in members])
            if standing.is_member
            else Faces.none(request.user)
        ),
        "role_rows": current,
        "volunteers": [r for r in all_roles if not r.confirmed_at and not r.ended_at],
        "history": sorted(
            (r for r in all_roles if r.confirmed_at and r.ended_at),
            key=lambda r: r.ended_at,  # type: ignore[arg-type,return-value]
            reverse=True,
        ),
        # Its own ids: the role form above has a "role" field too.
        "volunteer_form": VolunteerRoleForm(auto_id="volunteer_%s") if standing.is_member else None,
        "role_form": (
            RoleForm(members=[(m.user_id, m.user.display_name) for m in members])
            if standing.can_manage_roles
            else None
        ),
        "add_form": (  # an invitation (fireside.communities.hooks)
            add.form() if standing.can_manage_members and (add := adding()) else None
        ),
        "waiting": [],
    }
    if standing.can_manage_members:
        waiting = list(
            actions.waitlist(community)
            .select_related("user", "community")
            .prefetch_related(pending_offers())
        )
        program_groups = list(
            Community.objects.with_counts().filter(program_id=community.program_id)
        )
        context["waiting"] = waiting_rows(waiting, program_groups)
    return render(request, "communities/members.html", context)


@require_POST
@community_view("manage")
def community_add_member(
    request: HttpRequest, community: Community, standing: Standing
) -> HttpResponse:
    """ "Add a member" is an invitation by email (fireside.invitations): the person joins
    only by accepting the group's agreement themselves, and only a group for their role."""
    add = adding()
    if add is not None:
        add.handle(request, community)
    return redirect("communities:members", community_id=community.pk)


@require_POST
@community_view("roles")
def community_assign_role(
    request: HttpRequest, community: Community, standing: Standing
) -> HttpResponse:
    members = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
    form = RoleForm(request.POST, members=[(m.user_id, str(m.user_id)) for m in members])
    if form.is_valid():
        try:
            do_assign_role(
                actor=actor(request),
                community=community,
                user=User.objects.get(pk=form.cleaned_data["user_id"]),
                role=form.cleaned_data["role"] or "member",
            )
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The role is assigned."))
    else:
        messages.error(request, _("Choose a member and a role."))
    return redirect("communities:members", community_id=community.pk)


@require_POST
@community_view("roles")
def community_remove_role(
    request: HttpRequest, community: Community, standing: Standing, role_id: int
) -> HttpResponse:
    role = get_object_or_404(CommunityRole, pk=role_id, community=community)
    do_remove_role(actor=actor(request), community=community, user=role.user, role=role.role)
    messages.success(
        request, _("The role is removed. Thank you, %(name)s!") % {"name": role.user.display_name}
    )
    return redirect("communities:members", community_id=community.pk)


def _names(people: list[Membership]) -> str:
    return ", ".join(m.user.display_name for m in people)


@require_POST
@community_view("manage")
def community_remove_member(
    request: HttpRequest, community: Community, standing: Standing, user_id: int
) -> HttpResponse:
    place = get_object_or_404(
        Membership.objects.select_related("user").exclude(status=Membership.Status.LEFT),
        community=community,
        user_id=user_id,
    )
    form = RemoveMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["reason"][0]))
        return redirect("communities:members", community_id=community.pk)
    try:
        promoted = actions.check_remove_member(
            actor=actor(request),
            community=community,
            user=place.user,
            reason=form.cleaned_data["reason"],
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        text = _("%(name)s is no longer in the group. We emailed them to let them know.") % {
            "name": place.user.display_name
        }
        if promoted:
            text += " " + _("The free seat went to %(names)s.") % {"names": _names(promoted)}
        messages.success(request, text)
    return redirect("communities:members", community_id=community.pk)


@require_POST
@community_view("content")
def community_volunteer_role(
    request: HttpRequest, community: Community, standing: Standing
) -> HttpResponse:
    form = VolunteerRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the role you would like to take on."))
        return redirect("communities:members", community_id=community.pk)
    try:
        offered = do_volunteer_role(
            user=actor(request), community=community, role=form.cleaned_data["role"]
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Thank you for offering to be %(role)s! A facilitator or coordinator will "
                "confirm it with you soon."
            )
            % {"role": offered.get_role_display().lower()},
        )
    return redirect("communities:members", community_id=community.pk)


def _offered_role(community: Community, role_id: int) -> CommunityRole:
    return get_object_or_404(
        CommunityRole.objects.select_related("user", "community"), pk=role_id, community=community
    )


@require_POST
@community_view("roles")
def community_confirm_role(
    request: HttpRequest, community: Community, standing: Standing, role_id: int
) -> HttpResponse:
    offered = _offered_role(community, role_id)
    try:
        do_confirm_role(actor=actor(request), offered=offered)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s. We emailed them.")
            % {"name": offered.user.display_name, "role": offered.get_role_display().lower()},
        )
    return redirect("communities:members", community_id=community.pk)


@require_POST
@community_view("roles")
def community_decline_role(
    request: HttpRequest, community: Community, standing: Standing, role_id: int
) -> HttpResponse:
    offered = _offered_role(community, role_id)
    try:
        do_decline_role(actor=actor(request), offered=offered)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(
            request,
            _("You declined %(name)s's offer. It may help to tell them why in person.")
            % {"name": offered.user.display_name},
        )
    return redirect("communities:members", community_id=community.pk)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
@community_view("manage")
def community_offer_seat(
    request: HttpRequest, community: Community, standing: Standing, membership_id: int
) -> HttpResponse:
    """Offer someone waiting for this group a seat in another group of the program."""
    waiting = get_object_or_404(
        Membership.objects.select_related("user", "community"),
        pk=membership_id,
        community=community,
    )
    back = _safe_next(request, reverse("communities:members", args=[community.pk]))
    others = Community.objects.filter(program_id=community.program_id).exclude(pk=community.pk)
    form = OfferSeatForm(request.POST, communities=[(c.pk, c.name) for c in others])
    if not form.is_valid():
        messages.error(request, _("Choose the group with a free seat to offer."))
        return redirect(back)
    target = others.get(pk=form.cleaned_data["to_community"])
    try:
        check_offer_seat(actor=actor(request), membership=waiting, to_community=target)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "We emailed %(name)s the offer of a seat in %(group)s. They keep their place "
                "here until they accept."
            )
            % {"name": waiting.user.display_name, "group": target.name},
        )
    return redirect(back)
