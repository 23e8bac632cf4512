"""A coordinator's "add a member" is an invitation by email (security finding 6; issue 19):
it never makes a membership. The person joins only by accepting the group's agreement
themselves, and only a group for their role; nobody adds themselves. The invitations
themselves are tested in fireside/invitations/tests."""

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
from fireside.communities.models import Membership
from fireside.demo.factories import UserFactory
from fireside.invitations.models import Invitation

pytestmark = pytest.mark.django_db


def _api(client: Client, method: str, url: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def _add(client: Client, world: World, person: Any) -> Any:
    return _api(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/members",
        world.coordinator,
        {"user_id": person.pk},
    )


def _threads(client: Client, world: World, person: Any) -> int:
    url = f"/api/v1/communities/{world.community.pk}/threads"
    return int(_api(client, "GET", url, person).status_code)


def _nothing_written(world: World, person: Any) -> bool:
    return (
        not Membership.objects.filter(community=world.community, user=person).exists()
        and not Invitation.objects.filter(email=person.email).exists()
    )


def test_it_refuses_a_coordinator_adding_themself_by_the_api(client: Client, world: World) -> None:
    world.coordinator.role_type = world.community.audience  # the group is even for them
    world.coordinator.save()
    response = _add(client, world, world.coordinator)
    assert response.status_code == 403
    assert "yourself" in response.json()["detail"]
    assert _nothing_written(world, world.coordinator)
    assert _threads(client, world, world.coordinator) in (403, 404)


def test_it_refuses_a_coordinator_adding_themself_on_the_page(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        reverse("communities:add_member", args=[world.community.pk]),
        {"emails": world.coordinator.email},
        follow=True,
    )
    assert "You cannot invite yourself" in response.content.decode()
    assert _nothing_written(world, world.coordinator)


def test_it_refuses_a_person_the_group_is_not_for(client: Client, world: World) -> None:
    manager = UserFactory(role_type="manager")  # the group is for early childhood educators
    response = _add(client, world, manager)
    assert response.status_code == 422
    assert "cannot join" in response.json()["detail"]
    assert _nothing_written(world, manager)


def test_an_invited_person_is_not_a_member_until_they_accept_the_agreement(
    client: Client, world: World, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    person = UserFactory(role_type=world.community.audience)
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client, world, person)
    assert response.status_code == 201
    invitation = Invitation.objects.get(email=person.email, community=world.community)
    assert response.json() == {
        "user_id": person.pk,
        "status": "invited",
        "joined_on": None,
        "invitation_id": invitation.pk,
        "email": person.email,
    }
    assert not Membership.objects.filter(community=world.community, user=person).exists()
    assert _threads(client, world, person) in (403, 404)
    assert mailoutbox[-1].to == [person.email]
    assert AuditEvent.objects.filter(verb="invitations.create").exists()
    url = re.search(r"https?://\S+/invitations/[^/\s]+/", mailoutbox[-1].body)
    assert url is not None
    path = url.group(0).split("//", 1)[1].split("/", 1)[1]

    client.force_login(person)
    refused = client.post(f"/{path}", {})  # without ticking the agreement
    assert refused.status_code == 200
    assert _threads(client, world, person) in (403, 404)

    accepted = client.post(f"/{path}", {"agree_to_agreement": "on"})
    assert accepted.status_code == 302
    membership = Membership.objects.get(community=world.community, user=person)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.agreement == world.community.current_agreement
    assert membership.agreement_accepted_at is not None
    assert _threads(client, world, person) == 200


def test_someone_without_an_account_is_invited_by_address(client: Client, world: World) -> None:
    response = _api(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/members",
        world.coordinator,
        {"email": "Someone.New@example.org"},
    )
    assert response.status_code == 201
    assert response.json()["user_id"] is None
    assert response.json()["email"] == "someone.new@example.org"
    bad = _api(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/members",
        world.coordinator,
        {"email": "not an address"},
    )
    assert bad.status_code == 400


def test_only_the_invited_person_can_answer(client: Client, world: World) -> None:
    person = UserFactory(role_type=world.community.audience)
    assert _add(client, world, person).status_code == 201
    invitation = Invitation.objects.get(email=person.email)
    invitation.token = "known"
    from fireside.invitations.models import hash_token

    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token("known"))
    client.force_login(world.coordinator)
    url = reverse("invitations:accept", args=["known"])
    assert client.post(url, {"agree_to_agreement": "on"}).status_code == 403
    assert not Membership.objects.filter(community=world.community, user=person).exists()


def test_it_refuses_a_second_invitation_a_member_and_a_full_group(
    client: Client, world: World
) -> None:
    person = UserFactory(role_type=world.community.audience)
    assert _add(client, world, person).status_code == 201
    assert _add(client, world, person).status_code == 409
    assert _add(client, world, world.member).status_code == 409
    assert Invitation.objects.filter(email=person.email).count() == 1
    world.community.capacity = 2
    world.community.save()
    assert _add(client, world, UserFactory(role_type=world.community.audience)).status_code == 409


def test_the_web_form_invites_rather_than_adds(client: Client, world: World) -> None:
    person = UserFactory(role_type=world.community.audience)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("communities:add_member", args=[world.community.pk]),
        {"emails": f"{person.email}, new-colleague@example.org", "role": "member"},
        follow=True,
    )
    assert "We emailed invitations to 2 people" in response.content.decode()
    assert not Membership.objects.filter(community=world.community, user=person).exists()
    assert Invitation.objects.filter(email=person.email, accepted_at__isnull=True).exists()


@pytest.mark.usefixtures("cache_backend")
def test_it_limits_how_many_invitations_one_person_sends_in_an_hour(
    client: Client, world: World, settings: Any
) -> None:
    settings.INVITATION_HOURLY_LIMIT = 2
    world.community.capacity = 12
    world.community.save()
    people = [UserFactory(role_type=world.community.audience) for _ in range(3)]
    assert [_add(client, world, p).status_code for p in people[:2]] == [201, 201]
    refused = _add(client, world, people[2])
    assert refused.status_code == 429
    assert "invitations" in refused.json()["detail"]
    assert _nothing_written(world, people[2])
    # Another coordinator of the program has a count of their own.
    other = UserFactory()
    world.program.staff.create(user=other, role="coordinator")
    response = _api(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/members",
        other,
        {"user_id": people[2].pk},
    )
    assert response.status_code == 201
