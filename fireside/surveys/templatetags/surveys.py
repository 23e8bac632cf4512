"""{% surveys_waiting user as sw %} and {% group_waiting community user as gw %}: what the
home page and a group's page show about surveys, with nothing but `user` in context."""

from __future__ import annotations

from typing import Any

from django import template

from fireside.surveys.home import Waiting, is_new, waiting_for

register = template.Library()


@register.simple_tag
def surveys_waiting(user: Any) -> Waiting:
    return waiting_for(user)


@register.simple_tag
def group_waiting(community: Any, user: Any) -> Waiting:
    """On a group's page: its open surveys, and a confidence check that is due — the
    baseline only while the member is new in the group."""
    waiting = waiting_for(user, community)
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
