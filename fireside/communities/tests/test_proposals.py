"""Proposing a new group: anyone signed in proposes; the program's coordinators approve (the
group opens through check_create_community) or decline with a note; the proposer is told
either way, can withdraw while it waits, and facilitates only after joining themselves."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.audit.models import AuditEvent
from fireside.communities import proposals
from fireside.communities.models import Community, CommunityRole, GroupProposal
from fireside.invitations.accepting import check_accept
from fireside.invitations.models import Invitation, hash_token
from fireside.lib.errors import Conflict, InvalidInput, NotFoundError, Unprocessable
from fireside.lib.home import Viewer, tasks_for
from fireside.programs.models import Program

pytestmark = pytest.mark.django_db

IDEA = {
    "name": "Forest school circle",
    "purpose": "Outdoor play in every season.",
    "audience": "ece",
    "region": "North Shore",
    "mode": "in_person",
}


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _propose(world: World, person: Any = None, **fields: Any) -> GroupProposal:
    return proposals.check_propose_group(
        actor=person or world.member, program=world.program, **{**IDEA, **fields}
    )


def _group(**fields: Any) -> dict[str, Any]:
    return {**IDEA, "capacity": 8, "agreement": "Kindness first.", **fields}


def test_anyone_signed_in_proposes_and_it_is_audited(world: World) -> None:
    proposal = _propose(world, why="No group meets near me.", wants_to_facilitate=True)
    assert proposal.state == GroupProposal.State.PENDING
    assert AuditEvent.objects.filter(verb="communities.propose_group").exists()


@pytest.mark.parametrize(
    ("fields", "refusal", "words"),
    [
        ({"name": "  "}, InvalidInput, "name is required"),
        ({"purpose": ""}, InvalidInput, "purpose is required"),
        ({"purpose": "p" * (proposals.PURPOSE_MAX + 1)}, InvalidInput, "limit"),
        ({"audience": "astronaut"}, Unprocessable, "not open to the audience"),
        ({"audience": ["ece"]}, InvalidInput, "Choose who"),
        ({"mode": "by pigeon"}, InvalidInput, "Choose how"),
        ({"why": "w\x00"}, InvalidInput, "not allowed"),
    ],
)
def test_bad_proposals_are_refused(
    world: World, fields: dict[str, Any], refusal: type[Exception], words: str
) -> None:
    with pytest.raises(refusal) as refused:
        _propose(world, **fields)
    assert words in str(getattr(refused.value, "message", refused.value))
    assert not GroupProposal.objects.exists()


def test_a_person_keeps_at_most_three_waiting(world: World) -> None:
    for n in range(proposals.PENDING_MAX):
        _propose(world, name=f"Idea {n}")
    with pytest.raises(Conflict):
        _propose(world, name="One more")


def test_approval_opens_the_group_and_invites_the_proposer_to_facilitate(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    proposal = _propose(world, wants_to_facilitate=True)
    with commits():
        community = proposals.check_approve_proposal(
            actor=world.coordinator,
            proposal=proposal,
            note="Lovely idea.",
            **_group(name="Forest school (North Shore)"),
        )
    proposal.refresh_from_db()
    assert community.name == "Forest school (North Shore)"  # edited before approval
    assert (proposal.state, proposal.community, proposal.decided_by) == (
        "approved",
        community,
        world.coordinator,
    )
    # Invited, not added: they join by accepting the agreement themselves.
    offer = Invitation.objects.get(email=world.member.email, community=community)
    assert not community.memberships.exists()
    message = next(m for m in mailoutbox if m.subject.startswith("Your proposed group is open"))
    assert message.to == [world.member.email]
    assert "Lovely idea." in message.body
    token = re.search(r"/invitations/([^/\s]+)/", message.body)
    assert token is not None and offer.token_hash == hash_token(token.group(1))
    # Not a facilitator before joining.
    with pytest.raises(Unprocessable):
        proposals.check_take_up_facilitation(user=world.member, proposal=proposal)
    check_accept(invitation=offer, user=world.member, agree_to_agreement=True)
    role = proposals.check_take_up_facilitation(user=world.member, proposal=proposal)
    assert role.role == CommunityRole.Role.FACILITATOR and role.confirmed_at is not None


def test_no_facilitation_for_a_group_of_another_role(world: World) -> None:
    proposal = _propose(world, wants_to_facilitate=True)
    community = proposals.check_approve_proposal(
        actor=world.coordinator, proposal=proposal, **_group(audience="manager")
    )
    proposal.refresh_from_db()
    assert not proposal.facilitation_offered
    assert not Invitation.objects.filter(community=community).exists()


def test_a_bad_group_leaves_the_proposal_waiting(world: World) -> None:
    proposal = _propose(world)
    with pytest.raises(InvalidInput):
        proposals.check_approve_proposal(
            actor=world.coordinator, proposal=proposal, **_group(agreement="")
        )
    proposal.refresh_from_db()
    assert proposal.state == "pending"
    assert not Community.objects.filter(name=IDEA["name"]).exists()


def test_decline_needs_a_note_and_tells_the_proposer(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    proposal = _propose(world)
    with pytest.raises(InvalidInput):
        proposals.check_decline_proposal(actor=world.coordinator, proposal=proposal, note=" ")
    with commits():
        proposals.check_decline_proposal(
            actor=world.coordinator, proposal=proposal, note="Circle 3 meets nearby."
        )
    proposal.refresh_from_db()
    assert proposal.state == "declined"
    assert "Circle 3 meets nearby." in mailoutbox[-1].body
    assert mailoutbox[-1].to == [world.member.email]
    with pytest.raises(Conflict):
        proposals.check_approve_proposal(actor=world.coordinator, proposal=proposal, **_group())


def test_only_the_proposer_withdraws_and_only_while_it_waits(world: World) -> None:
    proposal = _propose(world)
    with pytest.raises(NotFoundError):
        proposals.check_withdraw_proposal(user=world.outsider, proposal=proposal)
    proposals.check_withdraw_proposal(user=world.member, proposal=proposal)
    with pytest.raises(Conflict):
        proposals.check_withdraw_proposal(user=world.member, proposal=proposal)


def test_coordinators_see_the_proposals_to_review_on_their_home(world: World) -> None:
    _propose(world)
    _propose(world, name="Another")
    from fireside.communities.places import places_of
    from fireside.programs.models import ProgramStaff

    staff = list(ProgramStaff.objects.filter(user=world.coordinator).select_related("program"))
    viewer = Viewer(user=world.coordinator, places=places_of(world.coordinator), staff=staff)
    task = next(t for t in tasks_for(viewer) if t.kind == "proposals-to-review")
    assert task.count == 2
    assert task.url == reverse("programs:proposals", args=[world.program.pk])
    member = Viewer(user=world.member, places=places_of(world.member))
    assert not [t for t in tasks_for(member) if t.kind == "proposals-to-review"]


# --- Pages -------------------------------------------------------------------------------


def test_the_proposal_flow_through_the_pages(client: Client, world: World) -> None:
    client.force_login(world.member)
    page = client.get(reverse("programs:propose", args=[world.program.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("programs:propose", args=[world.program.pk]),
        {**IDEA, "why": "Nothing near me.", "wants_to_facilitate": "on"},
    )
    proposal = GroupProposal.objects.get()
    assert response["Location"] == reverse("communities:proposal", args=[proposal.pk])
    mine = client.get(reverse("programs:proposals", args=[world.program.pk])).content.decode()
    assert IDEA["name"] in mine
    # Someone else sees neither the proposal nor that it exists.
    client.force_login(world.outsider)
    assert (
        IDEA["name"]
        not in client.get(reverse("programs:proposals", args=[world.program.pk])).content.decode()
    )
    assert client.get(reverse("communities:proposal", args=[proposal.pk])).status_code == 404
    # The coordinator approves it with changes.
    client.force_login(world.coordinator)
    listing = client.get(reverse("programs:proposals", args=[world.program.pk])).content.decode()
    assert IDEA["name"] in listing and "Mina Member" in listing
    form = client.get(reverse("communities:proposal_approve", args=[proposal.pk]))
    assert IDEA["purpose"] in form.content.decode()
    response = client.post(
        reverse("communities:proposal_approve", args=[proposal.pk]),
        {**_group(name="Forest circle"), "offer_facilitation": "on", "note": ""},
    )
    community = Community.objects.get(name="Forest circle")
    assert response["Location"] == reverse("communities:detail", args=[community.pk])
    # Mina joins through her invitation, then takes up the role from her proposal.
    client.force_login(world.member)
    detail = client.get(reverse("communities:proposal", args=[proposal.pk])).content.decode()
    assert "Take up the facilitator role" in detail
    offer = Invitation.objects.get(community=community)
    check_accept(invitation=offer, user=world.member, agree_to_agreement=True)
    response = client.post(reverse("communities:proposal_facilitate", args=[proposal.pk]))
    assert response["Location"] == reverse("communities:home", args=[community.pk])


def test_decline_and_withdraw_pages(client: Client, world: World) -> None:
    declined, waiting = _propose(world), _propose(world, name="Second")
    client.force_login(world.coordinator)
    url = reverse("communities:proposal_decline", args=[declined.pk])
    assert client.post(url, {"note": ""}).status_code == 200  # the note is required
    client.post(url, {"note": "Not this year."})
    declined.refresh_from_db()
    assert declined.state == "declined"
    client.force_login(world.member)
    client.post(reverse("communities:proposal_withdraw", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.state == "withdrawn"


# --- API ---------------------------------------------------------------------------------


def _api(client: Client, method: str, url: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_the_api_flow(client: Client, world: World) -> None:
    url = f"/api/v1/programs/{world.program.pk}/proposals"
    created = _api(client, "POST", url, world.member, IDEA)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert _api(client, "POST", url, world.member, {**IDEA, "mode": "x"}).status_code == 400
    assert _api(client, "GET", url, world.outsider).json()["count"] == 0
    assert _api(client, "GET", url, world.coordinator).json()["count"] == 1
    refused = _api(client, "POST", f"/api/v1/proposals/{pk}/approve", world.staff, {})
    assert refused.status_code == 403
    approved = _api(
        client, "POST", f"/api/v1/proposals/{pk}/approve", world.coordinator, {"capacity": 6}
    )
    assert approved.status_code == 201, approved.content
    community = Community.objects.get(pk=approved.json()["community"])
    assert (community.name, community.capacity) == (IDEA["name"], 6)
    again = _api(client, "POST", f"/api/v1/proposals/{pk}/withdraw", world.member)
    assert again.status_code == 409


def test_erasure_removes_ones_proposals(world: World) -> None:
    from fireside.accounts.personal_data import erase, export

    _propose(world, why="Nothing near me.")
    assert export(world.member)["group_proposals"][0]["why"] == "Nothing near me."
    erase(world.member)
    assert not GroupProposal.objects.exists()
    assert Program.objects.filter(pk=world.program.pk).exists()
