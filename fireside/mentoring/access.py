"""Who may see and do what in peer mentoring, built on the community's standing
(fireside/communities/access.py).

- Pairing people (suggest, pair, end) is for the group's facilitators.
- A pair's page and its connections are for the people in the pair, while they are active
  members of the group. Everyone else gets 404, facilitators included: they form pairs,
  but what a pair does together is the pair's own. A connection's note is its writer's only.
- A disputed connection (date, minutes, people, the dispute's note) is also for the group's
  facilitators, who settle it; coordinators see only how many there are.
- Reflections are for their author only: 404 for anyone else, whatever their role. A
  reflection written while its program shared reflections (its own `shared_with_program`)
  is also read by that program's coordinators, on their shared-reflections page only
  (fireside.mentoring.reflecting.shared_reflections); never by mentors, facilitators or
  operators, and never a reflection written as private, whatever the program's policy now.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from fireside.communities.access import NEEDS, Standing, require, resolve_standing
from fireside.communities.models import Community, Membership
from fireside.lib.errors import Refused
from fireside.mentoring.models import Connection, Pairing, Reflection
from fireside.programs.access import ProgramStanding, get_program_for
from fireside.programs.models import Program


def pair_standing(user: Any, community: Community) -> Standing:
    """A pair's member reads it while an active member of the pair's group. A partner
    from another group of the program (members chose across the program) was never in
    that group: they read it while taking part in the program."""
    standing = resolve_standing(user, community)
    if getattr(standing, NEEDS["content"]):
        return standing
    never_there = not Membership.objects.filter(user=user, community=community).exists()
    if never_there and is_participant(user, community.program):
        return standing
    return require(standing, "content")


def get_pairing_for(user: Any, pk: int) -> tuple[Pairing, Standing]:
    """A pair, for one of its own members."""
    pairing = get_object_or_404(
        Pairing.objects.select_related("community__program").with_people(), pk=pk
    )
    if getattr(user, "pk", None) not in pairing.user_ids():
        require(resolve_standing(user, pairing.community), "content")
        raise Refused(404)
    return pairing, pair_standing(user, pairing.community)


def get_pairing_to_manage(user: Any, pk: int) -> tuple[Pairing, Standing]:
    """A pair, for a facilitator of its group (to end it)."""
    pairing = get_object_or_404(
        Pairing.objects.select_related("community__program").with_people(), pk=pk
    )
    return pairing, require(resolve_standing(user, pairing.community), "facilitate")


def get_connection_for(user: Any, pk: int) -> Connection:
    """A connection, for the member who logged it."""
    connection = (
        Connection.objects.select_related("pairing__community")
        .filter(pk=pk, logged_by_id=getattr(user, "pk", None))
        .first()
    )
    if connection is None:
        raise Refused(404)
    pair_standing(user, connection.pairing.community)
    return connection


def get_connection_to_review(user: Any, pk: int) -> Connection:
    """A connection, for a member of its pair (the actions refuse its writer)."""
    connection = (
        Connection.objects.select_related("pairing__community")
        .filter(pk=pk, pairing__pair_members__user_id=getattr(user, "pk", None) or 0)
        .first()
    )
    if connection is None:
        raise Refused(404)
    pair_standing(user, connection.pairing.community)
    return connection


def get_dispute_to_settle(user: Any, pk: int) -> Connection:
    """A disputed connection, for a facilitator of the pair's group. Connections nobody
    disputed are the pair's own: 404, as for anyone outside the pair."""
    connection = (
        Connection.objects.select_related("pairing__community")
        .filter(pk=pk, disputed_at__isnull=False)
        .first()
    )
    if connection is None:
        raise Refused(404)
    require(resolve_standing(user, connection.pairing.community), "facilitate")
    return connection


def is_participant(user: Any, program: Program) -> bool:
    """Taking part: an active member of one of the program's groups."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, community__program=program, status=Membership.Status.ACTIVE
    ).exists()


def get_program_to_reflect(user: Any, pk: int) -> Program:
    """Reflections belong to a program's participants; programs are public, so others
    get 403, not 404."""
    program = get_object_or_404(Program, pk=pk)
    if not is_participant(user, program):
        raise Refused(403)
    return program


def reflections_of(user: Any) -> QuerySet[Reflection]:
    """The only way reflections are listed: one's own."""
    if not getattr(user, "is_authenticated", False):
        return Reflection.objects.none()
    return Reflection.objects.filter(author=user).select_related("program")


def get_reflection_for(user: Any, pk: int) -> Reflection:
    """A reflection, for its author; nobody else learns it exists."""
    reflection = reflections_of(user).filter(pk=pk).first()
    if reflection is None:
        raise Refused(404)
    return reflection


def get_program_to_run_reflections(user: Any, pk: int) -> tuple[Program, ProgramStanding]:
    """The program's coordinators set its prompts and policy and read what was shared with
    them; operators (staff) do not, unless they coordinate it."""
    return get_program_for(user, pk, "manage")
