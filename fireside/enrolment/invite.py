"""Turning a clean file's rows into invitations (fireside.invitations)."""

from __future__ import annotations

from collections.abc import Sequence

from fireside.programs.models import Program


def live_invitations(program: Program, emails: Sequence[str]) -> set[tuple[str, int | None]]:
    return set()
