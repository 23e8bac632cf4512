"""The invitation email, read as the person gets it: link, expiry, inviter, note; an HTML
part; French for someone who reads Fireside in French."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import World
from fireside.demo.factories import UserFactory
from fireside.invitations.actions import create_invitation

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC))
def test_the_email_carries_a_working_link_the_expiry_and_the_note(
    client: Client, world: World, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = create_invitation(
            actor=world.coordinator,
            program=world.program,
            community=world.community,
            email="pat@example.org",
            name="Pat",
            note="See you at the library!",
        )
    (message,) = mailoutbox
    assert message.to == ["pat@example.org"]
    assert world.community.name in message.subject
    body = message.body
    assert body.startswith("Hello Pat,")
    assert f"{world.coordinator.display_name} invites you to join" in body
    assert "See you at the library!" in body
    assert "works until Saturday 31 October 2026" in body  # 30 days, in the program's zone
    link = next(line for line in body.splitlines() if "/invitations/" in line)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path == f"/invitations/{invitation.token}/"
    assert client.get(path).status_code == 200
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link.strip()}"' in html
    assert "See you at the library!" in html
    assert "decline/" in body and "decline/" in html


def test_someone_who_reads_in_french_gets_it_in_french(
    world: World, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = UserFactory(email="eloise@example.org", language="fr-ca")
    with django_capture_on_commit_callbacks(execute=True):
        create_invitation(
            actor=world.coordinator,
            program=world.program,
            community=world.community,
            email=person.email,
        )
    body = mailoutbox[-1].body
    assert "Bonjour" in body
    assert "invite" in body
