"""A program's pages built from its groups: the program's page (its groups with their seats),
every group's waiting list for its coordinators, and the changes of role waiting for them.
Routed under /programs/ in the `programs` namespace (fireside/communities/program_urls.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities import role_changes
from fireside.communities.member_views import pending_offers, waiting_rows
from fireside.communities.models import Community, Membership
from fireside.communities.page_parts import program_parts
from fireside.lib.errors import ActionError
from fireside.lib.http import actor
from fireside.programs import faq
from fireside.programs.access import get_program_for, program_standing
from fireside.programs.models import Program


def _communities_with_counts() -> Any:
    return Prefetch("communities", queryset=Community.objects.with_counts().order_by("name"))


def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_object_or_404(
        Program.objects.select_related("previous_year").prefetch_related(
            "commitments", "role_types", _communities_with_counts()
        ),
        pk=program_id,
    )
    # The year that continues this one: read only once it was continued.
    later = program.next_years.first() if program.read_only_from else None
    return render(
        request,
        "communities/program.html",
        {
            "program": program,
            "standing": program_standing(request.user, program),
            "later": later,
            "next_year": later if program.is_read_only() else None,
            "faq": faq.published_items(program),
            **program_parts(request.user, program),  # the library's link, the hours'
        },
    )


@login_required
def program_waitlists(request: HttpRequest, program_id: int) -> HttpResponse:
    """Every group's waitlist in the program, with the groups that have space, so a
    coordinator can offer a waiting person a seat elsewhere."""
    program, _standing = get_program_for(request.user, program_id, "manage")
    communities = list(Community.objects.with_counts().filter(program=program).order_by("name"))
    for c in communities:
        c.program = program  # one program, its role types read once for every group's label
    waiting: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.filter(community__program=program, status=Membership.Status.WAITLISTED)
        .select_related("user", "community")
        .prefetch_related(pending_offers())
        .order_by("requested_at", "pk")
    ):
        waiting.setdefault(membership.community_id, []).append(membership)
    return render(
        request,
        "communities/program_waitlists.html",
        {
            "program": program,
            "with_space": [c for c in communities if c.open_seats()],
            "queues": [
                (c, waiting_rows(waiting[c.pk], communities))
                for c in communities
                if c.pk in waiting
            ],
        },
    )


@login_required
def program_role_changes(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    return render(
        request,
        "communities/program_role_changes.html",
        {"program": program, "requests": role_changes.requests_for(program, actor(request))},
    )


@login_required
@require_POST
def role_change_decide(request: HttpRequest, program_id: int, user_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    user, decision = actor(request), request.POST.get("decision", "")
    back = redirect("programs:role_changes", program_id=program.pk)
    try:
        if decision == "confirm":
            unfit = role_changes.do_confirm_role_type(actor=user, program=program, user_id=user_id)
            messages.success(request, _("The new role is confirmed, and they are told by email."))
            if unfit:
                messages.warning(
                    request,
                    _(
                        "Their groups for another role: %(groups)s. Nobody was moved: talk "
                        "with them, and offer them a seat in a group for their new role."
                    )
                    % {"groups": ", ".join(c.name for c in unfit)},
                )
        elif decision == "decline":
            role_changes.do_decline_role_type(actor=user, program=program, user_id=user_id)
            messages.success(request, _("The change is declined, and they are told by email."))
        else:
            messages.error(request, _("Choose to confirm or decline."))
    except ActionError as exc:  # unknown, or already decided by someone else: said, not 404
        messages.error(request, exc.message)
    return back
