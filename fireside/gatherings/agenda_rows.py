"""Saving an agenda keeps its items: an edited agenda is matched against the rows already
stored, so an item that stays (the same activity and topic, or the same activity with its
topic reworded) is updated in place rather than deleted and made anew. What hangs on an
item, such as the "more or less" round or the practice session it asked for
(fireside/activities), stays linked to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from fireside.gatherings.models import AgendaItem


class Line(Protocol):
    @property
    def topic(self) -> str: ...
    @property
    def activity(self) -> str: ...


def match(old: Sequence[AgendaItem], lines: Sequence[Line]) -> list[AgendaItem | None]:
    """For each line, the stored item it continues, or None for a new one. First the items
    whose activity and topic are unchanged; then, of those left, the items of the same
    activity in their order (a reworded topic). Each item continues one line at most."""
    free = list(old)
    found: list[AgendaItem | None] = [None] * len(lines)
    for same_topic in (True, False):
        for i, line in enumerate(lines):
            if found[i] is not None:
                continue
            for item in free:
                if item.activity == line.activity and (not same_topic or item.topic == line.topic):
                    found[i] = item
                    free.remove(item)
                    break
    return found
