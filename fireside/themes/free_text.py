"""The survey results' free text is grouped by the themes found here
(fireside/surveys/free_text.py owns the hook)."""

from __future__ import annotations

from typing import Any

from fireside.surveys.free_text import register_theme_reader
from fireside.themes.actions import themes_for


def _themes(program: Any, community: Any) -> list[Any]:
    return list(themes_for(program, community).themes)


def register_all() -> None:
    register_theme_reader(_themes)
