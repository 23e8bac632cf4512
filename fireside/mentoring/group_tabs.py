"""Peer partners and reflections in a group's tabs (see fireside/communities/tabs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.communities.tabs import Tab, register_tab

# Facilitators pair the group; everyone else finds their own partner (across their groups).
register_tab(
    Tab("pairings", _("Peer partners"), "mentoring:pairings", 60, shows=lambda s: s.is_facilitator)
)
register_tab(
    Tab(
        "partner",
        _("My peer partner"),
        "mentoring:mine",
        61,
        shows=lambda s: s.is_member and not s.is_facilitator,
        takes="nothing",
    )
)
register_tab(
    Tab(
        "reflections",
        _("Reflections"),
        "mentoring:reflections",
        70,
        shows=lambda s: s.is_member,
        takes="program",
    )
)
