"""GET /api/v1/search: full-text search over what the caller may read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from fireside.api.core import me
from fireside.search.query import search

router = Router(tags=["search"])


class SearchQueryIn(Schema):
    q: str = Field("", max_length=200)  # empty: no results, not an error


@router.get("/search")
def search_route(request: HttpRequest, params: Query[SearchQueryIn]) -> dict[str, Any]:
    hits = search(me(request), params.q)
    return {
        "count": len(hits),
        "items": [
            {
                "type": h.type,
                "id": h.id,
                "title": h.title,
                "snippet": h.snippet,
                "community": h.community,
                "url": h.url,
                # Beside api-v1.md's fields: a program library entry (type "library") has
                # no community; its program is here.
                "program": h.program,
            }
            for h in hits
        ],
    }
