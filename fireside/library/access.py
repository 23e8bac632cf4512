"""Who reads a program's library and who keeps it, decided in one place.

Readers: everyone taking part in the program: the active members of any of its groups
(facilitators are members too), its coordinators and mentors, and operators (staff).
Not the waitlisted: a seat is what makes someone a participant, and the library opens to
them the day they get one. Not the public, not former members, not other programs' people.

Publishers: the program's coordinators and mentors, and operators. A mentor edits and
removes what they published; a coordinator or an operator, anything in the library.

Outsiders get 404 (nothing says what the library holds); readers who may not publish, 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from fireside.communities.models import Membership
from fireside.lib.errors import Refused
from fireside.library.models import ProgramResource
from fireside.programs.models import Program, ProgramStaff


@dataclass(frozen=True)
class LibraryStanding:
    user_id: int | None = None
    is_operator: bool = False
    roles: frozenset[str] = frozenset()
    is_participant: bool = False

    @property
    def is_coordinator(self) -> bool:
        return ProgramStaff.Role.COORDINATOR in self.roles

    @property
    def can_read(self) -> bool:
        return self.is_operator or bool(self.roles) or self.is_participant

    @property
    def can_publish(self) -> bool:
        return self.is_operator or bool(self.roles)

    def can_change(self, item: ProgramResource) -> bool:
        if self.is_operator or self.is_coordinator:
            return True
        return bool(self.roles) and item.published_by_id == self.user_id


def library_standing(user: Any, program: Program | int) -> LibraryStanding:
    """At most two queries: the person's program roles, then (if none) a seat in a group."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return LibraryStanding()
    program_id = program if isinstance(program, int) else program.pk
    roles = frozenset(
        ProgramStaff.objects.filter(program_id=program_id, user=user).values_list("role", flat=True)
    )
    seated = bool(roles) or (
        Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, community__program_id=program_id
        ).exists()
    )
    return LibraryStanding(
        user_id=user.pk, is_operator=bool(user.is_staff), roles=roles, is_participant=seated
    )


def require(standing: LibraryStanding, need: str) -> LibraryStanding:
    """need: "read" or "publish". 404 to whoever may not read; 403 to readers only."""
    if not standing.can_read:
        raise Refused(404)
    if need == "publish" and not standing.can_publish:
        raise Refused(403)
    return standing


def get_program_library_for(
    user: Any, program_id: int, need: str
) -> tuple[Program, LibraryStanding]:
    program = get_object_or_404(Program, pk=program_id)
    return program, require(library_standing(user, program), need)


def get_item_for(user: Any, pk: int, need: str) -> tuple[ProgramResource, LibraryStanding]:
    """need: "read" or "change" (its publisher if a mentor; the coordinators; operators)."""
    item = ProgramResource.objects.select_related("program", "published_by").filter(pk=pk).first()
    if item is None:
        raise Refused(404)
    standing = require(library_standing(user, item.program_id), "read")
    if need == "change" and not standing.can_change(item):
        raise Refused(403)
    return item, standing


def items_of(program: Program | int) -> QuerySet[ProgramResource]:
    """A program's library, pinned first, then newest. The caller has checked the reader."""
    return ProgramResource.objects.filter(
        program_id=program if isinstance(program, int) else program.pk
    ).select_related("published_by")


def latest_for(program_id: int, n: int = 3) -> list[ProgramResource]:
    """The few a group's resources page shows, in one query; its viewer is an active
    member of a group of the program, so a reader."""
    return list(ProgramResource.objects.filter(program_id=program_id)[:n])
