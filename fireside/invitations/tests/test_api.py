"""The invitations API (docs/api.md, "Invitations")."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.invitations import actions
from fireside.invitations.models import Invitation

pytestmark = pytest.mark.django_db


def _api(client: Client, method: str, url: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_a_coordinator_invites_many_and_lists_them(client: Client, world: World) -> None:
    url = f"/api/v1/programs/{world.program.pk}/invitations"
    response = _api(
        client,
        "POST",
        url,
        world.coordinator,
        {
            "emails": ["ana@example.org", world.member.email],
            "community": world.community.pk,
            "note": "Welcome",
            "role": "co_facilitator",
        },
    )
    assert response.status_code == 201
    outcomes = response.json()["outcomes"]
    assert [(o["email"], o["status"]) for o in outcomes] == [
        ("ana@example.org", "invited"),
        (world.member.email, "already_member"),
    ]
    assert outcomes[0]["invitation"]["role"] == "co_facilitator"
    assert outcomes[0]["invitation"]["state"] == "sent"
    listed = _api(client, "GET", f"{url}?state=sent", world.coordinator).json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert (item["email"], item["note"], item["community"]) == (
        "ana@example.org",
        "Welcome",
        world.community.pk,
    )
    assert _api(client, "GET", f"{url}?state=accepted", world.coordinator).json()["count"] == 0


def test_a_malformed_address_refuses_the_batch(client: Client, world: World) -> None:
    response = _api(
        client,
        "POST",
        f"/api/v1/programs/{world.program.pk}/invitations",
        world.coordinator,
        {"emails": "ok@example.org; nope"},
    )
    assert response.status_code == 400
    assert "nope" in response.json()["detail"]
    assert not Invitation.objects.exists()


def test_members_invite_to_their_group_and_see_only_their_own(client: Client, world: World) -> None:
    actions.create_invitation(
        actor=world.coordinator,
        program=world.program,
        community=world.community,
        email="from-cora@example.org",
        note="Cora's words",
    )
    url = f"/api/v1/programs/{world.program.pk}/invitations"
    body = {"emails": "colleague@example.org", "community": world.community.pk}
    assert _api(client, "POST", url, world.member, body).status_code == 201
    mine = _api(client, "GET", url, world.member).json()
    assert [i["email"] for i in mine["items"]] == ["colleague@example.org"]
    # Fay sees the group's, without the note Cora wrote.
    theirs = _api(client, "GET", url, world.facilitator).json()["items"]
    assert {i["email"]: i["note"] for i in theirs} == {
        "colleague@example.org": None,
        "from-cora@example.org": None,
    }
    refused = _api(client, "POST", url, world.member, {**body, "role": "facilitator"})
    assert refused.status_code == 403
    assert _api(client, "POST", url, world.outsider, body).status_code == 403
    wrong_group = _api(client, "POST", url, world.coordinator, {**body, "community": 99999})
    assert wrong_group.status_code == 400


def test_resend_and_withdraw(client: Client, world: World) -> None:
    invitation = actions.create_invitation(
        actor=world.coordinator, program=world.program, community=world.community, email="r@x.org"
    )
    base = f"/api/v1/invitations/{invitation.pk}"
    assert _api(client, "POST", f"{base}/resend", world.member).status_code == 404
    resent = _api(client, "POST", f"{base}/resend", world.coordinator)
    assert resent.status_code == 200
    assert resent.json()["send_count"] == 2
    withdrawn = _api(client, "POST", f"{base}/withdraw", world.facilitator)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["state"] == "withdrawn"
    assert _api(client, "POST", f"{base}/withdraw", world.coordinator).status_code == 409
    assert _api(client, "POST", f"{base}/resend", world.coordinator).status_code == 409
