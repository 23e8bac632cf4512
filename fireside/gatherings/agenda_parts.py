"""What the agenda builder (the gathering's edit page) shows from the apps beside gatherings
(fireside/lib/template_parts.py): activities adds what the group's last "more or less" round
asked for (fireside/activities/agenda_parts.py), without gatherings importing activities.

    from fireside.gatherings.agenda_parts import register_agenda_part

    def register_all() -> None:
        register_agenda_part("activities/_suggestions.html", suggestions_for)  # (gathering)

The template gets `part` (what the function returned), `gathering` and the CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fireside.gatherings.models import Gathering
from fireside.lib.template_parts import TemplatePart, TemplateParts

_parts: TemplateParts[Gathering] = TemplateParts()


def register_agenda_part(template: str, source: Callable[[Gathering], Any]) -> None:
    _parts.register(template, source)


def agenda_parts(gathering: Gathering) -> list[TemplatePart]:
    return _parts.read(gathering)
