"""(What a group's page shows about surveys is its part of the group's home: surveys/home.py.)
{% free_text texts program community as ft %}: free text grouped by theme (free_text.py).
{% without_names story program as s %}: a shared story with the same names hidden."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import template
from django.http import QueryDict

from fireside.lib.names import Names, hide_names
from fireside.surveys.free_text import FreeText, group, program_names, themes_for

register = template.Library()


@register.filter
def out_of_five(value: Any) -> int:
    """A 1–5 average as a share of the bar (0–100)."""
    if value is None:
        return 0
    return max(0, min(100, round(float(value) * 20)))


@register.filter
def signed(value: Any) -> str:
    """+0.42, −0.10, 0.00: a change, with its direction spelled out."""
    if value is None:
        return ""
    number = float(value)
    if number > 0:
        return f"+{value}"
    if number < 0:
        return f"−{str(value).lstrip('-')}"
    return str(value)


ORDER_PARAM = "text_order"


@register.simple_tag(takes_context=True)
def free_text(context: Any, texts: list[str], program: Any, community: Any = None) -> FreeText:
    """{% free_text texts program community as ft %}: texts grouped by the themes already
    found for the group (or the program), in the order the page asks (?text_order=), the
    names of the program's people hidden. The themes and the names are read once per page,
    however many lists of texts it shows."""
    request = context.get("request")
    order = request.GET.get(ORDER_PARAM, "count") if request is not None else "count"
    page = context.dicts[0]  # the same for the whole page, includes too
    cache = page.setdefault("_free_text_themes", {})
    key = (program.pk, getattr(community, "pk", None))
    if key not in cache:
        cache[key] = themes_for(program, community)
    page["_free_text_lists"] = page.get("_free_text_lists", 0) + 1
    texts = list(texts)
    # No texts, nothing to hide: the names (everyone in the program) are not read for them.
    names = _page_names(context, program) if texts else None
    found = group(texts, cache[key], order, names)
    return dataclasses.replace(found, anchor=f"free-text-{page['_free_text_lists']}")


def _page_names(context: Any, program: Any) -> Names:
    """The program's people's names, read once for the whole page (includes too)."""
    names = context.dicts[0].setdefault("_free_text_names", {})
    if program.pk not in names:
        names[program.pk] = program_names(program)
    found: Names = names[program.pk]
    return found


@register.simple_tag(takes_context=True)
def without_names(context: Any, story: Any, program: Any) -> Any:
    """{% without_names story program as s %}: a shared story (stories.actions.SharedStory)
    with the names of the program's people hidden in its title and parts, as in the free
    text around it (the same names, read once per page)."""
    names = _page_names(context, program)
    if not names:
        return story
    return dataclasses.replace(
        story,
        title=hide_names(story.title, names),
        parts=[(cycle, heading, hide_names(text, names)) for cycle, heading, text in story.parts],
    )


@register.simple_tag(takes_context=True)
def text_order_url(context: Any, order: str) -> str:
    """This page's query string with the free text's order changed, the rest kept."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[ORDER_PARAM] = order
    return f"?{query.urlencode()}"
