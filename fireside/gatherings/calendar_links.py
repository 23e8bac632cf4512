"""Links around one gathering: add it to a web calendar (Google, Outlook; also a pair's
catch-up), find its place on a map (OpenStreetMap), and when its online link opens. Plain
links the member clicks: no script from elsewhere runs on our pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.gatherings.models import AgendaItem, Gathering

JOIN_OPENS_BEFORE = dt.timedelta(minutes=15)
HEADLINE_TOPICS = 3


def agenda_headline(agenda: Sequence[AgendaItem]) -> str:
    """The first topics of the agenda on one line."""
    topics = [item.topic for item in agenda[:HEADLINE_TOPICS]]
    return " · ".join(topics) + (" …" if len(agenda) > HEADLINE_TOPICS else "")


def event_details(g: Gathering, headline: str) -> str:
    """What a calendar event says about the gathering, one fact a line."""
    lines = [g.community.name]
    if headline:
        lines.append(_("Agenda: %(headline)s") % {"headline": headline})
    if g.online_url:
        lines.append(_("Online: %(url)s") % {"url": g.online_url})
    lines.append(settings.SITE_URL + reverse("gatherings:detail", kwargs={"gathering_id": g.pk}))
    return "\n".join(lines)


def _utc(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class CalendarLinks:
    google: str
    outlook: str


def web_calendar_links(g: Gathering, headline: str) -> CalendarLinks:
    return event_links(
        title=g.title,
        starts_at=g.starts_at,
        ends_at=g.ends_at,
        details=event_details(g, headline),
        place=g.location or g.online_url,
        zone=g.timezone,
    )


def event_links(
    *,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    details: str,
    place: str,
    zone: str,
) -> CalendarLinks:
    """Add-to-calendar links for any event (a gathering, a pair's catch-up)."""
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{_utc(starts_at)}/{_utc(ends_at)}",
        "details": details,
        "location": place,
        "ctz": zone,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": starts_at.astimezone(dt.UTC).isoformat(),
        "enddt": ends_at.astimezone(dt.UTC).isoformat(),
        "body": details,
        "location": place,
    }
    return CalendarLinks(
        google="https://calendar.google.com/calendar/render?" + urlencode(google),
        outlook="https://outlook.live.com/calendar/0/action/compose?" + urlencode(outlook),
    )


def map_link(g: Gathering) -> str:
    """A search for the place on OpenStreetMap, for gatherings that have one."""
    if not g.location.strip():
        return ""
    return "https://www.openstreetmap.org/search?" + urlencode({"query": g.location})


def join_state(g: Gathering, now: dt.datetime | None = None) -> str:
    """For the online link: "soon" before it opens (15 minutes before the start), "open"
    until the end, "" when there is no link to show (none, over, or cancelled)."""
    now = now or timezone.now()
    if not g.online_url or g.is_cancelled or now >= g.ends_at:
        return ""
    return "open" if now >= g.starts_at - JOIN_OPENS_BEFORE else "soon"
