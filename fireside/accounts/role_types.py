"""Which role types a person may give, and whether their role is settled.

Accounts knows only the built-in role types (RoleType). Programs define their own
(fireside/programs/models.py ProgramRoleType) and say so here; the groups app says whether a
person is already in a group, after which a change of role waits for a coordinator
(fireside/communities/role_changes.py). Accounts imports neither: they register.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fireside.accounts.models import RoleType

ChoiceSource = Callable[[], list[tuple[str, str]]]
LockSource = Callable[[Any], bool]

_choice_sources: list[ChoiceSource] = []
_lock_sources: list[LockSource] = []


def register_choices(source: ChoiceSource) -> None:
    """`source()` gives more (code, label) pairs, e.g. every program's own role types."""
    if source not in _choice_sources:
        _choice_sources.append(source)


def register_lock(source: LockSource) -> None:
    """`source(user)` is True when the person's role type may change only once confirmed."""
    if source not in _lock_sources:
        _lock_sources.append(source)


def choices() -> list[tuple[str, str]]:
    """The built-in role types, then every program's own, each code once."""
    seen: dict[str, str] = {code: str(label) for code, label in RoleType.choices}
    for source in _choice_sources:
        for code, label in source():
            seen.setdefault(code, label)
    return list(seen.items())


def is_known(code: str) -> bool:
    return code in RoleType.values or any(code == c for c, _label in choices())


def locked(user: Any) -> bool:
    """Whether a change of this person's role type waits for a coordinator."""
    return bool(getattr(user, "pk", None)) and any(source(user) for source in _lock_sources)


def label(code: str) -> str:
    """The role type's name wherever it is defined (a program's own word when it is one of a
    program's codes); the code itself when nobody defines it any more."""
    return dict(choices()).get(code, code)
