"""Who may see which hours.

- A person's ledger is theirs: anyone who took part in the program (an active member of one
  of its groups, or someone who was and left: they keep what they earned). Programs are
  public, so others get 403, not 404.
- The program's hours per community and per person (numbers only) are for its coordinators.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from fireside.communities.models import Membership
from fireside.hours.ledger import memberships_in
from fireside.lib.errors import Refused
from fireside.programs.access import get_program_for, refuse_if_read_only
from fireside.programs.models import Program


def get_program_for_participant(user: Any, pk: int) -> tuple[Program, list[Membership]]:
    program = get_object_or_404(Program, pk=pk)
    refuse_if_read_only(program)
    places = memberships_in(user, program)
    if not places:
        raise Refused(403)
    return program, places


def get_program_to_coordinate(user: Any, pk: int) -> Program:
    program, _standing = get_program_for(user, pk, "manage")
    return program


def programs_taken_part_in(user: Any) -> list[Program]:
    """Newest first; the programs whose ledgers the person can open."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Program.objects.filter(
            communities__memberships__user=user,
            communities__memberships__joined_on__isnull=False,
        )
        .distinct()
        .order_by("-starts_on", "name")
    )
