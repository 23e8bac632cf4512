from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fireside.themes import actions
from fireside.themes.access import get_community_themes_for, get_program_themes_for


def community(request: HttpRequest, community_id: int) -> HttpResponse:
    """For a group's facilitators and the program's mentors: the group's common threads."""
    item, standing = get_community_themes_for(request.user, community_id)
    actions.ensure(item.program, item)
    return render(
        request,
        "themes/community.html",
        {
            "community": item,
            "standing": standing,
            "threads": actions.themes_for(item.program, item),
        },
    )


def program(request: HttpRequest, program_id: int) -> HttpResponse:
    """For coordinators: the threads that run through several of the program's groups."""
    item = get_program_themes_for(request.user, program_id)
    actions.ensure(item)
    return render(
        request,
        "themes/program.html",
        {"program": item, "threads": actions.themes_for(item)},
    )
