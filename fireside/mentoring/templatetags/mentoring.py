"""{% reflection_reminders %}: the reminder choice on the email settings page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("mentoring/_reminders.html", takes_context=True)
def reflection_reminders(context: Any) -> dict[str, Any]:
    """The reminder choice, for the email settings page (one query)."""
    from fireside.mentoring.reflecting import reminders_on

    request = context["request"]
    return {"request": request, "reminders_on": reminders_on(request.user)}
