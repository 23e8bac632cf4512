"""`{% cover community sizes %}`: the group's cover picture, wide (16:9), with its words.

Width and height are set (the box keeps its shape while the picture arrives) and the
browser picks the width it needs from the srcset. Nothing when the group has no cover.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from fireside.communities.covers import WIDTHS, cover_url, height_for

if TYPE_CHECKING:
    from fireside.communities.models import Community

register = template.Library()


@register.simple_tag
def cover(community: Community, sizes: str = "100vw", eager: bool = False) -> SafeString:
    if not community.cover:
        return SafeString("")
    small, large = WIDTHS
    return format_html(
        '<img class="cover" src="{}" srcset="{} {}w, {} {}w" sizes="{}" width="{}" height="{}" '
        'alt="{}" loading="{}" decoding="async">',
        cover_url(community, small),
        cover_url(community, small),
        small,
        cover_url(community, large),
        large,
        sizes,
        large,
        height_for(large),
        community.cover_alt,
        "eager" if eager else "lazy",
    )
