"""Partners in a current pair see each other's photos (fireside/accounts/faces.py)."""

from __future__ import annotations

from django.db.models import Q

from fireside.accounts import faces
from fireside.accounts.models import User
from fireside.mentoring.models import PairMember


def sharing_a_pair(viewer: User) -> Q:
    mine = PairMember.objects.filter(
        user=viewer, ended_on__isnull=True, pairing__ended_on__isnull=True
    )
    return Q(
        pk__in=PairMember.objects.filter(
            ended_on__isnull=True, pairing__in=mine.values("pairing_id")
        ).values("user_id")
    )


def register_all() -> None:
    faces.register("mentoring", sharing_a_pair)
