"""The ledger's parts from the apps beside hours (fireside/hours/ledger_parts.py): the
certificates app adds the latest certificate at start-up, and the ledger shows it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from fireside.certificates import ledger_parts as certificate_parts
from fireside.certificates.tests.factories import attend, make_certificate
from fireside.hours import ledger_parts


def test_it_hears_the_latest_certificate_from_certificates() -> None:
    assert ledger_parts.registered_parts() == ["latest"]
    assert ledger_parts._parts.source("latest") is certificate_parts.latest_certificate


@pytest.mark.django_db
def test_it_shows_only_the_persons_own_latest_certificate(client: Any, world: World) -> None:
    member, other = world.persona("member"), world.persona("facilitator")
    url = reverse("hours:ledger", args=[world.program.pk])
    attend(world.gathering, member, 60)  # the certificate line shows under some hours
    make_certificate(other, world.program)
    client.force_login(member)
    assert "Your latest certificate" not in client.get(url).content.decode()
    mine = make_certificate(member, world.program)
    assert certificate_parts.latest_certificate(member, world.program) == mine
    assert "Your latest certificate" in client.get(url).content.decode()
