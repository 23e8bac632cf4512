"""A group's surveys tab (see fireside/communities/tabs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.communities.tabs import Tab, register_tab

register_tab(Tab("surveys", _("Surveys"), "surveys:community", 80, shows=lambda s: s.is_member))
