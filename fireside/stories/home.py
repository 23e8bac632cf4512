"""Stories' panel on a person's home: an invitation to tell a value story, for anyone in a
group (see fireside.lib.home). No query."""

from __future__ import annotations

from fireside.lib.home import Region, Viewer, register_panel


def tell_a_story(viewer: Viewer) -> bool | None:
    return True if viewer.places.active else None


def register_all() -> None:
    register_panel(
        "value_stories",
        tell_a_story,
        template="stories/_home.html",
        region=Region.YOURS,
        order=30,
    )
