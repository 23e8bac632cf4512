"""Help at hand and new groups: a program's published FAQ (anyone), and proposals of new
groups (any signed-in person proposes; the program's coordinators approve or decline; the
proposer withdraws). A proposal is seen by its proposer, the coordinators and staff only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Router, Schema, Status

from fireside.api.core import caller, me
from fireside.communities import proposals
from fireside.communities.agreement import DEFAULT_AGREEMENT
from fireside.communities.models import GroupProposal
from fireside.lib.i18n import language_of
from fireside.programs import faq
from fireside.programs.access import get_program_for, program_standing
from fireside.programs.models import Program

router = Router(tags=["help"])


@router.get("/programs/{program_id}/faq", auth=None)
def program_faq(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """Published questions in order, in the reader's language (falling back to the other
    one, with `fallback` true), and both languages as written."""
    program = get_object_or_404(Program, pk=program_id)
    reader = caller(request)
    items = faq.published_items(program, language_of(reader) if reader else get_language())
    return {
        "count": len(items),
        "items": [
            {
                "id": item.entry.pk,
                "position": item.entry.position,
                "question": item.question,
                "answer": item.answer,
                "answer_html": str(item.answer_html),
                "fallback": item.fallback,
                "question_en": item.entry.question,
                "answer_en": item.entry.answer,
                "question_fr": item.entry.question_fr,
                "answer_fr": item.entry.answer_fr,
                "updated_at": item.entry.updated_at,
            }
            for item in items
        ],
    }


class ProposalIn(Schema):
    name: str
    purpose: str
    audience: str
    region: str
    mode: str
    why: str = ""
    wants_to_facilitate: bool = False


class ApproveIn(Schema):
    """The group's details: the proposal's unless given; `agreement` defaults to the
    program's starting agreement, `capacity` to the program's group size."""

    name: str | None = None
    purpose: str | None = None
    audience: str | None = None
    region: str | None = None
    mode: str | None = None
    capacity: int | None = None
    meeting_place: str = ""
    rhythm: str = ""
    agreement: str | None = None
    note: str = ""
    offer_facilitation: bool = True


class NoteIn(Schema):
    note: str


def _out(p: GroupProposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "program": p.program_id,
        "proposed_by": p.proposed_by_id,
        "name": p.name,
        "purpose": p.purpose,
        "audience": p.audience,
        "region": p.region,
        "mode": p.mode,
        "why": p.why,
        "wants_to_facilitate": p.wants_to_facilitate,
        "state": p.state,
        "created_at": p.created_at,
        "decided_at": p.decided_at,
        "decision_note": p.decision_note,
        "community": p.community_id,
    }


class ProposalOut(Schema):
    id: int
    program: int
    proposed_by: int
    name: str
    purpose: str
    audience: str
    region: str
    mode: str
    why: str
    wants_to_facilitate: bool
    state: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    community: int | None


@router.post("/programs/{program_id}/proposals", response={201: ProposalOut})
def propose_group(request: HttpRequest, program_id: int, payload: ProposalIn) -> Status:
    program = get_object_or_404(Program, pk=program_id)
    proposal = proposals.check_propose_group(actor=me(request), program=program, **payload.dict())
    return Status(201, _out(proposal))


@router.get("/programs/{program_id}/proposals")
def list_proposals(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """All of the program's proposals for its coordinators and staff; one's own otherwise."""
    user = me(request)
    program = get_object_or_404(Program, pk=program_id)
    found = list(proposals.proposals_for(user, program, program_standing(user, program)))
    return {"count": len(found), "items": [_out(p) for p in found]}


def _deciding(request: HttpRequest, proposal_id: int) -> GroupProposal:
    proposal, _standing = proposals.get_proposal_for(me(request), proposal_id)
    get_program_for(me(request), proposal.program_id, "manage")
    return proposal


@router.post("/proposals/{proposal_id}/approve", response={201: ProposalOut})
def approve_proposal(request: HttpRequest, proposal_id: int, payload: ApproveIn) -> Status:
    proposal = _deciding(request, proposal_id)
    given = payload.dict(exclude={"note", "offer_facilitation"}, exclude_none=True)
    group = {
        **proposals.group_fields(proposal),
        "agreement": str(DEFAULT_AGREEMENT),
        **given,
    }
    proposals.check_approve_proposal(
        actor=me(request),
        proposal=proposal,
        note=payload.note,
        offer_facilitation=payload.offer_facilitation,
        **group,
    )
    proposal.refresh_from_db()
    return Status(201, _out(proposal))


@router.post("/proposals/{proposal_id}/decline", response=ProposalOut)
def decline_proposal(request: HttpRequest, proposal_id: int, payload: NoteIn) -> dict[str, Any]:
    proposal = _deciding(request, proposal_id)
    return _out(
        proposals.check_decline_proposal(actor=me(request), proposal=proposal, note=payload.note)
    )


@router.post("/proposals/{proposal_id}/withdraw", response=ProposalOut)
def withdraw_proposal(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    proposal, _standing = proposals.get_proposal_for(me(request), proposal_id)
    return _out(proposals.check_withdraw_proposal(user=me(request), proposal=proposal))
