"""What a group's home shows from the apps above communities: each app that has something
to say on it registers a function gathering its part for the member opening the page, so
the home view reads it (and its query count stays pinned in the view's test) without
importing those apps. Conversations registers what is new since the member's last visit,
gatherings the group's next gathering, surveys what is open for the member.

    from fireside.communities.group_home import register_group_home

    def register_all() -> None:
        register_group_home("conversations", what_is_new)
        # what_is_new(user, community, standing, membership): `membership` is the person's
        # active one in the group, read by the page already (None if they have none).

The page finds each part in `parts.<name>` (e.g. `parts.conversations`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fireside.communities.access import Standing
from fireside.communities.models import Community, Membership

GroupHomeSource = Callable[[Any, Community, Standing, Membership | None], Any]

_sources: dict[str, GroupHomeSource] = {}


def register_group_home(name: str, source: GroupHomeSource) -> None:
    """Registering a name again (a reloaded app) replaces its source."""
    _sources[name] = source


def group_home_parts(
    user: Any, community: Community, standing: Standing, membership: Membership | None = None
) -> dict[str, Any]:
    return {
        name: source(user, community, standing, membership)
        for name, source in sorted(_sources.items())
    }
