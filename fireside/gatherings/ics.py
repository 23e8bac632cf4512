"""iCalendar (RFC 5545) output: invitations, cancellations and feeds.

Every gathering is its own VEVENT with a UID that never changes; SEQUENCE goes up with
each change, so calendar apps replace the event instead of adding a second one. Times are
written in the gathering's own time zone with its VTIMEZONE, so daylight-saving changes
land right in every calendar app.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from fireside.gatherings.models import Gathering

PRODID = "-//Fireside//Communities of practice//EN"


def _event(g: Gathering, *, cancelled: bool = False, attendee: str | None = None) -> Event:
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
    description = [f"{g.community.name}"]
    if g.online_url:
        event.add("url", g.online_url)
        description.append(f"Online: {g.online_url}")
    description.append(
        settings.SITE_URL + reverse("gatherings:detail", kwargs={"gathering_id": g.pk})
    )
    event.add("description", "\n".join(description))
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
