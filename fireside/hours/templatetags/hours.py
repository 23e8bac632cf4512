"""{% took_part user program as mine %}: whether someone has hours to see in a program (one
query; none for a visitor), so `hours/_program.html` can sit on the public program page."""

from __future__ import annotations

from typing import Any

from django import template

from fireside.communities.models import Membership

register = template.Library()


@register.simple_tag
def took_part(user: Any, program: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, community__program=program, joined_on__isnull=False
    ).exists()
