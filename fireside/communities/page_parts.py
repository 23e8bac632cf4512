"""What the person's home and a program's page show from the apps above communities: each
app that has something to say on them registers a function gathering its part, so the views
(fireside/communities/home_views.py, program_views.py) read it, and their query counts stay
pinned in their tests, without importing those apps. Like the group's home
(fireside/communities/group_home.py).

    from fireside.communities.page_parts import register_home_part, register_program_part

    def register_all() -> None:
        register_home_part("upcoming", upcoming)  # (viewer) -> the next gatherings
        register_program_part("reads_library", reads_library)  # (user, program) -> bool

Each part goes into the page's context under its name. A home part with a `next` mapping
(group id -> its next thing) also gives each of the person's group cards its next thing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fireside.lib.home import Viewer
from fireside.lib.template_parts import ContextParts
from fireside.programs.models import Program

HomePart = Callable[[Viewer], Any]
ProgramPart = Callable[[Any, Program], Any]

_home = ContextParts()
_program = ContextParts()


def register_home_part(name: str, source: HomePart) -> None:
    _home.register(name, source)


def register_program_part(name: str, source: ProgramPart) -> None:
    _program.register(name, source)


def home_parts(viewer: Viewer) -> dict[str, Any]:
    return _home.read(viewer)


def program_parts(user: Any, program: Program) -> dict[str, Any]:
    return _program.read(user, program)
