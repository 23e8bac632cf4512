"""The emailed link: accepting (with or without an account), declining, and every way it
refuses — expired, withdrawn, used, forged, someone else signed in — with nothing written."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.accounts.models import User
from fireside.audit.models import AuditEvent
from fireside.communities.models import CommunityRole, Membership
from fireside.demo.factories import UserFactory
from fireside.invitations import actions
from fireside.invitations.models import Invitation

pytestmark = pytest.mark.django_db

PASSWORD = "a warm fire on a cold night"


def _invite(world: World, email: str = "nadia@example.org", **fields: Any) -> Invitation:
    fields.setdefault("community", world.community)
    return actions.create_invitation(
        actor=world.coordinator, program=world.program, email=email, **fields
    )


def _url(invitation: Invitation, name: str = "accept") -> str:
    return reverse(f"invitations:{name}", kwargs={"invitation_token": invitation.token})


def _new_account(client: Client, invitation: Invitation, **data: Any) -> Any:
    data.setdefault("name", "Nadia New")
    data.setdefault("password", PASSWORD)
    data.setdefault("agree_to_agreement", "on")
    data.setdefault("role_type", "ece")  # the page's choice, when the invitation names none
    return client.post(_url(invitation), data)


def test_someone_new_sees_the_group_its_agreement_and_both_ways_in(
    client: Client, world: World
) -> None:
    invitation = _invite(world, note="Come and share your stories.")
    response = client.get(_url(invitation))
    page = response.content.decode()
    assert response.status_code == 200
    assert world.community.name in page
    assert world.community.current_agreement.text.split("\n")[0] in page
    assert world.coordinator.display_name in page
    assert "Come and share your stories." in page
    assert "New to Fireside?" in page and "Sign in to accept" in page
    assert "nadia@example.org" in page
    invitation.refresh_from_db()
    assert invitation.state == "opened"


def _normalised(response: Any, invitation: Invitation) -> str:
    body = response.content.decode()
    body = body.replace(invitation.token, "TOKEN").replace(invitation.email, "EMAIL")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    return re.sub(r'nonce="[^"]+"', "NONCE", body)


def test_the_page_does_not_tell_whether_the_address_has_an_account(
    client: Client, world: World
) -> None:
    known = UserFactory(email="known@example.org", role_type=world.community.audience)
    with_account = _invite(world, email=known.email)
    without = _invite(world, email="unknown@example.org")
    first, second = client.get(_url(with_account)), client.get(_url(without))
    assert first.status_code == second.status_code == 200
    assert _normalised(first, with_account) == _normalised(second, without)


def test_someone_new_makes_an_account_and_joins_by_accepting_the_agreement(
    client: Client, world: World, mailoutbox: Any
) -> None:
    invitation = _invite(world, region="North Shore")
    refused = _new_account(client, invitation, agree_to_agreement="")
    assert refused.status_code == 200
    assert "Accept the agreement to join." in refused.content.decode()
    assert not User.objects.filter(email="nadia@example.org").exists()

    response = _new_account(client, invitation)
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:home", args=[world.community.pk])
    user = User.objects.get(email="nadia@example.org")
    assert user.email_verified  # they opened the emailed link
    assert (user.role_type, user.region) == (world.community.audience, "North Shore")
    membership = Membership.objects.get(community=world.community, user=user)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.agreement == world.community.current_agreement
    invitation.refresh_from_db()
    assert invitation.state == "accepted" and invitation.user == user
    assert AuditEvent.objects.filter(verb="invitations.accept").exists()
    # Signed in, in their group.
    assert client.get(reverse("communities:home", args=[world.community.pk])).status_code == 200
    # Single use.
    client.logout()
    assert client.get(_url(invitation)).status_code == 410
    assert _new_account(client, invitation).status_code == 410


def test_an_existing_account_signs_in_then_accepts(client: Client, world: World) -> None:
    person = UserFactory(email="kim@example.org", role_type=world.community.audience)
    invitation = _invite(world, email="kim@example.org")
    # Making an account is refused for that address: only the link's holder learns why.
    taken = _new_account(client, invitation)
    assert taken.status_code == 200
    assert "already exists" in taken.content.decode()
    assert not Membership.objects.filter(user=person).exists()
    page = client.get(_url(invitation)).content.decode()
    assert f"{reverse('accounts:login')}?next=" in page

    client.force_login(person)
    page = client.get(_url(invitation)).content.decode()
    assert "Accept and join" in page and "Choose a password" not in page
    assert client.post(_url(invitation), {}).status_code == 200  # the box unticked
    assert not Membership.objects.filter(user=person).exists()
    response = client.post(_url(invitation), {"agree_to_agreement": "on"})
    assert response.status_code == 302
    assert Membership.objects.get(user=person, community=world.community).status == "active"


def test_someone_else_signed_in_is_refused_and_nothing_is_written(
    client: Client, world: World
) -> None:
    invitation = _invite(world)
    client.force_login(world.outsider)
    response = client.get(_url(invitation))
    assert response.status_code == 403
    assert "another email address" in response.content.decode()
    assert client.post(_url(invitation), {"agree_to_agreement": "on"}).status_code == 403
    assert client.post(_url(invitation, "decline")).status_code == 403
    invitation.refresh_from_db()
    assert invitation.state == "sent"
    assert not Membership.objects.filter(user=world.outsider, community=world.community).exists()


def test_a_forged_token_is_not_found(client: Client, world: World) -> None:
    _invite(world)
    url = reverse("invitations:accept", kwargs={"invitation_token": "made-up-token"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "X", "password": PASSWORD}).status_code == 404
    assert client.get(url + "decline/").status_code == 404


def test_expired_and_withdrawn_links_say_so_and_write_nothing(client: Client, world: World) -> None:
    expired = _invite(world)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        response = _new_account(client, expired)
        assert response.status_code == 410
        assert "expired" in response.content.decode()
    withdrawn = _invite(world, email="w@example.org")
    actions.check_withdraw(actor=world.coordinator, invitation=withdrawn)
    response = _new_account(client, withdrawn)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not User.objects.filter(email__in=["nadia@example.org", "w@example.org"]).exists()


def test_a_full_group_puts_them_on_its_waitlist(client: Client, world: World) -> None:
    world.community.capacity = 2  # Mina and Fay
    world.community.save()
    invitation = _invite(world)
    response = _new_account(client, invitation)
    assert response["Location"] == reverse("communities:detail", args=[world.community.pk])
    membership = Membership.objects.get(user__email="nadia@example.org")
    assert membership.status == Membership.Status.WAITLISTED


def test_accepting_never_skips_the_audience_rule(client: Client, world: World) -> None:
    invitation = _invite(world)  # no role type stated: the new account says "manager"
    response = _new_account(client, invitation, role_type="manager")
    assert response.status_code == 200
    assert "is a group for people whose role is" in response.content.decode()
    assert not User.objects.filter(email="nadia@example.org").exists()
    assert Invitation.objects.get(pk=invitation.pk).state == "sent"
    # An existing account whose role changed since it was invited: refused too.
    person = UserFactory(email="lee@example.org", role_type=world.community.audience)
    later = _invite(world, email=person.email)
    person.role_type = "regulator"
    person.save()
    client.force_login(person)
    client.post(_url(later), {"agree_to_agreement": "on"})
    assert not Membership.objects.filter(user=person).exists()


def test_a_coordinator_invited_facilitator_takes_the_role_on_accepting(
    client: Client, world: World
) -> None:
    invitation = _invite(world, role="facilitator", role_type=world.community.audience)
    _new_account(client, invitation)
    role = CommunityRole.objects.get(user__email="nadia@example.org", community=world.community)
    assert role.role == "facilitator"
    assert role.confirmed_by == world.coordinator


def test_the_membership_keeps_the_date_they_joined_before_fireside(
    client: Client, world: World
) -> None:
    invitation = _invite(world, joined_on=dt.date(2024, 9, 10), source="import", send=False)
    _new_account(client, invitation)
    membership = Membership.objects.get(user__email="nadia@example.org")
    assert membership.joined_on == dt.date(2024, 9, 10)


def test_a_program_invitation_lands_on_the_groups_for_their_role(
    client: Client, world: World
) -> None:
    invitation = _invite(world, community=None, role_type="ece")
    page = client.get(_url(invitation)).content.decode()
    assert "agree_to_agreement" not in page
    response = _new_account(client, invitation, agree_to_agreement="")
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('communities:directory')}?program={world.program.pk}&audience=ece"
    )
    assert not Membership.objects.filter(user__email="nadia@example.org").exists()
    assert Invitation.objects.get(pk=invitation.pk).state == "accepted"


def test_declining_closes_the_link(client: Client, world: World) -> None:
    invitation = _invite(world)
    assert "Decline the invitation?" in client.get(_url(invitation, "decline")).content.decode()
    response = client.post(_url(invitation, "decline"))
    assert response.status_code == 200
    assert Invitation.objects.get(pk=invitation.pk).state == "declined"
    assert AuditEvent.objects.filter(verb="invitations.decline").exists()
    assert client.get(_url(invitation)).status_code == 410


@pytest.mark.usefixtures("cache_backend")
def test_answers_are_limited_per_client(client: Client, world: World, monkeypatch: Any) -> None:
    from fireside.invitations import views

    monkeypatch.setattr(views, "ANSWER_CLIENT_LIMIT", 2)
    invitation = _invite(world)
    for _ in range(2):
        _new_account(client, invitation, agree_to_agreement="")
    assert _new_account(client, invitation).status_code == 429
    assert not User.objects.filter(email="nadia@example.org").exists()
