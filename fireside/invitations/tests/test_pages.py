"""The invitation lists: a program's for its coordinators, a group's for its members."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.invitations import actions
from fireside.invitations.models import Invitation

pytestmark = pytest.mark.django_db


def _invite(world: World, actor: Any, email: str, **fields: Any) -> Invitation:
    fields.setdefault("community", world.community)
    return actions.create_invitation(actor=actor, program=world.program, email=email, **fields)


def test_the_program_page_filters_by_state_and_group(client: Client, world: World) -> None:
    _invite(world, world.coordinator, "here@example.org")
    gone = _invite(world, world.coordinator, "gone@example.org", community=world.other_community)
    actions.check_withdraw(actor=world.coordinator, invitation=gone)
    _invite(world, world.coordinator, "program@example.org", community=None)
    client.force_login(world.coordinator)
    url = reverse("invitations:program", args=[world.program.pk])
    page = client.get(url).content.decode()
    assert all(e in page for e in ("here@example.org", "gone@example.org", "program@example.org"))
    withdrawn = client.get(url, {"state": "withdrawn"}).content.decode()
    assert "gone@example.org" in withdrawn and "here@example.org" not in withdrawn
    one_group = client.get(url, {"group": str(world.community.pk)}).content.decode()
    assert "here@example.org" in one_group and "gone@example.org" not in one_group
    program_only = client.get(url, {"group": "none"}).content.decode()
    assert "program@example.org" in program_only and "here@example.org" not in program_only
    # Junk in the filters: every invitation, never a 500.
    assert client.get(url, {"state": "x", "group": "x", "page": "x"}).status_code == 200


def test_the_program_page_invites_to_a_group_or_the_program(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    url = reverse("invitations:program", args=[world.program.pk])
    response = client.post(
        url, {"community": "", "emails": "a@example.org b@example.org", "note": "Hi"}, follow=True
    )
    assert "We emailed invitations to 2 people" in response.content.decode()
    assert Invitation.objects.filter(community__isnull=True).count() == 2
    refused = client.post(url, {"community": str(world.community.pk), "emails": "x@, ok@x.org"})
    assert refused.status_code == 200
    assert "Not an email address: x@" in refused.content.decode()
    assert Invitation.objects.count() == 2


def test_a_group_page_shows_each_member_what_they_may_see(client: Client, world: World) -> None:
    _invite(world, world.coordinator, "by-cora@example.org", note="Cora's own words")
    client.force_login(world.member)
    url = reverse("invitations:community", args=[world.community.pk])
    response = client.post(url, {"emails": "by-mina@example.org", "note": "Mina's words"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "by-mina@example.org" in page and "Mina&#x27;s words" in page
    assert "by-cora@example.org" not in page
    client.force_login(world.facilitator)
    page = client.get(url).content.decode()
    assert "by-mina@example.org" in page and "by-cora@example.org" in page
    assert "Cora&#x27;s own words" not in page and "Mina&#x27;s words" not in page


def test_resend_and_withdraw_from_the_page(client: Client, world: World) -> None:
    invitation = _invite(world, world.coordinator, "r@example.org")
    client.force_login(world.member)  # not hers: as if it did not exist
    assert client.post(reverse("invitations:withdraw", args=[invitation.pk])).status_code == 404
    client.force_login(world.facilitator)
    back = reverse("invitations:community", args=[world.community.pk])
    response = client.post(reverse("invitations:resend", args=[invitation.pk]), {"next": back})
    assert response["Location"] == back
    assert Invitation.objects.get(pk=invitation.pk).send_count == 2
    client.post(reverse("invitations:withdraw", args=[invitation.pk]))
    assert Invitation.objects.get(pk=invitation.pk).state == "withdrawn"
    response = client.post(reverse("invitations:withdraw", args=[invitation.pk]), follow=True)
    assert "closed" in response.content.decode()
