"""The agenda builder's part for the group's last "more or less" round
(fireside/activities/more_or_less.py): `{% round_suggestions gathering %}` lists what the
round asked for most, each with one button that puts it on this gathering's agenda."""

from __future__ import annotations

from typing import Any

from django import template

from fireside.activities import more_or_less
from fireside.gatherings.models import Gathering

register = template.Library()


@register.inclusion_tag("activities/_suggestions.html", takes_context=True)
def round_suggestions(context: Any, gathering: Gathering) -> dict[str, Any]:
    return {
        "csrf_token": context.get("csrf_token"),
        "gathering": gathering,
        "suggestions": more_or_less.suggestions_for(gathering),
    }
