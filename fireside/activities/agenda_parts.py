"""The agenda builder's part for the group's last "more or less" round
(fireside/gatherings/agenda_parts.py): what the round asked for most, each with one button
that puts it on the gathering's agenda (activities/_suggestions.html)."""

from __future__ import annotations

from fireside.activities.more_or_less import suggestions_for
from fireside.gatherings.agenda_parts import register_agenda_part


def register_all() -> None:
    register_agenda_part("activities/_suggestions.html", suggestions_for)
