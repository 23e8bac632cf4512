"""The directory's cards: the groups open to the person first, and on each card the next
gathering and who facilitates, read for the whole page at once (never one query a card)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fireside.accounts import role_types
from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, CommunityRole

FOR_YOU = 1  # the `fit` (CommunityQuerySet.fitting_first) of the groups open to the person


@dataclass(frozen=True)
class Card:
    community: Community
    # The next gathering's start, and the zone to show it in (the viewer's own, else the
    # gathering's); None when nothing is scheduled.
    next_start: dt.datetime | None = None
    zone: str = ""
    facilitators: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    heading: str  # "" when the page is one list (signed out, or no role on the profile)
    cards: list[Card]
    note: str = ""


def facilitator_first_names(community_ids: Iterable[int]) -> dict[int, list[str]]:
    """The first names of each group's current facilitators and co-facilitators: one
    query. Only a first name, and only one the person gave (never part of an address)."""
    rows = (
        CommunityRole.objects.current()
        .filter(community_id__in=list(community_ids), role__in=FACILITATING)
        .filter(user__is_active=True)
        .exclude(user__name="")
        .order_by("community_id", "role", "assigned_at", "pk")
        .values_list("community_id", "user_id", "user__name")
    )
    names: dict[int, list[str]] = {}
    seen: set[tuple[int, int]] = set()
    for community_id, user_id, name in rows:
        if (community_id, user_id) in seen:
            continue  # facilitator and co-facilitator at once: named once
        seen.add((community_id, user_id))
        names.setdefault(community_id, []).append(name.split()[0])
    return names


def _fit(card: Card) -> int:
    return int(getattr(card.community, "fit", FOR_YOU + 1))


def sections(
    communities: list[Community],
    *,
    starts: dict[int, tuple[dt.datetime, str]],
    facilitators: dict[int, list[str]],
    viewer_zone: str = "",
    role_type: str = "",
    region: str = "",
    role_label: str = "",
    groups_word: str = "",
) -> list[Section]:
    """`groups_word`: what the chosen program calls its groups ("professional circles"), when
    the page shows one program; else the headings say "groups"."""
    """The page's cards, split into "open to you" and "other groups" when the communities
    carry a `fit` (they were ordered by CommunityQuerySet.fitting_first)."""
    cards = []
    for c in communities:
        start, zone = starts.get(c.pk, (None, ""))
        cards.append(
            Card(
                community=c,
                next_start=start,
                zone=viewer_zone or zone,
                facilitators=facilitators.get(c.pk, []),
            )
        )
    if not role_type:
        return [Section("", cards)]
    role = role_label or role_types.label(role_type)
    for_you = [card for card in cards if _fit(card) <= FOR_YOU]
    others = [card for card in cards if _fit(card) > FOR_YOU]
    note = (
        _("Groups in %(region)s come first; the others meet elsewhere or online.")
        % {"region": region}
        if region and for_you
        else ""
    )
    found = [
        Section(
            _("%(groups)s for your role (%(role)s)")
            % {"groups": capfirst(groups_word), "role": role}
            if groups_word
            else _("Groups for your role (%(role)s)") % {"role": role},
            for_you,
            note,
        ),
        Section(
            (_("Other %(groups)s") % {"groups": groups_word} if groups_word else _("Other groups"))
            if for_you
            else "",
            others,
        ),
    ]
    return [s for s in found if s.cards]
