"""A group's progress tab, for its facilitators (see fireside/communities/tabs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.communities.tabs import Tab, register_tab

register_tab(
    Tab(
        "progress",
        _("Progress"),
        "reports:community_progress",
        85,
        shows=lambda s: s.is_facilitator,
    )
)
