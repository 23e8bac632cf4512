"""Pages for time people record themselves (fireside/hours/time.py): a member's "Record your
time" for their groups' online conversations, a facilitator's preparation and debrief for a
gathering they held, and the group's monthly totals for its facilitators (minutes only)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import FACILITATING, get_community_for
from fireside.communities.models import CommunityRole, Membership
from fireside.gatherings.access import get_gathering_for
from fireside.hours import time
from fireside.hours.access import get_program_for_participant
from fireside.hours.counting import counted_minutes
from fireside.hours.forms import OnlineTimeForm, PreparationTimeForm
from fireside.hours.models import TimeEntry
from fireside.lib.errors import ActionError, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


@login_required
def record(request: HttpRequest, program_id: int) -> HttpResponse:
    """Record your time: about how many minutes in each group's online conversations in a
    month, once a month (recording a month again replaces it)."""
    program, _places = get_program_for_participant(request.user, program_id)
    user = actor(request)
    active = list(
        Membership.objects.filter(
            user=user,
            community__program=program,
            status=Membership.Status.ACTIVE,
            joined_on__isnull=False,
        ).select_related("community")
    )
    cap = program.online_conversation_cap_minutes
    joined = min((m.joined_on for m in active if m.joined_on), default=None)
    months = [(f"{m:%Y-%m}", date_format(m, "F Y")) for m in time.online_months(program, joined)]
    groups = [(m.community_id, m.community.name) for m in active]
    form = None
    if cap and active and months:
        initial = {
            "community": request.GET.get("community") or groups[0][0],
            "month": request.GET.get("month")
            or (months[1][0] if len(months) > 1 else months[0][0]),
        }
        form = OnlineTimeForm(
            request.POST if request.method == "POST" else None,
            groups=groups,
            months=months,
            cap=cap,
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            chosen = next(
                m.community for m in active if m.community_id == form.cleaned_data["community"]
            )
            try:
                entry, _new = time.do_record_online_time(
                    user=user,
                    community=chosen,
                    month=form.cleaned_data["month"],
                    minutes=form.cleaned_data["minutes"],
                    note=form.cleaned_data["note"],
                )
            except ActionError as exc:
                add_action_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Recorded: %(n)s minutes in %(group)s's online conversations in %(month)s.")
                    % {
                        "n": entry.minutes,
                        "group": chosen.name,
                        "month": date_format(entry.month, "F Y"),
                    },
                )
                return redirect("hours:record", program.pk)
    entries = list(
        TimeEntry.objects.filter(user=user, program=program)
        .select_related("community", "gathering")
        .order_by("-month", "kind", "pk")
    )
    facilitating = (
        set(
            CommunityRole.objects.current()
            .filter(
                user=user, role__in=FACILITATING, community__in=[m.community_id for m in active]
            )
            .values_list("community_id", flat=True)
        )
        if active
        else set()
    )
    for entry in entries:
        entry.counted = counted_minutes(program, entry.kind, entry.minutes)  # type: ignore[attr-defined]
    return render(
        request,
        "hours/record.html",
        {
            "program": program,
            "form": form,
            "entries": entries,
            "cap": cap,
            "facilitated": [m.community for m in active if m.community_id in facilitating],
        },
    )


@login_required
@require_POST
def remove(request: HttpRequest, time_entry_id: int) -> HttpResponse:
    entry = get_object_or_404(TimeEntry.objects.select_related("program"), pk=time_entry_id)
    if entry.user_id != request.user.pk:
        raise Refused(404)
    try:
        time.do_remove_time(user=actor(request), entry=entry)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("That time is removed from your hours."))
    return redirect("hours:record", entry.program_id)


@login_required
def preparation(request: HttpRequest, gathering_id: int) -> HttpResponse:
    """A facilitator's preparation and debrief time for a gathering they held."""
    gathering, standing = get_gathering_for(request.user, gathering_id, "facilitate")
    program = gathering.community.program
    user = actor(request)
    existing = TimeEntry.objects.filter(
        user=user, gathering=gathering, kind=TimeEntry.Kind.PREPARATION
    ).first()
    cap = program.facilitation_cap_minutes
    form = None
    if cap:
        initial = {"minutes": existing.minutes, "note": existing.note} if existing else {}
        form = PreparationTimeForm(
            request.POST if request.method == "POST" else None, cap=cap, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            try:
                entry, _new = time.do_record_preparation_time(
                    user=user,
                    gathering=gathering,
                    minutes=form.cleaned_data["minutes"],
                    note=form.cleaned_data["note"],
                )
            except ActionError as exc:
                add_action_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Recorded: %(n)s minutes preparing and debriefing %(title)s.")
                    % {"n": entry.minutes, "title": gathering.title},
                )
                return redirect("gatherings:detail", gathering.pk)
    return render(
        request,
        "hours/preparation.html",
        {
            "gathering": gathering,
            "community": gathering.community,
            "standing": standing,
            "program": program,
            "form": form,
            "existing": existing,
            "cap": cap,
        },
    )


def _months_back(today: dt.date, n: int) -> list[dt.date]:
    months, month = [], today.replace(day=1)
    for _i in range(n):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


@login_required
def group_online(request: HttpRequest, community_id: int) -> HttpResponse:
    """For the group's facilitators: each member's recorded minutes in the group's online
    conversations, month by month. Minutes only: never notes."""
    community, standing = get_community_for(request.user, community_id, "facilitate")
    program = community.program
    totals: dict[tuple[int, dt.date], int] = {}
    for user_id, month, minutes in TimeEntry.objects.filter(
        community=community, kind=TimeEntry.Kind.ONLINE
    ).values_list("user_id", "month", "minutes"):
        totals[(user_id, month)] = counted_minutes(program, TimeEntry.Kind.ONLINE, minutes)
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__name", "pk")
    )
    months = sorted({m for _u, m in totals}, reverse=True)[:12]
    rows = [(m.user, [totals.get((m.user_id, month)) for month in months]) for m in members]
    return render(
        request,
        "hours/group_online.html",
        {
            "community": community,
            "standing": standing,
            "program": program,
            "months": months,
            "rows": rows,
        },
    )
