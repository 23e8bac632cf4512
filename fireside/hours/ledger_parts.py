"""What a person's hours ledger shows from the apps beside hours: each registers a function
(person, program) -> what its part of the page reads, from its `AppConfig.ready()`, so the
ledger view imports none of them (certificates reads hours; hours does not read
certificates). Like the program page's parts (fireside/communities/page_parts.py).

    register_ledger_part("latest", latest_certificate)  # fireside/certificates/ledger_parts.py

Each part goes into the ledger's context under its name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fireside.lib.template_parts import ContextParts
from fireside.programs.models import Program

LedgerPart = Callable[[Any, Program], Any]

_parts = ContextParts()


def register_ledger_part(name: str, source: LedgerPart) -> None:
    _parts.register(name, source)


def registered_parts() -> list[str]:
    return _parts.names()


def ledger_parts(user: Any, program: Program) -> dict[str, Any]:
    return _parts.read(user, program)
