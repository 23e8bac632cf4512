"""create_invitation: the one way an invitation is made (invites, imports, new years)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.demo.factories import UserFactory
from fireside.invitations.actions import create_invitation
from fireside.invitations.models import Invitation, hash_token
from fireside.lib.errors import Conflict, InvalidInput, Unprocessable

pytestmark = pytest.mark.django_db


def _invite(world: World, **fields: Any) -> Invitation:
    fields.setdefault("email", "New.Person@Example.org")
    return create_invitation(
        actor=world.coordinator, program=world.program, community=world.community, **fields
    )


def test_it_invites_an_address_with_no_account(
    world: World, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(world, name="Nadia", note="We would love to have you.")
    assert invitation.email == "new.person@example.org"
    assert invitation.user is None
    assert invitation.state == "sent"
    assert invitation.send_count == 1
    # Only the hash is stored; the link carries the raw token.
    assert invitation.token and invitation.token_hash == hash_token(invitation.token)
    assert invitation.token not in str(Invitation.objects.filter(pk=invitation.pk).values()[0])
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=29)
    message = mailoutbox[-1]
    assert message.to == ["new.person@example.org"]
    assert f"/invitations/{invitation.token}/" in message.body
    assert "We would love to have you." in message.body
    assert world.coordinator.display_name in message.body
    assert AuditEvent.objects.filter(verb="invitations.create").count() == 1


def test_it_is_idempotent_for_a_live_invitation(world: World, mailoutbox: Any) -> None:
    first = _invite(world)
    again = _invite(world, email="new.person@example.org", note="Another note")
    assert again.pk == first.pk
    assert again.note == ""
    assert Invitation.objects.count() == 1


def test_it_renews_an_expired_invitation_rather_than_making_a_second(world: World) -> None:
    first = _invite(world)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert first.__class__.objects.get(pk=first.pk).state == "expired"
        again = _invite(world)
        assert again.pk == first.pk
        assert again.state == "sent"
        assert again.token_hash != first.token_hash
        assert again.send_count == 2


def test_it_refuses_a_group_not_for_the_stated_role_type(world: World) -> None:
    with pytest.raises(Unprocessable, match="is a group for people whose role is"):
        _invite(world, role_type="manager")
    assert not Invitation.objects.exists()


def test_it_refuses_an_account_whose_role_type_the_group_is_not_for(world: World) -> None:
    manager = UserFactory(role_type="manager")
    with pytest.raises(Unprocessable):
        _invite(world, email=manager.email)
    # To the program alone, the program's audience is what counts.
    world.program.eligible_role_types = ["ece"]
    world.program.save()
    with pytest.raises(Unprocessable, match="is open to"):
        create_invitation(actor=None, program=world.program, email=manager.email)


def test_it_refuses_someone_already_in_the_group(world: World) -> None:
    with pytest.raises(Conflict, match="already in"):
        _invite(world, email=world.member.email.upper())
    with pytest.raises(Conflict, match="waitlisted"):
        _invite(world, email=world.waitlisted.email)


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b", "x" * 250 + "@example.org"])
def test_it_refuses_a_malformed_address(world: World, email: str) -> None:
    with pytest.raises(InvalidInput):
        _invite(world, email=email)
    assert not Invitation.objects.exists()


def test_a_facilitator_is_invited_to_a_group_not_a_program(world: World) -> None:
    with pytest.raises(InvalidInput):
        create_invitation(
            actor=world.coordinator,
            program=world.program,
            email="f@example.org",
            role="facilitator",
        )


def test_it_sends_nothing_when_asked_not_to(world: World, mailoutbox: Any) -> None:
    invitation = _invite(world, send=False, source="import", joined_on=dt.date(2025, 9, 1))
    assert invitation.state == "not_sent"
    assert invitation.token
    assert mailoutbox == []


def test_a_full_group_still_takes_invitations(world: World) -> None:
    world.community.capacity = 2
    world.community.save()
    assert _invite(world).pk
