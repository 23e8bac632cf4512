"""A coordinator's "add a member" is an invitation (security finding 6): it never makes a
membership. The person joins only by accepting the group's agreement themselves, and only a
group for their role; nobody adds themselves."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.audit.models import AuditEvent
from fireside.communities.models import Membership, SeatOffer
from fireside.lib.factories import UserFactory

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
        and not SeatOffer.objects.filter(user=person).exists()
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
        {"email": world.coordinator.email},
        follow=True,
    )
    assert "You cannot add yourself" in response.content.decode()
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
    assert response.json() == {"user_id": person.pk, "status": "invited", "joined_on": None}
    assert not Membership.objects.filter(community=world.community, user=person).exists()
    assert _threads(client, world, person) in (403, 404)
    offer = SeatOffer.objects.get(user=person, to_community=world.community, membership=None)
    assert mailoutbox[-1].to == [person.email]
    assert offer.token in mailoutbox[-1].body
    assert AuditEvent.objects.filter(verb="communities.invite_member").exists()

    client.force_login(person)
    assert offer.token in client.get(reverse("home")).content.decode()
    url = reverse("communities:offer", args=[offer.token])
    refused = client.post(url, {"answer": "accept"})  # without ticking the agreement
    assert refused.status_code == 200
    assert _threads(client, world, person) in (403, 404)

    accepted = client.post(url, {"answer": "accept", "agree_to_agreement": "on"})
    assert accepted.status_code == 302
    membership = Membership.objects.get(community=world.community, user=person)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.agreement == world.community.current_agreement
    assert membership.agreement_accepted_at is not None
    assert _threads(client, world, person) == 200


def test_only_the_invited_person_can_answer(client: Client, world: World) -> None:
    person = UserFactory(role_type=world.community.audience)
    assert _add(client, world, person).status_code == 201
    offer = SeatOffer.objects.get(user=person)
    client.force_login(world.coordinator)
    url = reverse("communities:offer", args=[offer.token])
    assert client.post(url, {"answer": "accept", "agree_to_agreement": "on"}).status_code == 404
    assert not Membership.objects.filter(community=world.community, user=person).exists()


def test_an_invitation_is_refused_if_the_person_no_longer_fits(
    client: Client, world: World
) -> None:
    person = UserFactory(role_type=world.community.audience)
    assert _add(client, world, person).status_code == 201
    person.role_type = "regulator"
    person.save()
    offer = SeatOffer.objects.get(user=person)
    client.force_login(person)
    client.post(
        reverse("communities:offer", args=[offer.token]),
        {"answer": "accept", "agree_to_agreement": "on"},
    )
    assert not Membership.objects.filter(community=world.community, user=person).exists()


def test_it_refuses_a_second_invitation_and_a_member(client: Client, world: World) -> None:
    person = UserFactory(role_type=world.community.audience)
    assert _add(client, world, person).status_code == 201
    assert _add(client, world, person).status_code == 409
    assert _add(client, world, world.member).status_code == 409
    assert SeatOffer.objects.filter(user=person).count() == 1


def test_the_web_form_invites_rather_than_adds(client: Client, world: World) -> None:
    person = UserFactory(role_type=world.community.audience)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("communities:add_member", args=[world.community.pk]),
        {"email": person.email},
        follow=True,
    )
    assert "We invited" in response.content.decode()
    assert not Membership.objects.filter(community=world.community, user=person).exists()
    assert SeatOffer.objects.filter(user=person, outcome="pending").exists()


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
