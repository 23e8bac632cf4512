"""The program's own words in templates: `{{ program|group_word }}`,
`{{ program|group_words }}` (plural) and `{{ program|role_label:code }}`. They format and
never query once the program's role types are prefetched (fireside/programs/words.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from fireside.programs import words

if TYPE_CHECKING:
    from fireside.programs.models import Program

register = template.Library()


@register.filter
def group_word(program: Program | None) -> str:
    return words.group_word(program)


@register.filter
def group_words(program: Program | None) -> str:
    return words.group_word(program, plural=True)


@register.filter
def role_label(program: Program | None, code: str) -> str:
    return words.role_type_label(program, code)
