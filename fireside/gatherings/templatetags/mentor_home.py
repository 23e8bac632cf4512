"""{% mentor_home user mentored as mh %}: what the home page's mentor section shows (see
fireside.gatherings.mentor_home.mentor_home); `mentored` is the programs the person mentors in,
which the home view has read already, so nobody else costs a query."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from fireside.gatherings.mentor_home import MentorHome, mentor_home

register = template.Library()


@register.simple_tag(name="mentor_home")
def mentor_home_tag(user: Any, mentored: Any = None) -> MentorHome:
    if not getattr(user, "is_authenticated", False) or not mentored:
        return MentorHome()
    return mentor_home(user, list(mentored), timezone.now())
