"""Common threads through the API: a community's (its facilitators and the program's
mentors) and a program's (its coordinators). Phrases and counts only: themes are computed
in the background, so `computed_at` and `up_to_date` say how fresh they are."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from fireside.api.core import PageQuery, me, paginate
from fireside.themes import actions
from fireside.themes.access import get_community_themes_for, get_program_themes_for
from fireside.themes.models import Theme

router = Router(tags=["themes"])


def theme_out(theme: Theme) -> dict[str, Any]:
    return {
        "label": theme.label,
        "phrases": list(theme.phrases),
        "texts": theme.texts,
        "people": theme.people,
        "communities": theme.communities,
        "first_month": min(theme.months) if theme.months else None,
        "last_month": max(theme.months) if theme.months else None,
        "months": dict(theme.months),
        "sources": sorted(theme.kinds),
    }


def threads_out(threads: actions.Threads, page: PageQuery) -> dict[str, Any]:
    return {
        **paginate(threads.themes, page, theme_out),
        "computed_at": threads.computed_at,
        "up_to_date": threads.up_to_date,
        "texts": threads.texts,
        "withheld": threads.withheld,
        "min_people": threads.min_people,
        "min_communities": threads.min_communities,
    }


@router.get("/communities/{community_id}/themes")
def community_themes(
    request: HttpRequest, community_id: int, page: Query[PageQuery]
) -> dict[str, Any]:
    community, _standing = get_community_themes_for(me(request), community_id)
    actions.ensure(community.program, community)
    return threads_out(actions.themes_for(community.program, community), page)


@router.get("/programs/{program_id}/themes")
def program_themes(request: HttpRequest, program_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    program = get_program_themes_for(me(request), program_id)
    actions.ensure(program)
    return threads_out(actions.themes_for(program), page)
