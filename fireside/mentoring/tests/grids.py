"""Availability grids for tests, written as people would say them."""

from __future__ import annotations

from fireside.accounts.availability import DAYS, PARTS, as_slots
from fireside.mentoring.matching import Slot

WEEKDAYS = "mon tue wed thu fri"
WEEKEND = "sat sun"
EVERY_DAY = " ".join(DAYS)


def grid(days: str, parts: str = " ".join(PARTS)) -> list[str]:
    """Codes for the profile: grid("tue thu", "evening") → ["tue-evening", "thu-evening"]."""
    return [f"{d}-{p}" for d in DAYS for p in PARTS if d in days.split() and p in parts.split()]


def slots(*grids: list[str]) -> frozenset[Slot]:
    """The matching's slots for one or more grids put together."""
    return as_slots([code for g in grids for code in g])
