"""Texts in a community for the common threads, made directly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fireside.demo.factories import GatheringFactory
from fireside.gatherings.models import Attendance, Gathering, Topic

OUTDOOR = [
    "Outdoor play in the rain, with proper rain gear for everyone.",
    "Muddy puddles and rain gear: outdoor play even in November.",
    "Loose parts outside made outdoor play richer.",
]
TRANSITIONS = [
    "Tidy-up transitions went better with a sand timer.",
    "Transitions after lunch are hard; a sand timer warning helps.",
    "A visual schedule helps transitions, and the sand timer too.",
]


def past_gathering(community: Any, notes: str, present: list[Any], days_ago: int = 7) -> Gathering:
    gathering = GatheringFactory(
        community=community,
        starts_at=timezone.now() - dt.timedelta(days=days_ago),
        notes=notes,
    )
    Attendance.objects.bulk_create(
        Attendance(gathering=gathering, user=u, present=True, minutes=60) for u in present
    )
    return gathering


def topics(community: Any, people: list[Any], bodies: list[str]) -> list[Topic]:
    """Each person proposes each body as a topic."""
    return [
        Topic.objects.create(community=community, proposed_by=p, title=body[:60], details=body)
        for p in people
        for body in bodies
    ]
