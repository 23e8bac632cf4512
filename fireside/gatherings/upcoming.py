"""What comes next for groups, read for many groups at once (a page of cards, a home)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import OuterRef, Subquery

from fireside.communities.hooks import register_next_starts
from fireside.gatherings.models import Gathering


def next_gatherings(community_ids: Iterable[int], now: dt.datetime) -> dict[int, Gathering]:
    """Each community's next gathering (starting at `now` or later, not cancelled), by
    community id; communities with none are left out. One query, however many communities:
    each picks its first on the (community, starts_at) index."""
    ids = sorted(set(community_ids))
    if not ids:
        return {}
    coming = Gathering.objects.filter(cancelled_at__isnull=True, starts_at__gte=now)
    first = (
        coming.filter(community=OuterRef("community")).order_by("starts_at", "pk").values("pk")[:1]
    )
    rows = coming.filter(community_id__in=ids, pk=Subquery(first))
    return {g.community_id: g for g in rows}


def next_starts(
    community_ids: Iterable[int], now: dt.datetime
) -> dict[int, tuple[dt.datetime, str]]:
    """When each group's next gathering starts, and in which zone: the directory's cards."""
    return {pk: (g.starts_at, g.timezone) for pk, g in next_gatherings(community_ids, now).items()}


def register_all() -> None:
    register_next_starts(next_starts)
