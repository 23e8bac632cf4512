"""A person's groups, one tap from the bottom bar: the groups they are in, the ones they wait
for, and the groups of the programs they coordinate or mentor (seen from outside)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fireside.communities.models import Community
from fireside.communities.places import places_of
from fireside.lib.http import actor


@login_required
def my_groups(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    places = places_of(user)
    roles: dict[int, list[str]] = {}
    for role in places.roles_in(m.community_id for m in places.active):
        roles.setdefault(role.community_id, []).append(role.get_role_display())
    # Groups of the programs this person coordinates or mentors, with the program.
    staffed = list(
        Community.objects.filter(program__staff__user=user)
        .select_related("program")
        .distinct()
        .order_by("program__name", "name")
    )
    return render(
        request,
        "communities/mine.html",
        {
            "groups": [(m, roles.get(m.community_id, [])) for m in places.active],
            "waiting": places.waiting,
            "staffed": staffed,
        },
    )
