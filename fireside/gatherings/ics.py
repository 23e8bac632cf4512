"""iCalendar (RFC 5545) output: invitations, cancellations and feeds.

Every gathering is its own VEVENT with a UID that never changes; SEQUENCE goes up with
each change, so calendar apps replace the event instead of adding a second one. Times are
written in the gathering's own time zone with its VTIMEZONE, so daylight-saving changes
land right in every calendar app.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from icalendar import Calendar, Event, vCalAddress, vText

from fireside.gatherings.calendar_links import event_details
from fireside.gatherings.models import DebriefCall, Gathering

PRODID = "-//Fireside//Communities of practice//EN"
# A personal feed is rendered again when one of its gatherings changes, appears or goes
# (a group joined or left); past this, also when a group's name changed.
FEED_CACHE_SECONDS = 15 * 60


def _event(
    g: Gathering, *, cancelled: bool = False, attendee: str | None = None, headline: str = ""
) -> Event:
    event = Event()
    event.add("uid", g.uid)
    event.add("sequence", g.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", g.local_start)
    event.add("dtend", g.ends_at.astimezone(g.tz))
    event.add("summary", g.title)
    event.add("status", "CANCELLED" if cancelled or g.is_cancelled else "CONFIRMED")
    if g.location:
        event.add("location", g.location)
    if g.online_url:
        event.add("url", g.online_url)
    event.add("description", event_details(g, headline))
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(g.community.name)
    event.add("organizer", organizer)
    if attendee:
        guest = vCalAddress(f"mailto:{attendee}")
        guest.params["partstat"] = vText("NEEDS-ACTION")
        guest.params["rsvp"] = vText("FALSE")
        event.add("attendee", guest)
    return event


def calendar(
    gatherings: Iterable[Gathering],
    *,
    method: str | None = None,
    name: str = "Fireside",
    attendee: str | None = None,
) -> bytes:
    """A calendar of the given gatherings. method: REQUEST (invitation), CANCEL, or None for
    a feed (subscribed calendars take no METHOD)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    for g in gatherings:
        cal.add_component(_event(g, cancelled=method == "CANCEL", attendee=attendee))
    cal.add_missing_timezones()
    return cal.to_ical()


def one(g: Gathering, *, headline: str) -> bytes:
    """One gathering to download and open in a calendar app: no METHOD, so the app adds
    it as an event (its UID is the invitation's, so it does not end up there twice)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add_component(_event(g, headline=headline))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed(gatherings: QuerySet[Gathering], *, key: str, name: str) -> bytes:
    """A personal feed, rendered once and then served from the cache while its gatherings
    stay as they were: calendar apps fetch it again and again, and writing a year of
    gatherings costs far more than asking whether any of them changed. `key` is the
    feed's secret token, so nobody is ever served someone else's feed."""
    version = gatherings.order_by().aggregate(
        n=Count("pk"), ids=Sum("pk"), changed=Max("updated_at")
    )
    stamp = f"{key}|{get_language()}|{version['n']}|{version['ids']}|{version['changed']}"
    cache_key = "gatherings:feed:" + hashlib.sha256(stamp.encode()).hexdigest()
    body = cache.get(cache_key)
    if body is None:
        body = calendar(gatherings, name=name)
        cache.set(cache_key, body, FEED_CACHE_SECONDS)
    return body


def debrief_call(call: DebriefCall, *, method: str, attendees: Iterable[str]) -> bytes:
    """The invitation to talk a gathering over (REQUEST), or its cancellation (CANCEL): one
    VEVENT with the call's own UID and SEQUENCE, its people as attendees."""
    g = call.gathering
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    event = Event()
    event.add("uid", call.uid)
    event.add("sequence", call.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", call.local_start)
    event.add("dtend", call.ends_at.astimezone(call.tz))
    event.add(
        "summary",
        gettext("Debrief: %(title)s (%(group)s)") % {"title": g.title, "group": g.community.name},
    )
    cancelled = method == "CANCEL" or call.cancelled_at is not None
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if call.location:
        event.add("location", call.location)
    description = [
        gettext("The debrief conversation after the gathering of %(day)s.")
        % {"day": g.local_start.date().isoformat()}
    ]
    if call.online_url:
        event.add("url", call.online_url)
        description.append(gettext("Online: %(url)s") % {"url": call.online_url})
    description.append(
        settings.SITE_URL + reverse("gatherings:debrief", kwargs={"gathering_id": g.pk})
    )
    event.add("description", "\n".join(description))
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(g.community.name)
    event.add("organizer", organizer)
    for address in attendees:
        guest = vCalAddress(f"mailto:{address}")
        guest.params["partstat"] = vText("NEEDS-ACTION")
        guest.params["rsvp"] = vText("FALSE")
        event.add("attendee", guest)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
