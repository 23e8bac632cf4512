"""{% group_waiting community user my_membership as gw %}: what a group's page shows about
surveys, with nothing but `user` and `community` in context; `my_membership`, when the page
has read it, saves reading it again. (The site's home lists them as tasks: surveys/home.py.)"""

from __future__ import annotations

from typing import Any

from django import template

from fireside.communities.models import Membership
from fireside.surveys.home import Waiting, is_new, waiting_for

register = template.Library()


@register.simple_tag
def group_waiting(community: Any, user: Any, membership: Any = None) -> Waiting:
    """On a group's page: its open surveys, and a confidence check that is due — the
    baseline only while the member is new in the group. `membership`: theirs in the group,
    when the page has read it."""
    mine = membership if isinstance(membership, Membership) else None
    waiting = waiting_for(user, community, membership=mine)
    waiting.checks = [c for c in waiting.checks if not c.due.is_start or is_new(c)]
    return waiting


@register.filter
def out_of_five(value: Any) -> int:
    """A 1–5 average as a share of the bar (0–100)."""
    if value is None:
        return 0
    return max(0, min(100, round(float(value) * 20)))


@register.filter
def signed(value: Any) -> str:
    """+0.42, −0.10, 0.00: a change, with its direction spelled out."""
    if value is None:
        return ""
    number = float(value)
    if number > 0:
        return f"+{value}"
    if number < 0:
        return f"−{str(value).lstrip('-')}"
    return str(value)
