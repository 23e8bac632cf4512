"""Members choosing their partners (fireside/mentoring/partner_requests.py): "Find a
partner" for one program, and one's requests, received and sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.lib.errors import ActionError
from fireside.lib.http import actor
from fireside.mentoring import partner_requests as pr
from fireside.mentoring.access import get_program_to_reflect
from fireside.mentoring.models import REQUEST_DAYS, REQUEST_NOTE_MAX


def find_partner(request: HttpRequest, program_id: int) -> HttpResponse:
    """A few people who might suit, with why, and a short note to ask one of them."""
    program = get_program_to_reflect(request.user, program_id)  # its participants
    user = actor(request)
    if request.method == "POST":
        raw = request.POST.get("to_user", "")
        try:
            sent = pr.check_send_request(
                sender=user,
                program=program,
                to_user_id=int(raw) if raw.isdigit() and len(raw) < 19 else raw,
                note=request.POST.get("note", ""),
            )
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Your request is on its way to %(name)s.") % {"name": sent.to_user.display_name},
            )
            return redirect("mentoring:partner_requests")
    finding = pr.find(user, program)
    return render(
        request,
        "mentoring/find_partner.html",
        {
            "program": program,
            "finding": finding,
            "members_choose": pr.members_choose(program),
            "across": pr.across_program(program),
            "note_max": REQUEST_NOTE_MAX,
            "max_pending": pr.MAX_PENDING,
            "request_days": REQUEST_DAYS,
        },
    )


@login_required
def partner_requests(request: HttpRequest) -> HttpResponse:
    """Requests waiting for one's answer, and one's own (never saying who declined)."""
    user = actor(request)
    return render(
        request,
        "mentoring/partner_requests.html",
        {"received": pr.received(user), "sent": pr.sent(user), "request_days": REQUEST_DAYS},
    )


@require_POST
def accept_request(request: HttpRequest, request_id: int) -> HttpResponse:
    item = pr.get_request_for(request.user, request_id, "to")
    try:
        pairing = pr.check_accept_request(user=actor(request), request=item)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("mentoring:partner_requests")
    messages.success(request, _("You are partners now. We emailed you both."))
    return redirect("mentoring:pair", pairing.pk)


@require_POST
def decline_request(request: HttpRequest, request_id: int) -> HttpResponse:
    item = pr.get_request_for(request.user, request_id, "to")
    try:
        pr.do_decline_request(user=actor(request), request=item)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Declined. Nobody is told."))
    return redirect("mentoring:partner_requests")


@require_POST
def withdraw_request(request: HttpRequest, request_id: int) -> HttpResponse:
    item = pr.get_request_for(request.user, request_id, "from")
    try:
        pr.do_withdraw_request(user=actor(request), request=item)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("mentoring:partner_requests")
