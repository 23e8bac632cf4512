"""The Gatherings section of api-v1.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from fireside.api.core import me
from fireside.communities.access import get_community_for
from fireside.gatherings import actions, debriefs, ics, notices, scheduling
from fireside.gatherings.access import get_gathering_for
from fireside.gatherings.calendar_links import agenda_headline
from fireside.gatherings.models import Activity, DebriefCall, Gathering, Rsvp
from fireside.lib.errors import InvalidInput

router = Router(tags=["gatherings"])


class AgendaIn(Schema):
    topic: str
    activity: Activity
    minutes: int
    shared_with_guests: bool = False


class GatheringIn(Schema):
    title: str
    starts_at: dt.datetime
    duration_minutes: int
    timezone: str | None = None
    location: str = ""
    online_url: str = ""
    recurrence: str | None = None
    agenda: list[AgendaIn] = []
    # true: record a past gathering (nobody is invited); false: refuse a past start;
    # left out: either, as in API v1.
    already_happened: bool | None = None
    # A clash with another gathering of the group or of the caller is refused (409) unless true.
    allow_clash: bool = False


class GatheringPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    starts_at: dt.datetime | None = None
    duration_minutes: int | None = None
    timezone: str | None = None
    location: str | None = None
    online_url: str | None = None
    notes: str | None = None
    action_points: list[str] | None = None
    ideas_next_time: str | None = None
    agenda: list[AgendaIn] | None = None
    # false: a new start or length that clashes with another gathering is refused (409);
    # true, the default, keeps API v1 (a changed time is saved and re-sent).
    allow_clash: bool = True


class Window(Schema):
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None


class RsvpIn(Schema):
    response: Rsvp.Response


class AttendanceIn(Schema):
    user_id: int
    present: bool = True
    minutes: int | None = None


class DebriefIn(Schema):
    logistics: str = ""
    common_threads: str = ""
    wonderings: str = ""


class DebriefCallIn(Schema):
    starts_at: dt.datetime
    duration_minutes: int = 30
    timezone: str | None = None
    location: str = ""
    online_url: str = ""


def summary(g: Gathering) -> dict[str, Any]:
    """What the schedule shows: title, time, place, counts — nothing said inside."""
    return {
        "id": g.pk,
        "community": g.community_id,
        "series_id": g.series_id,
        "title": g.title,
        # In the gathering's own zone, with its offset: the same instant, readable as is.
        "starts_at": g.local_start,
        "ends_at": g.ends_at.astimezone(g.tz),
        "duration_minutes": g.duration_minutes,
        "timezone": g.timezone,
        "location": g.location,
        "online_url": g.online_url,
        "cancelled": g.is_cancelled,
        "sequence": g.sequence,
        "attended": getattr(g, "attended", None),
    }


def detail(g: Gathering, user: Any) -> dict[str, Any]:
    rsvps = {r.user_id: r.response for r in g.rsvps.all()}
    return {
        **summary(g),
        "agenda": [
            {
                "topic": a.topic,
                "activity": a.activity,
                "minutes": a.minutes,
                "shared_with_guests": a.shared_with_guests,
            }
            for a in g.agenda.all()
        ],
        "notes": g.notes,
        "action_points": g.action_points,
        "ideas_next_time": g.ideas_next_time,
        "rsvp_counts": {r: list(rsvps.values()).count(r) for r in Rsvp.Response.values},
        "my_rsvp": rsvps.get(user.pk),
    }


@router.post("/communities/{community_id}/gatherings", response={201: dict})
def schedule(request: HttpRequest, community_id: int, payload: GatheringIn) -> Status:
    community, _ = get_community_for(me(request), community_id, "plan")
    series, gatherings, notice = scheduling.check_schedule(
        actor=me(request),
        community=community,
        title=payload.title,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        timezone_name=payload.timezone,
        location=payload.location,
        online_url=payload.online_url,
        recurrence=payload.recurrence,
        agenda=[a.dict() for a in payload.agenda],
        already_happened=payload.already_happened,
        allow_clash=payload.allow_clash,
    )
    return Status(
        201,
        {
            "series_id": series.pk if series else None,
            "gatherings": [summary(g) for g in gatherings],
            # Set when the program's end cut the series short: say so to the person.
            "notice": notice or None,
        },
    )


@router.get("/communities/{community_id}/gatherings")
def list_gatherings(
    request: HttpRequest, community_id: int, window: Query[Window]
) -> dict[str, Any]:
    """The schedule: members, and the program's mentors and coordinators (titles, times and
    attendance counts only)."""
    community, _standing = get_community_for(me(request), community_id, "schedule")
    qs = Gathering.objects.filter(community=community).annotate(
        attended=Count("attendance", filter=Q(attendance__present=True))
    )
    if window.from_:
        qs = qs.filter(starts_at__date__gte=window.from_)
    if window.to:
        if window.from_ and window.to < window.from_:
            raise InvalidInput(_("`to` must be on or after `from`."))
        qs = qs.filter(starts_at__date__lte=window.to)
    items = [summary(g) for g in qs.order_by("starts_at")[:500]]
    return {"count": len(items), "items": items}


@router.get("/gatherings/{gathering_id}")
def get_gathering(request: HttpRequest, gathering_id: int) -> dict[str, Any]:
    gathering, _ = get_gathering_for(me(request), gathering_id, "content")
    return detail(gathering, me(request))


@router.patch("/gatherings/{gathering_id}")
def update_gathering(
    request: HttpRequest, gathering_id: int, payload: GatheringPatch
) -> dict[str, Any]:
    gathering, _ = get_gathering_for(me(request), gathering_id, "plan")
    changes = payload.dict(exclude_unset=True)
    allow_clash = changes.pop("allow_clash", True)
    updated = scheduling.check_update_gathering(
        actor=me(request), gathering=gathering, changes=changes, allow_clash=allow_clash
    )
    return detail(updated, me(request))


@router.post("/gatherings/{gathering_id}/rsvp")
def rsvp(request: HttpRequest, gathering_id: int, payload: RsvpIn) -> dict[str, Any]:
    gathering, _ = get_gathering_for(me(request), gathering_id, "content")
    answer = actions.do_rsvp(user=me(request), gathering=gathering, response=payload.response)
    return {"gathering_id": gathering.pk, "response": answer.response}


@router.put("/gatherings/{gathering_id}/attendance")
def attendance(
    request: HttpRequest, gathering_id: int, payload: list[AttendanceIn]
) -> dict[str, Any]:
    gathering, _ = get_gathering_for(me(request), gathering_id, "facilitate")
    rows = actions.check_record_attendance(
        actor=me(request), gathering=gathering, rows=[r.dict() for r in payload]
    )
    return {
        "gathering_id": gathering.pk,
        "items": [{"user_id": a.user_id, "present": a.present, "minutes": a.minutes} for a in rows],
    }


@router.post("/gatherings/{gathering_id}/debrief", response={200: dict, 201: dict})
def debrief(request: HttpRequest, gathering_id: int, payload: DebriefIn) -> Status:
    gathering, _ = get_gathering_for(me(request), gathering_id, "debrief")
    filed, created = actions.check_file_debrief(
        actor=me(request), gathering=gathering, **payload.dict()
    )
    return Status(
        201 if created else 200,
        {
            "gathering_id": gathering.pk,
            "logistics": filed.logistics,
            "common_threads": filed.common_threads,
            "wonderings": filed.wonderings,
        },
    )


def call_out(call: DebriefCall) -> dict[str, Any]:
    return {
        "gathering_id": call.gathering_id,
        "starts_at": call.local_start,
        "ends_at": call.ends_at.astimezone(call.tz),
        "duration_minutes": call.duration_minutes,
        "timezone": call.timezone,
        "location": call.location,
        "online_url": call.online_url,
        "sequence": call.sequence,
    }


@router.get("/gatherings/{gathering_id}/debrief-call")
def get_debrief_call(request: HttpRequest, gathering_id: int) -> dict[str, Any]:
    gathering, _ = get_gathering_for(me(request), gathering_id, "debrief")
    call = debriefs.live_call(gathering)
    if call is None:
        raise Http404
    return call_out(call)


@router.put("/gatherings/{gathering_id}/debrief-call", response={200: dict, 201: dict})
def set_debrief_call(request: HttpRequest, gathering_id: int, payload: DebriefCallIn) -> Status:
    gathering, _ = get_gathering_for(me(request), gathering_id, "debrief")
    call, created = debriefs.check_schedule_debrief_call(
        actor=me(request),
        gathering=gathering,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        timezone_name=payload.timezone,
        location=payload.location,
        online_url=payload.online_url,
    )
    return Status(201 if created else 200, call_out(call))


@router.delete("/gatherings/{gathering_id}/debrief-call", response={204: None})
def cancel_debrief_call(request: HttpRequest, gathering_id: int) -> Status:
    gathering, _ = get_gathering_for(me(request), gathering_id, "debrief")
    debriefs.do_cancel_debrief_call(actor=me(request), gathering=gathering)
    return Status(204, None)


@router.get("/communities/{community_id}/calendar.ics")
def community_calendar(request: HttpRequest, community_id: int) -> HttpResponse:
    community, _ = get_community_for(me(request), community_id, "content")
    body = ics.calendar(
        Gathering.objects.filter(community=community).select_related("community"),
        name=community.name,
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@router.get("/gatherings/{gathering_id}/calendar.ics")
def gathering_calendar(request: HttpRequest, gathering_id: int) -> HttpResponse:
    gathering, _ = get_gathering_for(me(request), gathering_id, "content")
    headline = agenda_headline(list(gathering.agenda.all()))
    return HttpResponse(
        ics.one(gathering, headline=headline), content_type="text/calendar; charset=utf-8"
    )


@router.get("/me/calendar")
def my_calendar(request: HttpRequest) -> dict[str, str]:
    return {"feed_url": _feed_url(request, notices.feed_for(me(request)).token)}


@router.post("/me/calendar/rotate")
def rotate_calendar(request: HttpRequest) -> dict[str, str]:
    return {"feed_url": _feed_url(request, notices.do_rotate_feed(user=me(request)).token)}


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("gatherings:feed", kwargs={"feed_token": token}))
