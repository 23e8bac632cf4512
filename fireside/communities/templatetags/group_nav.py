"""A group's tabs and its place in a breadcrumb trail. They format what the view resolved
(the community and the person's standing); they never query."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from fireside.communities.access import Standing
from fireside.communities.tabs import group_link, tabs_for

register = template.Library()


@register.inclusion_tag("communities/_tabs.html")
def group_tabs(community: Any, standing: Standing | None, current: str = "") -> dict[str, Any]:
    """The group's tabs this person may open: `{% group_tabs community standing "topics" %}`."""
    return {
        "community": community,
        "tabs": tabs_for(community, standing or Standing(), current),
    }


@register.simple_tag
def group_crumb(community: Any, standing: Standing | None) -> SafeString:
    """The group's step in a breadcrumb trail, leading where this person may go."""
    url = group_link(community, standing or Standing())
    return format_html('<li><a href="{}">{}</a></li>', url, community.name)
