"""Proposing a new group: anyone signed in proposes one to a program; its coordinators
approve it (it becomes a group through check_create_community, with the proposal's details
as they edited them) or decline it with a note; the proposer is told either way and can
withdraw while it waits.

A proposer who would facilitate, and whose role the group is for, is invited to join it
(the same invitation a coordinator sends, so they accept the agreement themselves); once a
member, they take up the facilitator role from the proposal's page. Proposals are seen by
their proposer, the program's coordinators and staff only."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.communities.access import ProgramStanding, program_standing
from fireside.communities.actions import (
    _check_audience,
    check_create_community,
)
from fireside.communities.hooks import invite
from fireside.communities.models import (
    Community,
    CommunityRole,
    GroupProposal,
    Membership,
    Mode,
)
from fireside.communities.roles import do_assign_role
from fireside.lib.audit import record
from fireside.lib.errors import ActionError, Conflict, InvalidInput, NotFoundError, Unprocessable
from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text
from fireside.programs.models import Program

PURPOSE_MAX = 2_000
WHY_MAX = 2_000
NOTE_MAX = 1_000
PENDING_MAX = 3  # waiting proposals per person and program: ideas, not a queue to flood

State = GroupProposal.State


# --- Who sees what -------------------------------------------------------------------------


def sees_all(standing: ProgramStanding) -> bool:
    return standing.is_staff or standing.is_coordinator


def proposals_for(user: Any, program: Program, standing: ProgramStanding) -> QuerySet[Any]:
    """Every proposal in the program for its coordinators and staff, waiting ones first;
    one's own for anyone else."""
    found = GroupProposal.objects.filter(program=program).select_related("proposed_by", "community")
    if not sees_all(standing):
        found = found.filter(proposed_by=user)
    waiting_first = Case(
        When(state=State.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return found.order_by(waiting_first, "-created_at", "-pk")


def get_proposal_for(user: Any, pk: int) -> tuple[GroupProposal, ProgramStanding]:
    """The proposal, for its proposer, the program's coordinators and staff; 404 to anyone
    else (so nobody learns a proposal exists)."""
    proposal = (
        GroupProposal.objects.select_related("program", "proposed_by", "community")
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not getattr(user, "is_authenticated", False):
        raise Http404
    standing = program_standing(user, proposal.program)
    if proposal.proposed_by_id != user.pk and not sees_all(standing):
        raise Http404
    return proposal, standing


# --- Proposing -----------------------------------------------------------------------------


def check_propose_group(
    *,
    actor: User,
    program: Program,
    name: object,
    purpose: object,
    audience: object,
    region: object,
    mode: object,
    why: object = "",
    wants_to_facilitate: bool = False,
) -> GroupProposal:
    fields = {
        "name": clean_text(name, "name", 150, required=True),
        "purpose": clean_text(purpose, "purpose", PURPOSE_MAX, required=True),
        "region": clean_text(region, "region", 100, required=True),
        "why": clean_text(why, "why", WHY_MAX),
    }
    if not isinstance(audience, str) or not audience:
        raise InvalidInput(
            _("Choose who the group is for."), {"audience": [_("Choose one of the list.")]}
        )
    _check_audience(program, audience)
    if mode not in Mode.values:
        raise InvalidInput(
            _("Choose how the group meets."), {"mode": [_("Choose one of the list.")]}
        )
    waiting = GroupProposal.objects.filter(
        program=program, proposed_by=actor, state=State.PENDING
    ).count()
    if waiting >= PENDING_MAX:
        raise Conflict(
            _(
                "You have %(n)s proposals waiting for the coordinators already. Wait for "
                "their answer, or withdraw one."
            )
            % {"n": waiting}
        )
    with transaction.atomic():
        proposal = GroupProposal.objects.create(
            program=program,
            proposed_by=actor,
            audience=audience,
            mode=str(mode),
            wants_to_facilitate=bool(wants_to_facilitate),
            **fields,
        )
        record(actor, "communities.propose_group", program, proposal_id=proposal.pk)
    return proposal


def _pending(proposal: GroupProposal) -> GroupProposal:
    locked = GroupProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state != State.PENDING:
        raise Conflict(
            _("This proposal is no longer waiting (%(state)s).")
            % {"state": locked.get_state_display().lower()}
        )
    return locked


def check_withdraw_proposal(*, user: User, proposal: GroupProposal) -> GroupProposal:
    if proposal.proposed_by_id != user.pk:
        raise NotFoundError(_("This proposal is not yours."))
    with transaction.atomic():
        locked = _pending(proposal)
        locked.state = State.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "decided_at"])
        record(user, "communities.withdraw_proposal", proposal.program, proposal_id=locked.pk)
    return locked


# --- Deciding ------------------------------------------------------------------------------


def _tell_proposer(proposal: GroupProposal, template: str, **extra: Any) -> None:
    person = proposal.proposed_by
    if not person.is_active:
        return
    send_templated(
        template,
        {
            "user": person,
            "proposal": proposal,
            "program": proposal.program,
            "url": reverse("communities:proposal", args=[proposal.pk]),
            **extra,
        },
        person.email,
    )


def check_approve_proposal(
    *,
    actor: User,
    proposal: GroupProposal,
    note: object = "",
    offer_facilitation: bool = True,
    **group: Any,
) -> Community:
    """Open the group (the coordinator's edited details in `group`: name, purpose,
    audience, region, mode, capacity, meeting_place, rhythm, agreement)."""
    text = clean_text(note, "note", NOTE_MAX)
    with transaction.atomic():
        locked = _pending(proposal)
        community = check_create_community(actor=actor, program=proposal.program, **group)
        proposer = proposal.proposed_by
        offer_url = ""
        facilitates = (
            offer_facilitation
            and locked.wants_to_facilitate
            and proposer.is_active
            and proposer.role_type == community.audience
        )
        if facilitates and proposer.pk != actor.pk:
            # Invited, never added: they join by accepting the agreement themselves. The link
            # goes in the approval email below, not in an email of its own.
            try:
                offer_url = invite(  # an invitation (fireside.communities.hooks)
                    actor=actor,
                    program=proposal.program,
                    community=community,
                    email=proposer.email,
                    name=proposer.name,
                )
            except ActionError:
                offer_url = ""  # e.g. no longer for them: they join from the group's page
        locked.state = State.APPROVED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = text
        locked.community = community
        locked.facilitation_offered = bool(facilitates)
        locked.save()
        record(
            actor,
            "communities.approve_proposal",
            proposal.program,
            proposal_id=locked.pk,
            community_id=community.pk,
        )
        _tell_proposer(
            locked,
            "proposal_approved",
            community=community,
            offer_url=offer_url,
        )
    return community


def check_decline_proposal(*, actor: User, proposal: GroupProposal, note: object) -> GroupProposal:
    text = clean_text(note, "note", NOTE_MAX, required=True)
    with transaction.atomic():
        locked = _pending(proposal)
        locked.state = State.DECLINED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = text
        locked.save()
        record(actor, "communities.decline_proposal", proposal.program, proposal_id=locked.pk)
        _tell_proposer(locked, "proposal_declined")
    return locked


# --- Facilitating the group one proposed ----------------------------------------------------


def may_take_up_facilitation(proposal: GroupProposal, user: Any) -> bool:
    return (
        proposal.proposed_by_id == getattr(user, "pk", None)
        and proposal.state == State.APPROVED
        and proposal.facilitation_offered
        and proposal.community_id is not None
    )


def check_take_up_facilitation(*, user: User, proposal: GroupProposal) -> CommunityRole:
    """The coordinators agreed, when approving, that the proposer would facilitate: once a
    member (by their own acceptance of the agreement), they take the role."""
    community = proposal.community
    if community is None or not may_take_up_facilitation(proposal, user):
        raise Unprocessable(_("This proposal does not make you the group's facilitator."))
    if not Membership.objects.filter(
        community=community, user=user, status=Membership.Status.ACTIVE
    ).exists():
        raise Unprocessable(
            _("Join the group first, accepting its agreement; then take up the role.")
        )
    with transaction.atomic():
        role = do_assign_role(
            actor=user, community=community, user=user, role=CommunityRole.Role.FACILITATOR
        )
        record(user, "communities.take_up_facilitation", community, proposal_id=proposal.pk)
    return role


def group_fields(proposal: GroupProposal) -> dict[str, Any]:
    """The approval form's starting values: the proposal as written."""
    return {
        "name": proposal.name,
        "purpose": proposal.purpose,
        "audience": proposal.audience,
        "region": proposal.region,
        "mode": proposal.mode,
        "capacity": proposal.program.max_group_size,
    }


# --- On the coordinators' home (fireside/lib/home.py) ---------------------------------------


def proposals_to_review(viewer: Viewer) -> list[Task]:
    """One query, for coordinators only: the proposals waiting in each of their programs."""
    coordinated = viewer.staff_programs.get("coordinator", [])
    if not coordinated:
        return []
    waiting = dict(
        GroupProposal.objects.filter(program__in=coordinated, state=State.PENDING)
        .values_list("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )
    return [
        Task(
            kind="proposals-to-review",
            urgency=Urgency.THIS_WEEK,
            title=ngettext(
                "Group proposals to review in %(program)s (%(n)s)",
                "Group proposals to review in %(program)s (%(n)s)",
                waiting[program.pk],
            )
            % {"n": waiting[program.pk], "program": program.name},
            detail=_("Someone would like a new group: approve it, or decline with a word of why."),
            action=_("Read the proposals"),
            url=reverse("programs:proposals", args=[program.pk]),
            count=waiting[program.pk],
        )
        for program in coordinated
        if waiting.get(program.pk)
    ]


def register_all() -> None:
    register_tasks(proposals_to_review, order=13)
