"""Guests on the pages of one gathering, each part a template of its own so the pages it
joins need one line: {% gathering_guests gathering standing %} on the gathering's page (who
is invited, so nobody shares something private unaware), {% guest_attendance gathering %}
on the attendance sheet, and {% guests_line gathering %} in members' emails."""

from __future__ import annotations

from typing import Any

from django import template

from fireside.gatherings import guests

register = template.Library()


@register.inclusion_tag("gatherings/_guest_notice.html")
def gathering_guests(gathering: Any, standing: Any) -> dict[str, Any]:
    return {
        "gathering": gathering,
        "guests": guests.coming_guests(gathering),
        "can_plan": standing.can_plan and not gathering.is_cancelled,
    }


@register.inclusion_tag("gatherings/_guest_attendance.html")
def guest_attendance(gathering: Any) -> dict[str, Any]:
    return {"gathering": gathering, "guests": list(gathering.guests.invited())}


@register.simple_tag
def guests_line(gathering: Any) -> str:
    return guests.guests_line(gathering)
