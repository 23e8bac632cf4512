"""Who is this person to this program? Its staff (coordinators, mentors) and the site's
operators, resolved here for every program page and API route; a group's standing
(fireside/communities/access.py) carries the person's program standing too.

Last year's program is kept as it was: every access check refuses a change to it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from fireside.lib.errors import Refused
from fireside.lib.http import is_write_request
from fireside.programs.models import Program, ProgramStaff

# What a caller needs of a program (get_program_for).
ProgramNeed: TypeAlias = Literal["manage", "name_coordinators", "staff"]


@dataclass(frozen=True)
class ProgramStanding:
    is_staff: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_coordinator(self) -> bool:
        return ProgramStaff.Role.COORDINATOR in self.roles

    @property
    def is_mentor(self) -> bool:
        return ProgramStaff.Role.MENTOR in self.roles

    @property
    def can_manage(self) -> bool:
        """Open communities, add members, name mentors: coordinators only."""
        return self.is_coordinator

    @property
    def can_name_coordinators(self) -> bool:
        return self.is_staff or self.is_coordinator


def program_standing(user: Any, program: Program) -> ProgramStanding:
    if not getattr(user, "is_authenticated", False):
        return ProgramStanding()
    roles = frozenset(
        ProgramStaff.objects.filter(program=program, user=user).values_list("role", flat=True)
    )
    return ProgramStanding(is_staff=bool(user.is_staff), roles=roles)


def refuse_if_read_only(program: Program) -> None:
    """Last year's program is kept as it was: a request that would change anything in it
    (a join, a gathering, a post, an RSVP, hours, a certificate…) is refused here, where
    every community and program access check passes, while reading goes on as before."""
    if is_write_request() and program.is_read_only():
        raise Refused(
            403,
            detail=_(
                "%(name)s is last year's program; it is kept as it was, so nothing in it can "
                "change any more. This year's program is where things happen now."
            )
            % {"name": program.name},
            title=_("Kept as it was"),
        )


def get_program_for(user: Any, pk: int, need: ProgramNeed) -> tuple[Program, ProgramStanding]:
    program = get_object_or_404(Program, pk=pk)
    refuse_if_read_only(program)
    standing = program_standing(user, program)
    allowed = {
        "manage": standing.can_manage,
        "name_coordinators": standing.can_name_coordinators,
        "staff": standing.is_staff,
    }[need]
    if not allowed:
        raise Refused(403)
    return program, standing
