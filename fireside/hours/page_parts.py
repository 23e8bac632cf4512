"""The program's page links to the person's hours when they took part in one of its groups
(fireside/communities/page_parts.py): one query, none for a visitor."""

from __future__ import annotations

from typing import Any

from fireside.communities.models import Membership
from fireside.communities.page_parts import register_program_part
from fireside.programs.models import Program


def took_part(user: Any, program: Program) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, community__program=program, joined_on__isnull=False
    ).exists()


def register_all() -> None:
    register_program_part("took_part", took_part)
