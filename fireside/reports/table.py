"""The report page's table of communities: sorted by a column and paged, from the kept
figures (no query). The PDF lists every community in name order instead."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from fireside.reports.figures import CommunityFigures

PER_PAGE = 50

Key = Callable[[CommunityFigures], "str | int | Decimal | None"]

# Column key, heading, the value it sorts by. The first sorts by default, A to Z.
COLUMNS: tuple[tuple[str, Any, Key], ...] = (
    ("community", _("Community"), lambda f: f.community.name.casefold()),
    ("members", _("Members"), lambda f: f.active_members),
    ("waiting", _("Waiting"), lambda f: f.waitlisted),
    ("retention", _("Retention"), lambda f: f.retention_rate),
    ("gatherings", _("Gatherings"), lambda f: f.gatherings_held),
    ("attendance", _("Attendance"), lambda f: f.attendance_rate),
    ("hours", _("Hours"), lambda f: f.hours.hours),
    ("connections", _("Connections"), lambda f: f.connections),
)
_KEYS = {key: value for key, _heading, value in COLUMNS}


@dataclass(frozen=True)
class Heading:
    key: str
    text: str
    numeric: bool
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)
    url: str


@dataclass(frozen=True)
class CommunityTable:
    page: Page
    sort: str
    direction: str
    headings: list[Heading]


def sorted_figures(
    figures: list[CommunityFigures], sort: str, direction: str
) -> list[CommunityFigures]:
    """Sorted by the column; a figure that cannot be worked out yet ("–") comes last either
    way, and ties keep name order."""
    value = _KEYS[sort]
    known = [f for f in figures if value(f) is not None]
    unknown = [f for f in figures if value(f) is None]
    return sorted(known, key=value, reverse=direction == "desc") + unknown  # type: ignore[arg-type,return-value]


def community_table(figures: list[CommunityFigures], params: Mapping[str, str]) -> CommunityTable:
    """The page of the table the query string asks for; anything unknown falls back to the
    first page in name order."""
    sort = params.get("sort", "")
    if sort not in _KEYS:
        sort = "community"
    direction = params.get("dir", "")
    if direction not in ("asc", "desc"):
        direction = "asc"
    page = Paginator(sorted_figures(figures, sort, direction), PER_PAGE).get_page(
        params.get("page")
    )
    headings = []
    for key, text, _value in COLUMNS:
        here = key == sort
        # A click on the sorted column turns it round; on another, it sorts that one.
        turn = "desc" if here and direction == "asc" else "asc" if here else _first(key)
        headings.append(
            Heading(
                key=key,
                text=str(text),
                numeric=key != "community",
                aria_sort=("ascending" if direction == "asc" else "descending") if here else "",
                url="?" + urlencode({"sort": key, "dir": turn}) + "#communities",
            )
        )
    return CommunityTable(page=page, sort=sort, direction=direction, headings=headings)


def _first(key: str) -> str:
    """Names from A, figures from the largest."""
    return "asc" if key == "community" else "desc"
