"""Mentors assigned to groups: a coordinator of the program (or an operator) says which of
the program's mentors supports which group. The assigned mentor is reminded of the group's
debriefs and invited to its debrief conversations; like every mentor, they see the group's
schedule and debriefs, never its conversations or reflections."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Community, CommunityRole, MentorAssignment
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, NotAllowed, NotFoundError, Unprocessable
from fireside.programs.access import program_standing
from fireside.programs.models import Program, ProgramStaff


def may_assign(user: User, program: Program) -> bool:
    """Coordinators of the program, and operators (staff)."""
    standing = program_standing(user, program)
    return standing.is_staff or standing.is_coordinator


def program_mentors(program: Program) -> QuerySet[User]:
    return User.objects.filter(
        program_roles__program=program, program_roles__role=ProgramStaff.Role.MENTOR
    ).order_by("name", "pk")


def check_assign_mentor(*, actor: User, community: Community, mentor: User) -> MentorAssignment:
    """Assign one of the program's mentors to a group of that program."""
    program = community.program
    if not may_assign(actor, program):
        raise NotAllowed(_("Only a coordinator of this program can assign its mentors."))
    if not mentor.is_active or not program_mentors(program).filter(pk=mentor.pk).exists():
        raise Unprocessable(
            _(
                "%(name)s is not a mentor of %(program)s. Name them a mentor of the program "
                "first (Coordinators and mentors), then assign them to a group."
            )
            % {"name": mentor.display_name, "program": program.name},
            {"user_id": [_("Not a mentor of this program.")]},
        )
    try:
        with transaction.atomic():
            assignment = MentorAssignment.objects.create(
                community=community, mentor=mentor, assigned_by=actor
            )
            record(actor, "communities.assign_mentor", community, user_id=mentor.pk)
    except IntegrityError as exc:
        raise Conflict(
            _("%(name)s already mentors %(group)s.")
            % {"name": mentor.display_name, "group": community.name}
        ) from exc
    return assignment


def check_unassign_mentor(*, actor: User, community: Community, mentor: User) -> None:
    if not may_assign(actor, community.program):
        raise NotAllowed(_("Only a coordinator of this program can assign its mentors."))
    with transaction.atomic():
        deleted, _rows = MentorAssignment.objects.filter(
            community=community, mentor=mentor
        ).delete()
        if not deleted:
            raise NotFoundError(
                _("%(name)s does not mentor %(group)s.")
                % {"name": mentor.display_name, "group": community.name}
            )
        record(actor, "communities.unassign_mentor", community, user_id=mentor.pk)


@dataclass
class GroupMentors:
    community: Community
    mentors: list[User] = field(default_factory=list)
    facilitators: list[User] = field(default_factory=list)


def program_assignments(program: Program) -> list[GroupMentors]:
    """Each group of the program with its mentors and facilitators: three queries."""
    groups = {c.pk: GroupMentors(c) for c in program.communities.order_by("name", "pk")}
    for row in MentorAssignment.objects.filter(community__program=program).select_related("mentor"):
        groups[row.community_id].mentors.append(row.mentor)
    for role in (
        CommunityRole.objects.current()
        .filter(
            community__program=program,
            role__in=[CommunityRole.Role.FACILITATOR, CommunityRole.Role.CO_FACILITATOR],
        )
        .select_related("user")
        .order_by("user__name")
    ):
        if role.user not in groups[role.community_id].facilitators:
            groups[role.community_id].facilitators.append(role.user)
    return list(groups.values())
