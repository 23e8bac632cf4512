"""A group's common threads tab (see fireside/communities/tabs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.communities.tabs import Tab, register_tab

register_tab(
    Tab(
        "themes",
        _("Common threads"),
        "themes:community",
        130,
        shows=lambda s: s.is_facilitator or s.program.is_mentor,
    )
)
