"""What waits for someone: open surveys they have not answered, and a confidence check
that is due. Read for the tasks on the site's home page (fireside.lib.home) and a group's
home page, in a fixed number of queries however many groups and surveys someone has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.communities.access import FACILITATING, Standing
from fireside.communities.group_home import register_group_home
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.communities.places import Places
from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.programs.models import CommitmentRole, Program
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


def waiting_for(
    user: Any,
    community: Community | None = None,
    places: Places | None = None,
    membership: Membership | None = None,
) -> Waiting:
    """Everything waiting for `user`, or only what concerns one of their groups. What the
    page has read already saves reading it again: `places`, the person's groups (the home
    page), or `membership`, theirs in `community` (the group's page)."""
    if not getattr(user, "is_authenticated", False):
        return Waiting()
    if (
        community is not None
        and membership is not None
        and membership.community_id == community.pk
        and membership.user_id == user.pk
        and membership.status == Membership.Status.ACTIVE
    ):
        # Active in this group, so the program's other groups of theirs change nothing:
        # only this group's surveys, and their join date here, count below.
        places = None
        memberships = [membership]
    elif places is not None and places.are_of(user):
        memberships = [
            m
            for m in places.active
            if community is None or m.community.program_id == community.program_id
        ]
        # Earliest first, as the query below orders them (a join date is always set).
        memberships.sort(key=lambda m: (m.joined_on is None, m.joined_on or dt.date.min, m.pk))
    else:
        places = None
        query = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        if community is not None:
            query = query.filter(community__program_id=community.program_id)
        memberships = list(
            query.select_related("community__program")
            .prefetch_related("community__program__commitments")
            .order_by("joined_on", "pk")
        )
    if not memberships:
        return Waiting()
    programs = {m.community.program_id: m.community.program for m in memberships}
    group_ids = {m.community_id for m in memberships}
    if community is not None:
        group_ids = {community.pk} & group_ids
    waiting = Waiting(surveys=_open_surveys(user, programs, group_ids))
    if community is not None:  # how new they are in this group, not in the program
        memberships = [m for m in memberships if m.community_id == community.pk]
    waiting.checks = _due_checks(user, programs, memberships, places)
    return waiting


def _open_surveys(user: Any, programs: dict[int, Program], group_ids: set[int]) -> list[OpenSurvey]:
    """Open surveys of these groups and programs they have not answered, soonest closing
    first. One query: the surveys' rounds, each with its survey and whether they answered
    it (a survey without a round has nothing open yet)."""
    rounds: dict[int, list[Round]] = {}
    for row in (
        Round.objects.filter(
            Q(survey__community_id__in=group_ids)
            | Q(survey__program_id__in=programs, survey__community__isnull=True),
            survey__closed_at__isnull=True,
        )
        .select_related("survey__community")
        .annotate(answered=Exists(Participation.objects.filter(round=OuterRef("pk"), user=user)))
        .order_by("survey_id", "-number")
    ):
        rounds.setdefault(row.survey_id, []).append(row)
    names = {p.pk: p.name for p in programs.values()}
    found = []
    for of_survey in rounds.values():
        survey = of_survey[0].survey
        survey.program = programs[survey.program_id]
        today = program_today(survey.program)
        rnd = current_round(survey, today, of_survey)
        if rnd is None or not is_open(survey, rnd, today):
            continue
        if rnd.answered:  # type: ignore[attr-defined]
            continue
        where = survey.community.name if survey.community else names[survey.program_id]
        found.append(OpenSurvey(survey, rnd, where))
    found.sort(key=lambda c: (c.round.closes_on, c.survey.pk))
    return found


def _due_checks(
    user: Any, programs: dict[int, Program], memberships: list[Membership], places: Places | None
) -> list[DueCheck]:
    checks: dict[int, list[ConfidenceCheck]] = {pk: [] for pk in programs}
    for c in ConfidenceCheck.objects.filter(user=user, program_id__in=programs):
        checks[c.program_id].append(c)
    ends = {
        pk: {
            role: confidence.term_ends(program, role, list(program.commitments.all()))
            for role in (CommitmentRole.FACILITATOR, CommitmentRole.PEER_MENTOR)
        }
        for pk, program in programs.items()
    }
    # Whether they facilitate decides which term ends count, so it matters only where they
    # took a check already and the two roles' terms end on different days.
    undecided = [
        pk
        for pk in programs
        if checks[pk]
        and ends[pk][CommitmentRole.FACILITATOR] != ends[pk][CommitmentRole.PEER_MENTOR]
    ]
    facilitating = _facilitating_in(user, undecided, places) if undecided else set()
    first_joined: dict[int, dt.date | None] = {}
    for m in memberships:  # earliest first
        first_joined.setdefault(m.community.program_id, m.joined_on)
    due = []
    for pk, program in programs.items():
        role = CommitmentRole.FACILITATOR if pk in facilitating else CommitmentRole.PEER_MENTOR
        found = confidence.due_from(
            checks=checks[pk], ends=ends[pk][role], today=program_today(program)
        )
        if found is not None:
            due.append(DueCheck(program, found, first_joined.get(pk)))
    return due


def _facilitating_in(user: Any, programs: list[int], places: Places | None) -> set[int]:
    """The programs among these where they facilitate a group now."""
    if places is not None:  # it holds their roles in every program of theirs
        return {
            r.community.program_id
            for r in places.roles
            if r.role in FACILITATING and r.community.program_id in programs
        }
    return set(
        CommunityRole.objects.current()
        .filter(user=user, role__in=FACILITATING, community__program_id__in=programs)
        .values_list("community__program_id", flat=True)
    )


def is_new(check: DueCheck) -> bool:
    """A baseline check is offered on a group's page while its member is new there."""
    if check.joined_on is None:
        return False
    today = program_today(check.program)
    return (today - check.joined_on).days <= confidence.NEW_MEMBER_DAYS


def group_waiting(
    user: Any, community: Community, standing: Standing, membership: Membership | None
) -> Waiting:
    """The group's home (fireside/communities/group_home.py): its open surveys, and a
    confidence check that is due — the baseline only while the member is new in the group.
    `membership`: theirs in the group, read by the page already."""
    waiting = waiting_for(user, community, membership=membership)
    waiting.checks = [c for c in waiting.checks if not c.due.is_start or is_new(c)]
    return waiting


# --- Tasks on the home page (fireside.lib.home) ---------------------------------------


def surveys_open(viewer: Viewer) -> list[Task]:
    """A confidence check due, and each open survey they have not answered (more urgent in
    its last week)."""
    if not viewer.places.active:
        return []
    waiting = viewer.places.remember(
        "surveys.waiting", lambda: waiting_for(viewer.user, places=viewer.places)
    )
    several = len(waiting.checks) > 1
    tasks = [
        Task(
            kind="confidence-check",
            urgency=Urgency.THIS_MONTH,
            title=(
                _("Your confidence check")
                if c.due.is_start
                else _("Your end-of-term confidence check")
            )
            + (f" · {c.program.name}" if several else ""),
            detail=_("Eight quick statements. Only you see your answers."),
            action=_("Take it"),
            url=reverse("surveys:confidence", args=[c.program.pk]),
        )
        for c in waiting.checks
    ]
    for found in waiting.surveys:
        closes = found.round.closes_on
        days_left = (closes - program_today(found.survey.program)).days
        detail = _("%(where)s · open until %(day)s") % {
            "where": found.where,
            "day": date_format(closes, "j F"),
        }
        if found.survey.anonymous:
            detail += " · " + _("anonymous")
        tasks.append(
            Task(
                kind="survey-open",
                urgency=Urgency.THIS_WEEK if days_left <= 7 else Urgency.THIS_MONTH,
                title=found.survey.title,
                detail=detail,
                action=_("Answer it"),
                url=reverse("surveys:answer", args=[found.survey.pk]),
            )
        )
    return tasks


def register_all() -> None:
    register_tasks(surveys_open, order=50)
    register_group_home("surveys", group_waiting)
