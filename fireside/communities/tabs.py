"""A group's tabs: the one navigation shown on every page of a group.

Each app that has a page of a group declares it in `<app>/group_tabs.py`:

    from django.utils.translation import gettext_lazy as _
    from fireside.communities.tabs import Tab, register_tab

    register_tab(Tab("resources", _("Resources"), "conversations:resources", order=40,
                     shows=lambda standing: standing.can_read_content))

The communities app finds those modules when Django starts (as the admin finds `admin.py`),
so no app below knows the apps above it. A tab shows only to the people its page lets in:
`shows` reads the standing the page already resolved, so a tab strip costs no query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from fireside.communities.access import Standing


@dataclass(frozen=True)
class Tab:
    key: str  # what a page names as its current tab: "conversations"
    label: Any  # a lazy translation
    url_name: str  # takes the community's id (see `takes`)
    order: int  # lower first: the tabs people use most come first
    shows: Callable[[Standing], bool]
    takes: str = "community"  # or "program" (the group's program id), or "nothing"


_tabs: dict[str, Tab] = {}


def register_tab(tab: Tab) -> None:
    """Add or replace (a reloaded module) a tab."""
    _tabs[tab.key] = tab


def registered_tabs() -> list[Tab]:
    return sorted(_tabs.values(), key=lambda tab: (tab.order, tab.key))


@dataclass(frozen=True)
class ShownTab:
    key: str
    label: str
    url: str
    current: bool


def tabs_for(community: Any, standing: Standing, current: str = "") -> list[ShownTab]:
    """The tabs this person may open for this group, in order, `current` marked."""
    shown = []
    for tab in registered_tabs():
        if not tab.shows(standing):
            continue
        args = {"community": [community.pk], "program": [community.program_id]}.get(tab.takes, [])
        url = reverse(tab.url_name, args=args)
        shown.append(ShownTab(tab.key, str(tab.label), url, tab.key == current))
    return shown


def group_link(community: Any, standing: Standing) -> str:
    """Where the group's name leads: its home for members, its public page for others."""
    if standing.is_member:
        return reverse("communities:home", args=[community.pk])
    return reverse("communities:detail", args=[community.pk])
