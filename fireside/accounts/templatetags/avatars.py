"""`{% avatar person faces size %}`: a person's photo, or their initials in a coloured circle.

`faces` is the page's `Faces` (fireside/accounts/faces.py), built by the view: the tag only
formats, it never queries. The picture is decorative (alt="") because every place that
shows one writes the person's name right beside it, and a name read twice is noise (WCAG
H67); pass `alt` where no name is beside it. Width and height are always set, so nothing
moves when the picture arrives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from fireside.accounts.faces import LARGE, SMALL, Faces, colour_index, initials, photo_url

if TYPE_CHECKING:
    from fireside.accounts.models import User

register = template.Library()

# The sizes the stylesheet has a class for (no inline styles under the CSP).
DISPLAY_SIZES = (32, 40, 64, 128)


@register.simple_tag
def avatar(person: User | None, faces: Faces | None, size: int = 40, alt: str = "") -> SafeString:
    size = min(DISPLAY_SIZES, key=lambda s: abs(s - int(size)))
    if faces is not None and person is not None and faces.shows(person):
        # The small file is sharp up to twice its size in CSS pixels.
        src = photo_url(person, SMALL if size * 2 <= SMALL else LARGE)
        return format_html(
            '<img class="avatar avatar-{}" src="{}" width="{}" height="{}" alt="{}" '
            'loading="lazy" decoding="async">',
            size,
            src,
            size,
            size,
            alt,
        )
    letters = initials(person)
    if alt:
        return format_html(
            '<span class="avatar avatar-{} avatar-c{}" role="img" aria-label="{}">{}</span>',
            size,
            colour_index(person),
            alt,
            letters,
        )
    return format_html(
        '<span class="avatar avatar-{} avatar-c{}" aria-hidden="true">{}</span>',
        size,
        colour_index(person),
        letters,
    )


@register.filter
def shows(faces: Faces | None, person: User | None) -> bool:
    """Whether this page shows the person's photo: part of a cached fragment's key."""
    return faces is not None and faces.shows(person)
