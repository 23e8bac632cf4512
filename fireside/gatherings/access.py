"""A gathering is inside its community: the community's standing decides (see
fireside/communities/access.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from fireside.communities.access import Need, Standing, require, resolve_standing
from fireside.gatherings.models import Gathering

View = Callable[..., HttpResponse]


def get_gathering_for(user: Any, pk: int, need: Need) -> tuple[Gathering, Standing]:
    gathering = get_object_or_404(
        Gathering.objects.select_related("community__program", "series"), pk=pk
    )
    return gathering, require(resolve_standing(user, gathering.community), need)


def gathering_view(need: Need) -> Callable[[View], View]:
    """Every page of one gathering goes through here: resolve standing once, refuse early."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(
            request: HttpRequest, gathering_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            gathering, standing = get_gathering_for(request.user, gathering_id, need)
            return view(request, gathering, standing, *args, **kwargs)

        return wrapped

    return decorate
