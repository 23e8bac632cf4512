"""Group members see each other's photos (fireside/accounts/faces.py): both active members of
one community, whatever else they are."""

from __future__ import annotations

from django.db.models import Q

from fireside.accounts import faces
from fireside.accounts.models import User
from fireside.communities.models import Membership


def sharing_a_group(viewer: User) -> Q:
    mine = Membership.objects.filter(user=viewer, status=Membership.Status.ACTIVE)
    return Q(
        pk__in=Membership.objects.filter(
            status=Membership.Status.ACTIVE, community__in=mine.values("community_id")
        ).values("user_id")
    )


def register_all() -> None:
    faces.register("communities", sharing_a_group)
