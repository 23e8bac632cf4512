"""Rows for the authorization guard (fireside/lib/tests/routes.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import World
from fireside.communities.models import SeatHold


def rollover_guard_values(w: World) -> dict[str, Any]:
    """A seat kept for Mina in the world's sibling group, open for a month."""
    hold, _ = SeatHold.objects.get_or_create(
        community=w.other_community,
        user=w.member,
        outcome=SeatHold.Outcome.PENDING,
        defaults={"deadline": timezone.now() + dt.timedelta(days=30)},
    )
    return {"hold_id": hold.pk}
