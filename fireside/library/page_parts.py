"""The program's page links to its library for those who may read it
(fireside/communities/page_parts.py)."""

from __future__ import annotations

from typing import Any

from fireside.communities.page_parts import register_program_part
from fireside.library.access import library_standing
from fireside.programs.models import Program


def reads_library(user: Any, program: Program) -> bool:
    return library_standing(user, program).can_read


def register_all() -> None:
    register_program_part("reads_library", reads_library)
