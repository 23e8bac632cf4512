"""The debrief conversation of one gathering: propose a time and a link or place, change
it, call it off. For the group's facilitators and the program's mentors (the "debrief"
need); everyone taking part gets an invitation with a calendar file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import Standing
from fireside.gatherings import debriefs
from fireside.gatherings.access import gathering_view
from fireside.gatherings.forms import DebriefCallForm
from fireside.gatherings.models import Gathering
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


def _initial(gathering: Gathering, call: Any) -> dict[str, Any]:
    if call is not None:
        local = call.local_start
        return {
            "date": local.date(),
            "start_time": local.time(),
            "duration_minutes": call.duration_minutes,
            "timezone": call.timezone,
            "online_url": call.online_url,
            "location": call.location,
        }
    # A suggestion: two days after the gathering (or tomorrow), at the hour it began.
    start = max(
        gathering.local_start + dt.timedelta(days=2),
        timezone.now().astimezone(gathering.tz) + dt.timedelta(days=1),
    )
    began = gathering.local_start.time()
    return {
        "date": start.date(),
        "start_time": began.replace(minute=began.minute // 30 * 30, second=0, microsecond=0),
        "timezone": gathering.timezone,
    }


@gathering_view("debrief")
def debrief_call(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    g = gathering
    call = debriefs.live_call(g)
    form = DebriefCallForm(request.POST or None, initial=_initial(g, call))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _call, created = debriefs.check_schedule_debrief_call(
                    actor=actor(request),
                    gathering=g,
                    starts_at=form.wall_clock(),
                    duration_minutes=form.cleaned_data["duration_minutes"],
                    timezone_name=form.cleaned_data["timezone"],
                    location=form.cleaned_data["location"],
                    online_url=form.cleaned_data["online_url"],
                )
            except ActionError as exc:
                add_action_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("The conversation is set. Everyone taking part has an invitation by email.")
                    if created
                    else _("Saved. Everyone taking part has the new details by email."),
                )
                return redirect("gatherings:debrief_call", gathering_id=g.pk)
        else:
            status = 400
    return render(
        request,
        "gatherings/debrief_call.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "call": call,
            "form": form,
            "people": debriefs.debrief_people(g),
            "started": g.starts_at <= timezone.now(),
        },
        status=status,
    )


@require_POST
@gathering_view("debrief")
def cancel_debrief_call(
    request: HttpRequest, gathering: Gathering, standing: Standing
) -> HttpResponse:
    try:
        debriefs.do_cancel_debrief_call(actor=actor(request), gathering=gathering)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The conversation is called off. Everyone has an email about it.")
        )
    return redirect("gatherings:debrief_call", gathering_id=gathering.pk)
