"""Pages for proposing a group and deciding on proposals (fireside/communities/proposals.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities import proposals
from fireside.communities.agreement import DEFAULT_AGREEMENT
from fireside.communities.models import GroupProposal
from fireside.communities.proposal_forms import ApproveForm, DeclineForm, ProposalForm
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs.access import get_program_for, program_standing
from fireside.programs.models import Program


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def propose(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=program_id)
    user = actor(request)
    initial = {"audience": user.role_type, "region": user.region}
    form = ProposalForm(_posted(request), program=program, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposals.check_propose_group(
                actor=user, program=program, **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _("Thank you. The program's coordinators will read your proposal and answer you."),
            )
            return redirect("communities:proposal", proposal_id=proposal.pk)
    return render(request, "communities/propose.html", {"program": program, "form": form})


@login_required
def proposal_list(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=program_id)
    standing = program_standing(request.user, program)
    return render(
        request,
        "communities/proposals.html",
        {
            "program": program,
            "all": proposals.sees_all(standing),
            "proposals": list(proposals.proposals_for(request.user, program, standing)),
        },
    )


@login_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal, standing = proposals.get_proposal_for(request.user, proposal_id)
    return render(
        request,
        "communities/proposal.html",
        {
            "proposal": proposal,
            "program": proposal.program,
            "can_decide": standing.can_manage and proposal.state == proposals.State.PENDING,
            "mine": proposal.proposed_by_id == request.user.pk,
            "may_facilitate": proposals.may_take_up_facilitation(proposal, request.user),
        },
    )


def _deciding(request: HttpRequest, proposal_id: int) -> GroupProposal:
    proposal, _standing = proposals.get_proposal_for(request.user, proposal_id)
    get_program_for(request.user, proposal.program_id, "manage")
    return proposal


@login_required
def proposal_approve(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _deciding(request, proposal_id)
    initial = {**proposals.group_fields(proposal), "agreement": DEFAULT_AGREEMENT}
    form = ApproveForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        note, offer = fields.pop("note"), fields.pop("offer_facilitation")
        try:
            community = proposals.check_approve_proposal(
                actor=actor(request),
                proposal=proposal,
                note=note,
                offer_facilitation=offer,
                **fields,
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is open, and the person who proposed it is told.")
                % {"name": community.name},
            )
            return redirect("communities:detail", community_id=community.pk)
    return render(
        request,
        "communities/proposal_decide.html",
        {"proposal": proposal, "program": proposal.program, "form": form, "approve": True},
    )


@login_required
def proposal_decline(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _deciding(request, proposal_id)
    form = DeclineForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            proposals.check_decline_proposal(
                actor=actor(request), proposal=proposal, note=form.cleaned_data["note"]
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Declined; the person who proposed it is told why."))
            return redirect("programs:proposals", program_id=proposal.program_id)
    return render(
        request,
        "communities/proposal_decide.html",
        {"proposal": proposal, "program": proposal.program, "form": form, "approve": False},
    )


def _own(request: HttpRequest, proposal_id: int) -> GroupProposal:
    """The proposer's own proposal; 404 for anyone else, coordinators included."""
    proposal, _standing = proposals.get_proposal_for(request.user, proposal_id)
    if proposal.proposed_by_id != request.user.pk:
        raise Http404
    return proposal


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _own(request, proposal_id)
    try:
        proposals.check_withdraw_proposal(user=actor(request), proposal=proposal)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your proposal is withdrawn."))
    return redirect("communities:proposal", proposal_id=proposal.pk)


@login_required
@require_POST
def proposal_facilitate(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _own(request, proposal_id)
    try:
        proposals.check_take_up_facilitation(user=actor(request), proposal=proposal)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("communities:proposal", proposal_id=proposal.pk)
    messages.success(request, _("You are the group's facilitator. Welcome them in!"))
    return redirect("communities:home", community_id=proposal.community_id or 0)
