"""Filters for survey results, and {% text_order_url order %} for the free text's order.
They format; the views read the data: the free text grouped by theme (surveys/free_text.py
PageFreeText), what a group's page shows about surveys (surveys/home.py group_waiting)."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from fireside.surveys.free_text import ORDER_PARAM

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


@register.simple_tag(takes_context=True)
def text_order_url(context: Any, order: str) -> str:
    """This page's query string with the free text's order changed, the rest kept."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[ORDER_PARAM] = order
    return f"?{query.urlencode()}"
