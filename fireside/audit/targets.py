"""What the audit log needs from the apps above it, each registered by its own app in its
`audit_targets.py` (found by `AuditConfig.ready()`), so audit imports none of them:

- kinds: how to name a program, a group, a gathering… from ids, for a whole page at once
  (one query per kind), as the viewer may read them; and the words for a target that was
  deleted;
- labels: the words for a value stored under a key of an event's data ("role", "status");
- program scopes: which events are a program's accountable changes;
- the program check: who may read a program's log (its coordinators), and the program.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q
from django.http import Http404
from django.utils.functional import Promise

# (the ids to name, the viewer or None for the admin) -> {id: name}
NameReader = Callable[[set[int], Any], dict[int, str]]


@dataclass(frozen=True)
class Kind:
    read: NameReader
    target_type: str = ""  # the model label of events that target it ("programs.program")
    gone: Promise | None = None  # the target's words once it was deleted


KINDS: dict[str, Kind] = {}
LABELS: dict[str, dict[str, Any]] = {}
# program id -> the Q of its events. Events carry `gathering` (their data's gathering_id as a
# number) to filter on.
PROGRAM_SCOPES: list[Callable[[int], Q]] = []


class LogProgram(Protocol):
    pk: int
    name: str
    timezone: str


# (user, program id) -> the program, when the user may read its log; raises otherwise.
ProgramCheck = Callable[[Any, int], LogProgram]
_PROGRAM_CHECK: list[ProgramCheck] = []


def register_kind(
    kind: str, read: NameReader, *, target_type: str = "", gone: Promise | None = None
) -> None:
    if kind in KINDS:
        raise ValueError(f"The audit kind {kind} is registered twice.")
    KINDS[kind] = Kind(read, target_type, gone)


def register_labels(key: str, labels: dict[str, Any]) -> None:
    LABELS.setdefault(key, {}).update(labels)


def register_program_scope(scope: Callable[[int], Q]) -> None:
    PROGRAM_SCOPES.append(scope)


def register_program_check(check: ProgramCheck) -> None:
    if _PROGRAM_CHECK:
        raise ValueError("The audit log's program check is registered twice.")
    _PROGRAM_CHECK.append(check)


def program_for(user: Any, program_id: int) -> LogProgram:
    """The program whose log `user` asks for, by the registered check."""
    if not _PROGRAM_CHECK:
        raise Http404
    return _PROGRAM_CHECK[0](user, program_id)
