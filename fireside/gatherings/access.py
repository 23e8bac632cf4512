"""A gathering is inside its community: the community's standing decides (see
fireside/communities/access.py)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from fireside.communities.access import Need, Standing, require, resolve_standing
from fireside.gatherings.models import Gathering


def get_gathering_for(user: Any, pk: int, need: Need) -> tuple[Gathering, Standing]:
    gathering = get_object_or_404(
        Gathering.objects.select_related("community__program", "series"), pk=pk
    )
    return gathering, require(resolve_standing(user, gathering.community), need)
