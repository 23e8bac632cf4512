"""{% next_gathering community user as next %}: the next gathering of one group for its
home page (one query), with nothing but `community` and `user` in context, as the survey
banner does there; the site's home reads every group's at once (fireside.gatherings.home)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils import timezone

from fireside.gatherings.home import my_gatherings
from fireside.gatherings.models import Gathering

register = template.Library()


@dataclass(frozen=True)
class NextOne:
    gathering: Gathering | None
    zone: str


@register.simple_tag
def next_gathering(community: Any, user: Any) -> NextOne:
    zone = getattr(user, "timezone", "") or community.program.timezone
    if not getattr(user, "is_authenticated", False):
        return NextOne(None, zone)
    now = timezone.now()
    for g in my_gatherings(user, {community.pk: community}, now):
        if g.ends_at > now:
            g.is_running = g.starts_at <= now  # type: ignore[attr-defined]
            return NextOne(g, zone)
    return NextOne(None, zone)
