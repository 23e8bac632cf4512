"""Community pages anyone may reach: the directory, a group's page, joining and leaving, the
agreement, answering a seat offer, and creating, editing and the home of a group. The
members page lives in member_views.py; the decorator every page uses, in access.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.faces import Faces
from fireside.communities import actions, next_steps
from fireside.communities.access import Standing, community_view, resolve_standing
from fireside.communities.agreement import DEFAULT_AGREEMENT
from fireside.communities.directory import facilitator_first_names
from fireside.communities.directory import sections as directory_sections
from fireside.communities.forms import (
    AcceptAgreementForm,
    AgreementForm,
    CommunityEditForm,
    CommunityForm,
    DirectoryForm,
    JoinForm,
    LeaveForm,
    OfferAnswerForm,
)
from fireside.communities.group_home import group_home_parts
from fireside.communities.hooks import next_starts
from fireside.communities.member_views import _names
from fireside.communities.models import Community, CommunityRole, Membership, SeatOffer
from fireside.communities.seat_offers import check_answer_offer
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs.access import get_program_for
from fireside.programs.words import group_word


def _posted(request: HttpRequest) -> Any:
    """The submitted data, or None for a GET. Not `request.POST or None`: a POST with no
    fields (an unticked box and no CSRF field, as from a script) must still be checked."""
    return request.POST if request.method == "POST" else None


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    # An unticked box means "all groups", not "only the full ones".
    filters["has_space"] = True if filters.get("has_space") else None
    chosen = filters.get("program")
    filters["program"] = chosen.pk if chosen else None
    groups = Community.objects.directory(**filters)
    user = request.user
    role_type = user.role_type if user.is_authenticated else ""
    region = user.region if user.is_authenticated else ""
    if role_type:
        groups = groups.fitting_first(role_type=role_type, region=region)
    # Each card says who the group is for, and what its program calls it, in the program's
    # own words: the programs come with the rows, their role types in one more query.
    groups = groups.select_related("program").prefetch_related("program__role_types")
    page = Paginator(groups, 20).get_page(request.GET.get("page"))
    communities = list(page)  # the page's rows, read once
    ids = [c.pk for c in communities]
    cards = directory_sections(
        communities,
        starts=next_starts(ids, timezone.now()),  # gatherings (fireside.communities.hooks)
        facilitators=facilitator_first_names(ids),
        viewer_zone=user.timezone if user.is_authenticated else "",
        role_type=role_type,
        region=region,
        # Named as the filter names it, read once with the filter's choices.
        role_label=dict(form.fields["audience"].choices).get(role_type, ""),  # type: ignore[attr-defined]
        groups_word=group_word(chosen, plural=True) if chosen else "",
    )
    chosen = form.cleaned_data.get("program") if form.is_valid() else None
    return render(
        request,
        "communities/directory.html",
        {"form": form, "page": page, "sections": cards, "program": chosen},  # its words
    )


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
    form = JoinForm(_posted(request))
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
                step = next_steps.after_joining(user, community)
                if step is not None:
                    messages.info(request, step[1])
                    return redirect(step[0])
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
    form = LeaveForm(_posted(request))
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
        _posted(request), initial={"version": agreement.version if agreement else 1}
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
        user=request.user,
    )
    form = OfferAnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            check_answer_offer(
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
            if offer.membership_id:
                messages.info(request, _("You keep your place on the waitlist."))
            else:
                messages.info(request, _("You declined the invitation."))
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
        _posted(request),
        initial={"capacity": program.max_group_size, "agreement": DEFAULT_AGREEMENT},
        program=program,
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
    # Read once for the page and for the survey banner: the program's commitments, and the
    # members, each with this very community (so with its program), the viewer among them.
    prefetch_related_objects([community.program], "commitments")
    members = list(
        community.memberships.filter(status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__name")
    )
    mine = next((m for m in members if m.user_id == request.user.pk), None)
    return render(
        request,
        "communities/home.html",
        {
            "community": community,
            "standing": standing,
            "members": members,
            "agreement": standing.current_agreement,
            "my_roles": [CommunityRole.Role(r).label for r in sorted(standing.roles)],
            "parts": group_home_parts(request.user, community, standing, mine),
            # Only members reach this page: they share the group with everyone listed.
            "faces": Faces.known(request.user, [m.user_id for m in members]),
        },
    )


_EDITABLE = ["name", "purpose", "region", "mode", "capacity", "meeting_place", "rhythm"]


@community_view("manage")
def community_edit(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    form = CommunityEditForm(
        _posted(request),
        initial={f: getattr(community, f) for f in _EDITABLE},
        program=community.program,
    )
    lowest = max(2, community.active_members_count())
    form.fields["capacity"].help_text = _(
        "Between %(low)s and %(high)s in this program. Raising it gives the free seats to the "
        "people waiting, in order, straight away."
    ) % {"low": lowest, "high": community.program.max_group_size}
    if request.method == "POST" and form.is_valid():
        try:
            promoted = actions.check_update_community(
                actor=actor(request), community=community, **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            text = _("The group's details are saved.")
            if promoted:
                text += " " + ngettext(
                    "%(n)s person from the waitlist now has a seat: %(names)s.",
                    "%(n)s people from the waitlist now have a seat: %(names)s.",
                    len(promoted),
                ) % {"n": len(promoted), "names": _names(promoted)}
            messages.success(request, text)
            return redirect("communities:members", community_id=community.pk)
    return render(
        request,
        "communities/edit.html",
        {"community": community, "standing": standing, "form": form},
    )


@community_view("facilitate")
def community_agreement_edit(
    request: HttpRequest, community: Community, standing: Standing
) -> HttpResponse:
    current = community.agreements.order_by("-version").first()
    form = AgreementForm(
        _posted(request), initial={"text": current.text if current else DEFAULT_AGREEMENT}
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = actions.do_update_agreement(
                actor=actor(request), community=community, text=form.cleaned_data["text"]
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Version %(v)s of the agreement is saved. We emailed the members: each "
                    "will be asked to read and accept it."
                )
                % {"v": agreement.version},
            )
            return redirect("communities:home", community_id=community.pk)
    return render(
        request,
        "communities/agreement_edit.html",
        {"community": community, "standing": standing, "form": form, "current": current},
    )
