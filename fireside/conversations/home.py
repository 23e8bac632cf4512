"""Conversations' panel on a person's home, "New in your groups": what is new in each of
their active groups since their last visit (see fireside.lib.home)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fireside.communities.models import Membership
from fireside.conversations.visits import GroupNews, news_for
from fireside.lib.home import Region, Viewer, register_panel


@dataclass
class HomeNews:
    groups: list[Membership] = field(default_factory=list)  # their active groups
    news: list[GroupNews] = field(default_factory=list)  # those with something new


def new_in_groups(viewer: Viewer) -> HomeNews | None:
    """Only for the person's own active groups: the news of a group is for its members."""
    active = viewer.places.active
    if not active:
        return None
    return HomeNews(groups=active, news=news_for(viewer.user, active))


def register_all() -> None:
    register_panel(
        "new_in_groups",
        new_in_groups,
        template="conversations/_home_new.html",
        region=Region.NEWS,
        order=10,
    )
