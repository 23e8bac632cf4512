"""check_invite, check_resend, check_withdraw: who invites, how many, and the outcomes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.demo.factories import UserFactory
from fireside.invitations import actions
from fireside.invitations.access import visible_invitations
from fireside.invitations.addresses import parse_addresses
from fireside.invitations.models import Invitation
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, TooMany

pytestmark = pytest.mark.django_db


def test_it_reads_addresses_as_people_paste_them() -> None:
    found, bad = parse_addresses(
        "ana@example.org, Bo <BO@example.org>; cy@example.org\n"
        'dee@example.org  eve@example.org\r\n"Fay F" <fay@example.org>, ana@example.org'
    )
    assert bad == []
    assert found == [
        ("", "ana@example.org"),
        ("Bo", "bo@example.org"),
        ("", "cy@example.org"),
        ("", "dee@example.org"),
        ("", "eve@example.org"),
        ("Fay F", "fay@example.org"),
    ]
    assert parse_addresses("ok@example.org, nope, x@")[1] == ["nope", "x@"]


def test_a_coordinator_invites_many_with_an_outcome_for_each(world: World) -> None:
    manager = UserFactory(role_type="manager")
    actions.create_invitation(
        actor=world.coordinator,
        program=world.program,
        community=world.community,
        email="again@example.org",
    )
    result = actions.check_invite(
        actor=world.coordinator,
        program=world.program,
        community=world.community,
        emails=f"new@example.org; again@example.org, {world.member.email}\n{manager.email}",
        note="Welcome!",
    )
    assert [(o.email, o.status) for o in result.outcomes] == [
        ("new@example.org", "invited"),
        ("again@example.org", "already_invited"),
        (world.member.email, "already_member"),
        (manager.email, "not_for_group"),
    ]
    assert "is a group for people whose role is" in result.outcomes[3].message
    assert Invitation.objects.count() == 2


def test_one_malformed_address_refuses_the_batch(world: World) -> None:
    with pytest.raises(InvalidInput, match="not an email address: bad-address"):
        actions.check_invite(
            actor=world.coordinator,
            program=world.program,
            community=world.community,
            emails="good@example.org, bad-address",
        )
    assert not Invitation.objects.exists()


def test_members_invite_colleagues_to_their_own_group_as_members(world: World) -> None:
    result = actions.check_invite(
        actor=world.member, program=world.program, community=world.community, emails="c@example.org"
    )
    assert result.invited[0].invitation.invited_by == world.member
    with pytest.raises(NotAllowed):
        actions.check_invite(
            actor=world.member,
            program=world.program,
            community=world.community,
            emails="d@example.org",
            role="facilitator",
        )
    for outsider in (world.outsider, world.waitlisted, world.mentor):
        with pytest.raises(NotAllowed):
            actions.check_invite(
                actor=outsider,
                program=world.program,
                community=world.community,
                emails="e@example.org",
            )
    with pytest.raises(NotAllowed):  # the program alone: coordinators only
        actions.check_invite(actor=world.facilitator, program=world.program, emails="f@example.org")
    assert Invitation.objects.count() == 1


def test_nobody_invites_themself(world: World) -> None:
    with pytest.raises(NotAllowed, match="yourself"):
        actions.check_invite(
            actor=world.coordinator,
            program=world.program,
            community=world.community,
            emails=world.coordinator.email.upper(),
        )


@pytest.mark.usefixtures("cache_backend")
def test_each_address_counts_toward_the_hourly_limit(world: World, settings: Any) -> None:
    settings.INVITATION_HOURLY_LIMIT = 3
    invite = {"actor": world.coordinator, "program": world.program}
    actions.check_invite(**invite, emails="a@example.org b@example.org")
    with pytest.raises(TooMany):
        actions.check_invite(**invite, emails="c@example.org d@example.org")
    assert Invitation.objects.count() == 2
    # The refused batch took nothing: one more still goes.
    actions.check_invite(**invite, emails="c@example.org")
    assert Invitation.objects.count() == 3


def test_resend_makes_a_new_link_and_expiry(world: World, mailoutbox: Any) -> None:
    invitation = actions.create_invitation(
        actor=world.coordinator, program=world.program, community=world.community, email="r@x.org"
    )
    old_hash, old_expiry = invitation.token_hash, invitation.expires_at
    with time_machine.travel(timezone.now() + dt.timedelta(days=40)):
        resent = actions.check_resend(actor=world.coordinator, invitation=invitation)
        assert resent.state == "sent"
    assert resent.token_hash != old_hash
    assert resent.expires_at > old_expiry
    assert resent.send_count == 2
    assert Invitation.objects.filter(token_hash=old_hash).count() == 0
    assert AuditEvent.objects.filter(verb="invitations.resend").count() == 1
    with pytest.raises(NotAllowed):
        actions.check_resend(actor=world.outsider, invitation=invitation)


def test_withdraw_closes_it_for_good(world: World) -> None:
    invitation = actions.create_invitation(
        actor=world.member, program=world.program, community=world.community, email="w@x.org"
    )
    with pytest.raises(NotAllowed):
        actions.check_withdraw(actor=world.outsider, invitation=invitation)
    with pytest.raises(NotAllowed):  # another member: not theirs
        actions.check_withdraw(actor=UserFactory(), invitation=invitation)
    actions.check_withdraw(actor=world.facilitator, invitation=invitation)
    assert invitation.state == "withdrawn"
    with pytest.raises(Conflict):
        actions.check_withdraw(actor=world.coordinator, invitation=invitation)
    with pytest.raises(Conflict):
        actions.check_resend(actor=world.coordinator, invitation=invitation)
    # A new invitation to the same address may follow.
    assert (
        actions.create_invitation(
            actor=world.coordinator,
            program=world.program,
            community=world.community,
            email="w@x.org",
        ).pk
        != invitation.pk
    )


def test_who_sees_which_invitations(world: World) -> None:
    by_member = actions.create_invitation(
        actor=world.member, program=world.program, community=world.community, email="1@x.org"
    )
    by_coordinator = actions.create_invitation(
        actor=world.coordinator, program=world.program, community=world.community, email="2@x.org"
    )
    elsewhere = actions.create_invitation(
        actor=world.coordinator,
        program=world.program,
        community=world.other_community,
        email="3@x.org",
    )
    program_only = actions.create_invitation(
        actor=world.coordinator, program=world.program, email="4@x.org"
    )

    def seen(user: Any) -> set[int]:
        return set(visible_invitations(user, world.program).values_list("pk", flat=True))

    assert seen(world.coordinator) == {
        by_member.pk,
        by_coordinator.pk,
        elsewhere.pk,
        program_only.pk,
    }
    assert seen(world.facilitator) == {by_member.pk, by_coordinator.pk}
    assert seen(world.member) == {by_member.pk}
    assert seen(world.outsider) == set()
