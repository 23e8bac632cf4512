"""A program's own words: what it calls a group, and the names of its role types, in the
language of the page or email being made (django.utils.translation.get_language()).

Everything that shows either goes through here (and the `group_word` / `role_label` template
filters in fireside/lib/templatetags/fireside.py), so a program that says "professional
circle" and "Teacher" says it everywhere a participant meets it. Nothing here queries when
the program's `role_types` were prefetched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fireside.accounts.models import RoleType

if TYPE_CHECKING:
    from fireside.programs.models import Program, ProgramRoleType


def _french() -> bool:
    return (get_language() or "").lower().startswith("fr")


def group_word(program: Program | None, plural: bool = False) -> str:
    """What this program calls a group ("professional circle"), lower case as in a sentence;
    Fireside's own word ("group") when the program has none."""
    if program is not None:
        if _french():
            word = program.group_word_plural_fr if plural else program.group_word_fr
        else:
            word = ""
        word = word or (program.group_word_plural if plural else program.group_word)
        if word:
            return word
    return _("groups") if plural else _("group")


def own_label(row: ProgramRoleType) -> str:
    return (row.name_fr if _french() and row.name_fr else row.name) or row.code


def builtin_label(code: str) -> str:
    return str(dict(RoleType.choices).get(code, code))


def role_type_choices(program: Program) -> list[tuple[str, str]]:
    """The program's role types as (code, name) in the current language."""
    own = program.own_role_types()
    if own:
        return [(r.code, own_label(r)) for r in own]
    return [(code, str(label)) for code, label in RoleType.choices]


def role_type_label(program: Program | None, code: str) -> str:
    """A role type's name in this program's words; the built-in name, or the code itself,
    for a code the program does not define (it may have been removed)."""
    if program is not None:
        for row in program.own_role_types():
            if row.code == code:
                return own_label(row)
    return builtin_label(code)


def in_use(program: Program, code: str) -> list[str]:
    """What still uses a role type of this program, in words; empty when it may go."""
    uses = [str(check(program, code)) for check in _use_checks]
    return [u for u in uses if u]


# check(program, code): a sentence saying what uses the role type, or "" when nothing does.
UseCheck = Callable[["Program", str], str]
_use_checks: list[UseCheck] = []


def register_use_check(check: UseCheck) -> None:
    """Apps above programs (groups) say when they use a program's role type."""
    if check not in _use_checks:
        _use_checks.append(check)
