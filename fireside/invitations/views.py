"""The invitation pages: the emailed link (accept or decline), a program's invitations for
its coordinators, and a group's for its members."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import get_community_for
from fireside.communities.models import Community, Membership
from fireside.invitations import actions
from fireside.invitations.accepting import (
    check_accept,
    check_accept_new_account,
    check_decline,
    closed_reason,
    is_for,
    mark_opened,
)
from fireside.invitations.access import may_manage, may_read_note, visible_invitations
from fireside.invitations.forms import AcceptForm, InviteForm, NewAccountForm
from fireside.invitations.models import Invitation
from fireside.invitations.outcomes import tell
from fireside.lib import ratelimit
from fireside.lib.errors import ActionError, Gone
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor, client_ip
from fireside.lib.i18n import supported
from fireside.programs.access import get_program_for

BACKEND = "django.contrib.auth.backends.ModelBackend"
PER_PAGE = 50
# Answers (accepting, declining) one client may post in an hour.
ANSWER_CLIENT_LIMIT = 30


def _invitation(token: str) -> Invitation:
    invitation = Invitation.objects.for_token(token)
    if invitation is None:
        raise Http404
    return invitation


def _refused(
    request: HttpRequest, invitation: Invitation, message: str, status: int
) -> HttpResponse:
    return render(
        request,
        "invitations/closed.html",
        {"invitation": invitation, "message": message},
        status=status,
    )


def _first_refusal(request: HttpRequest, invitation: Invitation) -> HttpResponse | None:
    """Closed links (410) and someone else signed in (403): a clear page, nothing written."""
    reason = closed_reason(invitation)
    if reason:
        return _refused(request, invitation, reason, 410)
    if request.user.is_authenticated and not is_for(invitation, request.user):
        return _refused(
            request,
            invitation,
            _(
                "This invitation was sent to another email address than the one you are "
                "signed in with. Sign out, then open the link again."
            ),
            403,
        )
    return None


def _counted(request: HttpRequest) -> bool:
    return ratelimit.attempt("invitation-answer-ip", client_ip(request), ANSWER_CLIENT_LIMIT, 3600)


def accept(request: HttpRequest, invitation_token: str) -> HttpResponse:
    """The emailed link. Someone not signed in sees the same page whether or not an
    account has the address (no enumeration): "new here? choose a password" and "already
    have an account? sign in"; the POST decides, and only the link's holder learns which."""
    invitation = _invitation(invitation_token)
    refused = _first_refusal(request, invitation)
    if refused:
        return refused
    signed_in = request.user.is_authenticated
    community = invitation.community
    posted = request.POST if request.method == "POST" else None
    form: AcceptForm = (
        AcceptForm(posted, needs_agreement=community is not None)
        if signed_in
        else NewAccountForm(
            posted,
            needs_agreement=community is not None,
            asks_role=not invitation.role_type,
            initial={
                "name": invitation.name,
                "role_type": community.audience if community else "",
            },
        )
    )
    status = 200
    if posted is None:
        mark_opened(invitation)
    elif not _counted(request):
        form.add_error(None, _("Too many tries from your network in the last hour. Try later."))
        status = 429
    elif form.is_valid():
        try:
            done = _answer(request, invitation, form)
        except Gone as exc:
            return _refused(request, invitation, exc.message, 410)
        except ActionError as exc:
            add_action_error(form, exc)
            status = 429 if exc.status == 429 else 200
        else:
            return done
    return render(
        request,
        "invitations/accept.html",
        _page(request, invitation, form, signed_in, invitation_token),
        status=status,
    )


def _answer(request: HttpRequest, invitation: Invitation, form: AcceptForm) -> HttpResponse:
    agreed = form.cleaned_data.get("agree_to_agreement") is True
    if request.user.is_authenticated:
        user = actor(request)
        membership, position = check_accept(
            invitation=invitation, user=user, agree_to_agreement=agreed
        )
    else:
        user, membership, position = check_accept_new_account(
            invitation=invitation,
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password"],
            role_type=form.cleaned_data.get("role_type", ""),
            agree_to_agreement=agreed,
            language=supported(get_language()),
            ip=client_ip(request),
        )
        login(request, user, backend=BACKEND)
    return _landing(request, invitation, user, membership, position)


def _landing(
    request: HttpRequest,
    invitation: Invitation,
    user: Any,
    membership: Membership | None,
    position: int | None,
) -> HttpResponse:
    community = invitation.community
    if community is None:
        messages.success(
            request,
            _("Welcome to %(name)s! Here are its groups for your role: choose one to join.")
            % {"name": invitation.program.name},
        )
        query = urlencode({"program": invitation.program_id, "audience": user.role_type})
        return redirect(f"{reverse('communities:directory')}?{query}")
    if membership is not None and membership.status == Membership.Status.WAITLISTED:
        messages.success(
            request,
            _(
                "%(name)s is full for now: you are on its waiting list, at position "
                "%(position)s. We will email you when a seat opens."
            )
            % {"name": community.name, "position": position},
        )
        return redirect("communities:detail", community_id=community.pk)
    messages.success(request, _("Welcome to %(name)s!") % {"name": community.name})
    return redirect("communities:home", community_id=community.pk)


def _page(
    request: HttpRequest, invitation: Invitation, form: Any, signed_in: bool, token: str
) -> dict[str, Any]:
    here = reverse("invitations:accept", kwargs={"invitation_token": token})
    community = invitation.community
    return {
        "invitation": invitation,
        "program": invitation.program,
        "community": community,
        "agreement": community.current_agreement if community else None,
        "inviter": invitation.invited_by,
        "form": form,
        "signed_in": signed_in,
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': here})}",
        "decline_url": reverse("invitations:decline", kwargs={"invitation_token": token}),
    }


def decline(request: HttpRequest, invitation_token: str) -> HttpResponse:
    invitation = _invitation(invitation_token)
    refused = _first_refusal(request, invitation)
    if refused:
        return refused
    if request.method == "POST":
        if not _counted(request):
            return _refused(
                request,
                invitation,
                _("Too many tries from your network in the last hour. Try later."),
                429,
            )
        try:
            check_decline(invitation=invitation, user=request.user)
        except ActionError as exc:
            return _refused(request, invitation, exc.message, exc.status)
        return render(request, "invitations/declined.html", {"invitation": invitation})
    mark_opened(invitation)
    return render(
        request,
        "invitations/decline.html",
        {
            "invitation": invitation,
            "accept_url": reverse(
                "invitations:accept", kwargs={"invitation_token": invitation_token}
            ),
        },
    )


# --- Lists of invitations, and inviting -------------------------------------------------------


def _rows(request: HttpRequest, qs: Any, coordinator: bool) -> tuple[Any, list[dict[str, Any]]]:
    page = Paginator(
        qs.select_related("community", "invited_by").order_by("-created_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    user = request.user
    rows = [
        {
            "invitation": i,
            "note": i.note if may_read_note(user, i, coordinator=coordinator) else "",
            "can_manage": coordinator or may_manage(user, i),
        }
        for i in page
    ]
    return page, rows


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def _invite(request: HttpRequest, form: InviteForm, **where: Any) -> bool:
    """Run the posted invitation through check_invite; True when it went (then tell)."""
    if not form.is_valid():
        return False
    try:
        result = actions.check_invite(
            actor=actor(request),
            emails=form.cleaned_data["emails"],
            note=form.cleaned_data.get("note", ""),
            role=form.cleaned_data.get("role") or "member",
            **where,
        )
    except ActionError as exc:
        add_action_error(form, exc)
        return False
    tell(request, result)
    return True


@login_required
def program_invitations(request: HttpRequest, program_id: int) -> HttpResponse:
    """A program's invitations, for its coordinators: invite, filter, resend, withdraw."""
    program, _standing = get_program_for(request.user, program_id, "manage")
    groups = list(Community.objects.filter(program=program).order_by("name"))
    choices = [(c.pk, c.name) for c in groups]
    form = InviteForm(
        request.POST if request.method == "POST" else None, groups=choices, coordinator=True
    )
    if request.method == "POST":
        chosen = form.cleaned_data.get("community") if form.is_valid() else None
        community = next((c for c in groups if c.pk == chosen), None)
        if form.is_valid() and _invite(request, form, program=program, community=community):
            return redirect("invitations:program", program_id=program.pk)
    qs = Invitation.objects.filter(program=program)
    state = request.GET.get("state", "")
    if state in Invitation.State.values:
        qs = qs.in_state(state)
    group = request.GET.get("group", "")
    if group == "none":
        qs = qs.filter(community__isnull=True)
    elif group.isdigit():
        qs = qs.filter(community_id=int(group))
    page, rows = _rows(request, qs, coordinator=True)
    return render(
        request,
        "invitations/program.html",
        {
            "program": program,
            "form": form,
            "page": page,
            "rows": rows,
            "states": Invitation.State.choices,
            "state": state,
            "groups": choices,
            "group": group,
            "query": urlencode({k: v for k, v in {"state": state, "group": group}.items() if v}),
        },
    )


@login_required
def community_invitations(request: HttpRequest, community_id: int) -> HttpResponse:
    """Invite a colleague to the group: its members (as members) and the program's
    coordinators; each sees the invitations they may (see visible_invitations)."""
    community, standing = get_community_for(request.user, community_id, "members")
    coordinator = standing.program.is_coordinator
    form = InviteForm(request.POST if request.method == "POST" else None, coordinator=coordinator)
    if request.method == "POST" and _invite(
        request, form, program=community.program, community=community
    ):
        return redirect("invitations:community", community_id=community.pk)
    qs = visible_invitations(request.user, community.program).filter(community=community)
    page, rows = _rows(request, qs, coordinator=coordinator)
    return render(
        request,
        "invitations/community.html",
        {"community": community, "standing": standing, "form": form, "page": page, "rows": rows},
    )


def _managed(request: HttpRequest, invitation_id: int) -> Invitation:
    invitation = get_object_or_404(
        Invitation.objects.select_related("program", "community"), pk=invitation_id
    )
    if not visible_invitations(request.user, invitation.program).filter(pk=invitation.pk).exists():
        raise Http404
    return invitation


def _back(request: HttpRequest, invitation: Invitation) -> str:
    default = (
        reverse("invitations:community", kwargs={"community_id": invitation.community_id})
        if invitation.community_id
        else reverse("invitations:program", kwargs={"program_id": invitation.program_id})
    )
    return _safe_next(request, default)


@login_required
@require_POST
def resend(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _managed(request, invitation_id)
    try:
        actions.check_resend(actor=actor(request), invitation=invitation)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("We sent the invitation to %(email)s again, with a new link.")
            % {"email": invitation.email},
        )
    return redirect(_back(request, invitation))


@login_required
@require_POST
def withdraw(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _managed(request, invitation_id)
    try:
        actions.check_withdraw(actor=actor(request), invitation=invitation)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn: its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(_back(request, invitation))
