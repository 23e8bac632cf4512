"""Who sees common threads.

- A community's themes: its facilitators (co-facilitators too) and the program's mentors.
  Members, coordinators and everyone else are refused: 403 to those who know the inside
  of the group (members, coordinators), 404 to the rest.
- A program's themes: its coordinators (403 to others; programs are public).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from fireside.communities.access import Standing, resolve_standing
from fireside.communities.models import Community
from fireside.lib.errors import Refused
from fireside.programs.access import program_standing
from fireside.programs.models import Program


def can_see_community_themes(standing: Standing) -> bool:
    return standing.is_facilitator or standing.program.is_mentor


def get_community_themes_for(user: Any, pk: int) -> tuple[Community, Standing]:
    community = get_object_or_404(Community.objects.select_related("program"), pk=pk)
    standing = resolve_standing(user, community)
    if not can_see_community_themes(standing):
        raise Refused(403 if standing.knows_inside else 404)
    return community, standing


def get_program_themes_for(user: Any, pk: int) -> Program:
    program = get_object_or_404(Program, pk=pk)
    if not program_standing(user, program).is_coordinator:
        raise Refused(403)
    return program
