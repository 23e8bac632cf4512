"""The certificates' part of a person's hours ledger (fireside/hours/ledger_parts.py): the
latest certificate they hold in the program, if any."""

from __future__ import annotations

from typing import Any

from fireside.certificates.models import Certificate
from fireside.hours.ledger_parts import register_ledger_part
from fireside.programs.models import Program


def latest_certificate(user: Any, program: Program) -> Certificate | None:
    return (
        Certificate.objects.filter(holder=user, program=program)
        .order_by("-issued_at", "-pk")
        .first()
    )


def register_all() -> None:
    register_ledger_part("latest", latest_certificate)
