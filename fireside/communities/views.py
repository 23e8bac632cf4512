from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fireside.accounts.faces import Faces
from fireside.accounts.models import User
from fireside.communities import actions, next_steps
from fireside.communities.access import (
    Need,
    Standing,
    get_community_for,
    get_program_for,
    resolve_standing,
    shared_needs,
)
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
    OfferSeatForm,
    RemoveMemberForm,
    RoleForm,
    VolunteerRoleForm,
)
from fireside.communities.group_home import group_home_parts
from fireside.communities.models import Community, CommunityRole, Membership, SeatOffer
from fireside.gatherings.upcoming import next_gatherings
from fireside.invitations.actions import check_invite
from fireside.invitations.forms import InviteForm
from fireside.invitations.outcomes import tell
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs.words import group_word

View = Callable[..., HttpResponse]


def community_view(need: Need) -> Callable[[View], View]:
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
    upcoming = next_gatherings(ids, timezone.now())
    cards = directory_sections(
        communities,
        starts={pk: (g.starts_at, g.timezone) for pk, g in upcoming.items()},
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
    return render(
        request,
        "communities/home.html",
        {
            "community": community,
            "standing": standing,
            "members": members,
            "my_membership": next((m for m in members if m.user_id == request.user.pk), None),
            "agreement": standing.current_agreement,
            "my_roles": [CommunityRole.Role(r).label for r in sorted(standing.roles)],
            "parts": group_home_parts(request.user, community, standing),
            # Only members reach this page: they share the group with everyone listed.
            "faces": Faces.known(request.user, [m.user_id for m in members]),
        },
    )


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
        "add_form": InviteForm(coordinator=True) if standing.can_manage_members else None,
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
    form = InviteForm(request.POST, coordinator=True)
    if form.is_valid():
        try:
            result = check_invite(
                actor=actor(request),
                program=community.program,
                community=community,
                emails=form.cleaned_data["emails"],
                note=form.cleaned_data["note"],
                role=form.cleaned_data["role"] or "member",
            )
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            tell(request, result)
    else:
        messages.error(request, _("Enter at least one email address."))
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
    actions.do_remove_role(
        actor=actor(request), community=community, user=role.user, role=role.role
    )
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
        offered = actions.do_volunteer_role(
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
        actions.do_confirm_role(actor=actor(request), offered=offered)
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
        actions.do_decline_role(actor=actor(request), offered=offered)
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
        actions.check_offer_seat(actor=actor(request), membership=waiting, to_community=target)
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
