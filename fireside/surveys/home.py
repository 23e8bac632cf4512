"""What waits for someone: open surveys they have not answered, and a confidence check
that is due. Read for the site's home page and a group's home page, in a fixed number of
queries however many groups and surveys someone has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.programs.models import Program
from fireside.surveys import confidence
from fireside.surveys.actions import current_round, is_open, program_today
from fireside.surveys.models import ConfidenceCheck, Participation, Round, Survey


@dataclass(frozen=True)
class OpenSurvey:
    survey: Survey
    round: Round
    where: str  # the group's name, or the program's for a program-wide survey


@dataclass(frozen=True)
class DueCheck:
    program: Program
    due: confidence.Due
    joined_on: dt.date | None  # when they first joined a group of the program


@dataclass
class Waiting:
    surveys: list[OpenSurvey] = field(default_factory=list)
    checks: list[DueCheck] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.surveys or self.checks)


def waiting_for(user: Any, community: Community | None = None) -> Waiting:
    """Everything waiting for `user`, or only what concerns one of their groups."""
    if not getattr(user, "is_authenticated", False):
        return Waiting()
    places = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
    if community is not None:
        places = places.filter(community__program_id=community.program_id)
    memberships = list(
        places.select_related("community__program")
        .prefetch_related("community__program__commitments")
        .order_by("joined_on", "pk")
    )
    if not memberships:
        return Waiting()
    programs = {m.community.program_id: m.community.program for m in memberships}
    group_ids = {m.community_id for m in memberships}
    if community is not None:
        group_ids = {community.pk} & group_ids
    surveys = list(
        Survey.objects.filter(
            Q(community_id__in=group_ids) | Q(program_id__in=programs, community__isnull=True),
            closed_at__isnull=True,
        )
        .select_related("community")
        .prefetch_related("rounds")
        .order_by("pk")
    )
    names = {p.pk: p.name for p in programs.values()}
    candidates = []
    for survey in surveys:
        survey.program = programs[survey.program_id]
        today = program_today(survey.program)
        rnd = current_round(survey, today, survey.rounds.all())
        if rnd is not None and is_open(survey, rnd, today):
            where = survey.community.name if survey.community else names[survey.program_id]
            candidates.append(OpenSurvey(survey, rnd, where))
    done = set(
        Participation.objects.filter(
            user=user, round_id__in=[c.round.pk for c in candidates]
        ).values_list("round_id", flat=True)
    )
    waiting = Waiting(surveys=[c for c in candidates if c.round.pk not in done])
    waiting.surveys.sort(key=lambda c: (c.round.closes_on, c.survey.pk))
    if community is not None:  # how new they are in this group, not in the program
        memberships = [m for m in memberships if m.community_id == community.pk]
    waiting.checks = _due_checks(user, programs, memberships)
    return waiting


def _due_checks(
    user: Any, programs: dict[int, Program], memberships: list[Membership]
) -> list[DueCheck]:
    checks: dict[int, list[ConfidenceCheck]] = {pk: [] for pk in programs}
    for c in ConfidenceCheck.objects.filter(user=user, program_id__in=programs):
        checks[c.program_id].append(c)
    facilitating = set(
        CommunityRole.objects.current()
        .filter(user=user, role__in=FACILITATING, community__program_id__in=programs)
        .values_list("community__program_id", flat=True)
    )
    first_joined: dict[int, dt.date | None] = {}
    for m in memberships:  # earliest first
        first_joined.setdefault(m.community.program_id, m.joined_on)
    due = []
    for pk, program in programs.items():
        role = "facilitator" if pk in facilitating else "peer_mentor"
        found = confidence.due_from(
            checks=checks[pk],
            ends=confidence.term_ends(program, role, list(program.commitments.all())),
            today=program_today(program),
        )
        if found is not None:
            due.append(DueCheck(program, found, first_joined.get(pk)))
    return due


def is_new(check: DueCheck) -> bool:
    """A baseline check is offered on a group's page while its member is new there."""
    if check.joined_on is None:
        return False
    today = program_today(check.program)
    return (today - check.joined_on).days <= confidence.NEW_MEMBER_DAYS
