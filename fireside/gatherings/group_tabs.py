"""The gatherings' tabs of a group (see fireside/communities/tabs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.communities.tabs import Tab, register_tab

register_tab(
    Tab(
        "gatherings",
        _("Gatherings"),
        "gatherings:community_list",
        20,
        shows=lambda s: s.can_see_schedule,
    )
)
register_tab(Tab("topics", _("Topics"), "gatherings:topics", 50, shows=lambda s: s.is_member))
