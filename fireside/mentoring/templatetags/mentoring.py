"""{% peer_mentoring user places as pm %}: what the home page's "Peer mentoring" section
shows, so `mentoring/_home.html` can be included anywhere with nothing but `user` in
context; `places` (fireside.communities.places), when the page has read them, saves reading
the person's groups again."""

from __future__ import annotations

from typing import Any

from django import template

from fireside.communities.places import Places
from fireside.mentoring.home import PeerMentoring, home_summary

register = template.Library()


@register.simple_tag
def peer_mentoring(user: Any, places: Any = None) -> PeerMentoring:
    if not getattr(user, "is_authenticated", False):
        return PeerMentoring()
    return home_summary(user, places if isinstance(places, Places) else None)


@register.inclusion_tag("mentoring/_reminders.html", takes_context=True)
def reflection_reminders(context: Any) -> dict[str, Any]:
    """The reminder choice, for the email settings page (one query)."""
    from fireside.mentoring.reflecting import reminders_on

    request = context["request"]
    return {"request": request, "reminders_on": reminders_on(request.user)}
