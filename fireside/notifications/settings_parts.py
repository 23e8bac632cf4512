"""What a group's email settings page shows from the apps beside notifications
(fireside/lib/template_parts.py): mentoring adds its monthly reflection reminders
(fireside/mentoring/reflecting.py), without notifications importing mentoring.

    from fireside.notifications.settings_parts import register_settings_part

    def register_all() -> None:
        register_settings_part("mentoring/_reminders.html", reminders_on)  # (user)

The template gets `part` (what the function returned), `request` and the CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fireside.lib.template_parts import TemplatePart, TemplateParts

_parts: TemplateParts[Any] = TemplateParts()


def register_settings_part(template: str, source: Callable[[Any], Any]) -> None:
    _parts.register(template, source)


def settings_parts(user: Any) -> list[TemplatePart]:
    return _parts.read(user)
