"""The group's own tabs (see fireside/communities/tabs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.communities.tabs import Tab, register_tab

register_tab(Tab("home", _("Our group"), "communities:home", 10, shows=lambda s: s.is_member))
# Mentors and coordinators see the group from outside: its public page is their start.
register_tab(
    Tab("about", _("About the group"), "communities:detail", 15, shows=lambda s: not s.is_member)
)
register_tab(
    Tab(
        "members",
        _("Members and roles"),
        "communities:members",
        140,
        shows=lambda s: s.can_see_members,
    )
)
register_tab(
    Tab("agreement", _("Our agreement"), "communities:agreement", 150, shows=lambda s: s.is_member)
)
