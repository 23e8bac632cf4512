"""The tabs of a group's space between gatherings (see fireside/communities/tabs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.communities.access import Standing
from fireside.communities.tabs import Tab, register_tab


def _members(standing: Standing) -> bool:
    return standing.can_read_content


register_tab(Tab("conversations", _("Conversations"), "conversations:list", 30, shows=_members))
register_tab(Tab("resources", _("Resources"), "conversations:resources", 40, shows=_members))
register_tab(
    Tab("glossary", _("Shared understandings"), "conversations:glossary", 100, shows=_members)
)
register_tab(Tab("research", _("Research"), "conversations:research", 110, shows=_members))
register_tab(Tab("recognition", _("Recognition"), "conversations:recognition", 120, shows=_members))
