from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.accounts.models import User
from fireside.communities import actions
from fireside.communities.access import (
    Standing,
    get_community_for,
    get_program_for,
    resolve_standing,
)
from fireside.communities.agreement import DEFAULT_AGREEMENT
from fireside.communities.forms import (
    AcceptAgreementForm,
    AddMemberForm,
    CommunityForm,
    DirectoryForm,
    JoinForm,
    LeaveForm,
    OfferAnswerForm,
    RoleForm,
)
from fireside.communities.models import Community, CommunityRole, Membership, SeatOffer
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor

View = Callable[..., HttpResponse]


def community_view(need: str) -> Callable[[View], View]:
    """Every page inside a community goes through here: resolve standing once, refuse early."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(
            request: HttpRequest, community_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            community, standing = get_community_for(request.user, community_id, need)
            return view(request, community, standing, *args, **kwargs)

        return wrapped

    return decorate


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    # An unticked box means "all groups", not "only the full ones".
    filters["has_space"] = True if filters.get("has_space") else None
    page = Paginator(Community.objects.directory(**filters), 20).get_page(request.GET.get("page"))
    return render(request, "communities/directory.html", {"form": form, "page": page})


def _public_community(community_id: int) -> Community:
    return get_object_or_404(
        Community.objects.with_counts()
        .select_related("program")
        .prefetch_related("agreements", "program__commitments"),
        pk=community_id,
    )


def _my_place(user: Any, community: Community) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(community=community, user=user)
        .exclude(status=Membership.Status.LEFT)
        .first()
    )


def community_detail(request: HttpRequest, community_id: int) -> HttpResponse:
    """The public page: purpose, mode, place, rhythm, agreement, seats. Never who is in it."""
    community = _public_community(community_id)
    standing = resolve_standing(request.user, community)
    place = _my_place(request.user, community)
    refusal = (
        actions.join_refusal(actor(request), community)
        if request.user.is_authenticated and place is None
        else None
    )
    return render(
        request,
        "communities/detail.html",
        {
            "community": community,
            "standing": standing,
            "position": actions.waitlist_position(place) if place else None,
            "join_refusal": refusal,
        },
    )


@login_required
def community_join(request: HttpRequest, community_id: int) -> HttpResponse:
    """Read the agreement and the program's commitments, then accept and join."""
    community = _public_community(community_id)
    user = actor(request)
    place = _my_place(user, community)
    if place is not None:
        messages.info(request, _("You are already in this group or on its waitlist."))
        return redirect("communities:detail", community_id=community.pk)
    form = JoinForm(request.POST or None)
    refusal = actions.join_refusal(user, community)
    if request.method == "POST" and form.is_valid() and not refusal:
        try:
            _membership, position = actions.check_join(
                user=user, community=community, agree_to_agreement=True
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            if position is None:
                messages.success(
                    request,
                    _("Welcome to %(name)s! We sent you an email with the details.")
                    % {"name": community.name},
                )
                return redirect("communities:home", community_id=community.pk)
            messages.success(
                request,
                _(
                    "%(name)s is full right now, so you are number %(position)s on its "
                    "waitlist. We will email you the moment a seat opens."
                )
                % {"name": community.name, "position": position},
            )
            return redirect("communities:detail", community_id=community.pk)
    return render(
        request,
        "communities/join.html",
        {"community": community, "form": form, "join_refusal": refusal},
    )


@community_view("live")
def community_leave(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_leave(
                user=actor(request), community=community, reason=form.cleaned_data["reason"]
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _("You have left %(name)s. Thank you for the time you gave the group.")
                % {"name": community.name}
                if standing.is_member
                else _("You are no longer on the waitlist of %(name)s.") % {"name": community.name},
            )
            return redirect("home")
    return render(
        request,
        "communities/leave.html",
        {"community": community, "standing": standing, "form": form},
    )


@community_view("content")
def community_agreement(
    request: HttpRequest, community: Community, standing: Standing
) -> HttpResponse:
    """The current agreement, with a way to accept it when it changed since last time."""
    agreement = community.agreements.order_by("-version").first()
    form = AcceptAgreementForm(
        request.POST or None, initial={"version": agreement.version if agreement else 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_accept_agreement(
                user=actor(request), community=community, version=form.cleaned_data["version"]
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you: you accepted the new agreement."))
            return redirect("communities:home", community_id=community.pk)
    return render(
        request,
        "communities/agreement.html",
        {"community": community, "standing": standing, "agreement": agreement, "form": form},
    )


@login_required
def seat_offer(request: HttpRequest, offer_token: str) -> HttpResponse:
    """A seat offered by a coordinator. Only the person it is for can see or answer it."""
    offer = get_object_or_404(
        SeatOffer.objects.select_related("membership__community", "to_community__program"),
        token=offer_token,
        membership__user=request.user,
    )
    form = OfferAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            actions.check_answer_offer(
                user=actor(request),
                offer=offer,
                accept=accept,
                agree_to_agreement=form.cleaned_data["agree_to_agreement"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            if accept:
                messages.success(
                    request, _("Welcome to %(name)s!") % {"name": offer.to_community.name}
                )
                return redirect("communities:home", community_id=offer.to_community_id)
            messages.info(request, _("You keep your place on the waitlist."))
            return redirect("home")
    community = _public_community(offer.to_community_id)
    return render(
        request,
        "communities/offer.html",
        {"offer": offer, "community": community, "form": form},
    )


@login_required
def community_create(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    form = CommunityForm(
        request.POST or None,
        initial={"capacity": program.max_group_size, "agreement": DEFAULT_AGREEMENT},
    )
    user = actor(request)
    if request.method == "POST" and form.is_valid():
        try:
            community = actions.check_create_community(
                actor=user, program=program, **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("%(name)s is open.") % {"name": community.name})
            return redirect("communities:detail", community_id=community.pk)
    return render(request, "communities/form.html", {"form": form, "program": program})


@community_view("content")
def community_home(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    members = (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__name")
    )
    return render(
        request,
        "communities/home.html",
        {
            "community": community,
            "standing": standing,
            "members": members,
            "agreement": community.current_agreement,
        },
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
    roles: dict[int, list[str]] = {}
    for role in CommunityRole.objects.current().filter(community=community):
        roles.setdefault(role.user_id, []).append(role.get_role_display())
    rows = [(m, roles.get(m.user_id, [])) for m in members]
    add_form = AddMemberForm() if standing.can_manage_members else None
    role_form = (
        RoleForm(members=[(m.user_id, m.user.display_name) for m in members])
        if standing.can_manage_roles
        else None
    )
    return render(
        request,
        "communities/members.html",
        {
            "community": community,
            "standing": standing,
            "rows": rows,
            "add_form": add_form,
            "role_form": role_form,
            "role_rows": CommunityRole.objects.current()
            .filter(community=community)
            .select_related("user"),
        },
    )


@require_POST
@community_view("manage")
def community_add_member(
    request: HttpRequest, community: Community, standing: Standing
) -> HttpResponse:
    form = AddMemberForm(request.POST)
    if form.is_valid():
        person = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).first()
        if person is None:
            messages.error(request, _("No one has an account with that address yet."))
        else:
            try:
                actions.do_add_member(actor=actor(request), community=community, user=person)
            except ActionError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, _("%(name)s is now a member.") % {"name": person.display_name}
                )
    else:
        messages.error(request, _("Enter a valid email address."))
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
            actions.do_assign_role(
                actor=actor(request),
                community=community,
                user=User.objects.get(pk=form.cleaned_data["user_id"]),
                role=form.cleaned_data["role"],
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
    actions.do_remove_role(
        actor=actor(request), community=community, user=role.user, role=role.role
    )
    messages.success(
        request, _("The role is removed. Thank you, %(name)s!") % {"name": role.user.display_name}
    )
    return redirect("communities:members", community_id=community.pk)
