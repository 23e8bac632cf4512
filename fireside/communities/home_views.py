"""The home page: for a visitor, what Fireside is and its latest programs; for a signed-in
person, what needs them, their groups, their places in queues and the programs they run.
The apps above communities add their parts through fireside/communities/page_parts.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fireside.accounts.models import User
from fireside.communities.models import CommunityRole
from fireside.communities.page_parts import home_parts
from fireside.communities.places import places_of
from fireside.lib.home import Viewer, panels_for, tasks_for
from fireside.lib.http import actor
from fireside.programs.models import Program, ProgramStaff


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return render(request, "home.html", _dashboard(actor(request)))
    programs = Program.objects.order_by("-starts_on")[:5]
    return render(request, "home.html", {"programs": programs})


def _dashboard(user: User) -> dict[str, Any]:
    """A signed-in person's groups, places in queues and what needs them (every app's task
    sources, fireside.lib.home; the apps' parts, fireside.communities.page_parts). A fixed
    number of queries however many groups they are in.
    `places` goes to the other apps' sections of the page too, so they do not read the
    person's groups again."""
    places = places_of(user)
    active = places.active
    roles: dict[int, list[CommunityRole]] = {}
    for role in places.roles_in(p.community_id for p in active):
        roles.setdefault(role.community_id, []).append(role)
    # One query for both staff roles: coordinators run programs, mentors follow their debriefs
    # (none when their groups' rows already say they hold no program role).
    staff = (
        list(
            ProgramStaff.objects.filter(user=user)
            .select_related("program")
            .order_by("program__name")
        )
        if places.may_be_staff
        else []
    )
    viewer = Viewer(user=user, places=places, staff=staff)
    parts = home_parts(viewer)  # gatherings' next gatherings, read before the tasks reuse them
    next_by_group = {
        community_id: item
        for part in parts.values()
        for community_id, item in getattr(part, "next", {}).items()
    }
    return {
        **parts,
        "places": places,
        "tasks": tasks_for(viewer),
        "panels": panels_for(viewer),  # every app's sections (fireside.lib.home)
        "groups": [
            (
                p,
                [r.get_role_display() for r in roles.get(p.community_id, [])],
                next_by_group.get(p.community_id),
            )
            for p in active
        ],
        "waiting": places.waiting,
        "coordinated": viewer.staff_programs.get(ProgramStaff.Role.COORDINATOR, []),
        "mentored": viewer.staff_programs.get(ProgramStaff.Role.MENTOR, []),
        "my_programs": list(places.programs.values()),
    }
