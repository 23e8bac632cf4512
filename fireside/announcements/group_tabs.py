"""A group's announcements tab (see fireside/communities/tabs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.communities.tabs import Tab, register_tab

register_tab(
    Tab("announcements", _("Announcements"), "announcements:list", 35, shows=lambda s: s.is_member)
)
