"""Guests of one gathering: the facilitators' page to invite, resend and withdraw, the
guests' section of the attendance sheet, and the guest's own page behind the signed link
in their email (no sign-in: the link is the key; see fireside/gatherings/guests.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fireside.communities.access import Standing
from fireside.gatherings import guests
from fireside.gatherings.access import gathering_view
from fireside.gatherings.calendar_links import join_state, map_link
from fireside.gatherings.guest_forms import GuestForm
from fireside.gatherings.models import Gathering
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


def _guest_id(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 19 else 0


@gathering_view("plan")
def guest_list(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    g = gathering
    form = GuestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                guest = guests.do_invite_guest(
                    actor=actor(request), gathering=g, **form.cleaned_data
                )
            except ActionError as exc:
                add_action_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("%(name)s is invited: the email with their link is on its way.")
                    % {"name": guest.name},
                )
                return redirect("gatherings:guests", gathering_id=g.pk)
        else:
            status = 400
    invited = list(g.guests.all())
    return render(
        request,
        "gatherings/guest_list.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "form": form,
            "live": [x for x in invited if not x.is_withdrawn],
            "withdrawn": [x for x in invited if x.is_withdrawn],
            "max_guests": guests.MAX_GUESTS,
            "open": not g.is_cancelled and g.ends_at > timezone.now(),
        },
        status=status,
    )


@require_POST
@gathering_view("plan")
def resend_guest(
    request: HttpRequest, gathering: Gathering, standing: Standing, guest_id: int
) -> HttpResponse:
    try:
        guest = guests.guest_of(gathering, guest_id)
        guests.do_resend_invitation(actor=actor(request), guest=guest)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The invitation went again to %(email)s.") % {"email": guest.email}
        )
    return redirect("gatherings:guests", gathering_id=gathering.pk)


@require_http_methods(["GET", "POST"])
@gathering_view("plan")
def withdraw_guest(
    request: HttpRequest, gathering: Gathering, standing: Standing, guest_id: int
) -> HttpResponse:
    """A page that asks first; its button withdraws the invitation."""
    try:
        guest = guests.guest_of(gathering, guest_id)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("gatherings:guests", gathering_id=gathering.pk)
    if request.method == "POST":
        try:
            guests.do_withdraw_guest(actor=actor(request), guest=guest)
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The invitation of %(name)s is withdrawn: their link no longer works.")
                % {"name": guest.name},
            )
        return redirect("gatherings:guests", gathering_id=gathering.pk)
    return render(
        request,
        "gatherings/guest_withdraw.html",
        {
            "gathering": gathering,
            "community": gathering.community,
            "standing": standing,
            "guest": guest,
        },
    )


@require_POST
@gathering_view("facilitate")
def guest_attendance(
    request: HttpRequest, gathering: Gathering, standing: Standing
) -> HttpResponse:
    """The guests' part of the attendance sheet: its own form, so it never mixes with the
    members' (guests earn no hours)."""
    present = {_guest_id(raw) for raw in request.POST.getlist("guest")[:20]} - {0}
    try:
        rows = guests.check_record_guest_attendance(
            actor=actor(request), gathering=gathering, present=present
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Guests saved: %(n)s present.") % {"n": sum(1 for r in rows if r.attended)},
        )
    return redirect("gatherings:attendance", gathering_id=gathering.pk)


# --- The guest's own page ------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    # The address is a key: it stays out of caches, search engines and other sites' logs.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def guest_page(request: HttpRequest, guest_token: str) -> HttpResponse:
    """What a guest sees: the gathering's time, place, online link and the agenda items
    shared with guests. Nothing else of the group."""
    try:
        if request.method == "POST":
            answer = request.POST.get("coming")
            coming: Any = {"yes": True, "no": False}.get(answer or "", answer)
            guest = guests.do_guest_answer(token=guest_token, coming=coming)
            messages.success(
                request,
                _("Thank you! The group knows you are coming.")
                if guest.coming
                else _("Thank you for letting the group know."),
            )
            return _private(redirect("gatherings:guest_page", guest_token=guest_token))
        guest = guests.check_guest_link(guest_token)
    except ActionError as exc:
        return _refused(request, exc)
    g = guest.gathering
    return _private(
        render(
            request,
            "gatherings/guest_page.html",
            {
                "guest": guest,
                "gathering": g,
                "group_name": g.community.name,
                "time": g.local_start,
                "end": g.ends_at.astimezone(g.tz),
                "agenda": guests.shared_agenda(g),
                "join": join_state(g),
                "map_link": map_link(g),
                "started": g.starts_at <= timezone.now(),
                "token": guest_token,
            },
        )
    )


def _refused(request: HttpRequest, exc: ActionError) -> HttpResponse:
    """A forged, expired or withdrawn link: the reason, in words, and nothing of the group."""
    return _private(
        render(
            request,
            "gatherings/guest_page.html",
            {"refused": True, "message": exc.message},
            status=exc.status,
        )
    )


def guest_ics(request: HttpRequest, guest_token: str) -> HttpResponse:
    try:
        guest = guests.check_guest_link(guest_token)
    except ActionError as exc:
        return _refused(request, exc)
    response = HttpResponse(
        guests.guest_calendar(guest), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="gathering-{guest.gathering_id}.ics"'
    return _private(response)
