"""{% peer_mentoring user as pm %}: what the home page's "Peer mentoring" section shows,
so `mentoring/_home.html` can be included anywhere with nothing but `user` in context."""

from __future__ import annotations

from typing import Any

from django import template

from fireside.mentoring.home import PeerMentoring, home_summary

register = template.Library()


@register.simple_tag
def peer_mentoring(user: Any) -> PeerMentoring:
    if not getattr(user, "is_authenticated", False):
        return PeerMentoring()
    return home_summary(user)
