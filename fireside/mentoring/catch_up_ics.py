"""A pair's catch-up as an iCalendar file (RFC 5545) to open in a calendar app.

One VEVENT whose UID never changes; SEQUENCE goes up each time it is moved (or cancelled),
so calendar apps replace it rather than add a second one. METHOD:PUBLISH: nobody is invited
by it, each partner adds it to their own calendar. The summary names the partners by first
name; the place is there (only the two of them download it); nothing else of theirs is.
"""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from fireside.accounts.models import User
from fireside.gatherings.ics import PRODID
from fireside.mentoring.models import CatchUp, Pairing
from fireside.mentoring.pair_space import catch_up_details, catch_up_title, zone_for


def one(catch_up: CatchUp, pairing: Pairing, user: User) -> bytes:
    zone = zone_for(user, pairing.community.program)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", catch_up.uid)
    event.add("sequence", catch_up.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", catch_up.starts_at.astimezone(zone))
    event.add("dtend", catch_up.ends_at.astimezone(zone))
    event.add("summary", catch_up_title(pairing, user))
    event.add("status", "CANCELLED" if catch_up.is_cancelled else "CONFIRMED")
    if catch_up.where_is_link:
        event.add("url", catch_up.where)
    if catch_up.where:
        event.add("location", catch_up.where)
    event.add("description", catch_up_details(pairing))
    cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
