"""Who may see and do what with surveys, built on fireside/communities/access.py.

- Building: coordinators for their program (or any of its groups); facilitators for their
  own group.
- Answering: the survey's audience — active members of its group, or of any group of the
  program for a program-wide survey.
- Results: the survey's creator, while they still hold the role that let them build it.
  Nobody sees who answered what.
- Refusals: 403 to people who can know the survey exists (its program's staff and the
  program's members), 404 to everyone else. A draft is known to its builder only: 404 to
  everyone else, and nobody answers it until it is published.
- The confidence check: a program's participants take it; coordinators see aggregates.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from fireside.communities.access import Standing, get_community_for
from fireside.communities.models import Community, Membership
from fireside.lib.errors import Refused
from fireside.programs.access import program_standing, refuse_if_read_only
from fireside.programs.models import Program
from fireside.surveys.actions import in_audience, may_create
from fireside.surveys.confidence import is_participant
from fireside.surveys.models import Survey


def can_see_results(user: Any, survey: Survey) -> bool:
    if not getattr(user, "is_authenticated", False) or survey.created_by_id != user.pk:
        return False
    return may_create(user, survey.program, survey.community)


def _knows(user: Any, survey: Survey) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if survey.created_by_id == user.pk or program_standing(user, survey.program).roles:
        return True
    return (
        Membership.objects.filter(user=user, community__program_id=survey.program_id)
        .exclude(status=Membership.Status.LEFT)
        .exists()
    )


def get_survey_for(user: Any, pk: int, need: str) -> Survey:
    """need: "answer" (the audience), "view" (audience or creator), "results" (creator).
    A draft is not there (404) for anyone but whoever may change it, and nobody answers it."""
    survey = get_object_or_404(
        Survey.objects.select_related("program", "community", "created_by"), pk=pk
    )
    if survey.is_draft and (need == "answer" or not can_see_results(user, survey)):
        raise Refused(404)
    allowed = {
        "answer": lambda: in_audience(user, survey),
        "view": lambda: in_audience(user, survey) or can_see_results(user, survey),
        "results": lambda: can_see_results(user, survey),
    }[need]()
    if not allowed:
        raise Refused(403 if _knows(user, survey) else 404)
    return survey


def get_community_to_survey(user: Any, pk: int) -> tuple[Community, Standing]:
    """A group, for someone who may build a survey for it."""
    community, standing = get_community_for(user, pk, "schedule")
    if not (standing.is_facilitator or standing.program.is_coordinator):
        raise Refused(403)
    return community, standing


def get_program_for_participant(user: Any, pk: int) -> Program:
    """Programs are public, so people who take no part get 403, not 404."""
    program = get_object_or_404(Program.objects.prefetch_related("commitments"), pk=pk)
    refuse_if_read_only(program)
    if not is_participant(user, program):
        raise Refused(403)
    return program
