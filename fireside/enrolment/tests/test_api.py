from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.enrolment.models import EnrolmentImport
from fireside.enrolment.tests.files import PNG, csv_bytes, xlsx_bytes
from fireside.invitations.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _december() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 12, 7, 18, tzinfo=dt.UTC), tick=False):
        yield


def auth(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {ApiToken.issue(user)}"}


def post(client: Client, world: World, data: bytes, name: str = "p.csv", **form: Any) -> Any:
    return client.post(
        f"/api/v1/programs/{world.program.pk}/imports",
        {"file": SimpleUploadedFile(name, data), **form},
        headers=auth(world.coordinator),
    )


def rows(world: World) -> list[tuple[str, ...]]:
    group = world.community.name
    return [
        ("Rosa Nuñez", "rosa@example.org", "ece", "", group, "facilitator", "2026-09-14"),
        ("Ben Okafor", "ben@example.org", "ece", "", "", "", ""),
    ]


def test_a_dry_run_lists_every_problem_per_row(world: World, client: Client) -> None:
    bad = [*rows(world), ("", "nope", "astronaut", "", "Nowhere", "", "2026-13-01")]
    response = post(client, world, csv_bytes(bad), dry_run="true")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The file has problems; nothing was imported."
    assert {(p["row"], p["column"]) for p in body["problems"]} == {
        (4, "name"),
        (4, "email"),
        (4, "role_type"),
        (4, "group"),
        (4, "joined_on"),
    }
    assert not Invitation.objects.exists()


def test_a_clean_dry_run_previews_and_writes_nothing(world: World, client: Client) -> None:
    response = post(client, world, xlsx_bytes(rows(world)), "p.xlsx", dry_run="true")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "previewed"
    assert body["problems"] == []
    assert body["counts"] == {"rows": 2, "new": 2, "invited": 0, "members": 0, "groups": 1}
    assert not Invitation.objects.exists()


def test_a_clean_file_starts_the_import(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, world, csv_bytes(rows(world)))
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status_url"] == f"/api/v1/imports/{body['id']}"
    status = client.get(body["status_url"], headers=auth(world.coordinator)).json()
    assert status["state"] == "done"
    assert status["result"] == {"invited": 2, "unchanged": 0, "groups": 1}
    assert Invitation.objects.filter(source="import").count() == 2


def test_it_takes_csv_text_as_json(world: World, client: Client) -> None:
    response = client.post(
        f"/api/v1/programs/{world.program.pk}/imports",
        {"csv": csv_bytes(rows(world)).decode(), "dry_run": True},
        content_type="application/json",
        headers=auth(world.coordinator),
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [("p.xlsx", PNG, 415), ("p.csv", b"x" * (5 * 1024 * 1024 + 1), 413), ("p.csv", b"", 400)],
)
def test_it_refuses_files_it_cannot_read(
    world: World, client: Client, name: str, data: bytes, status: int
) -> None:
    response = post(client, world, data, name)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)
    assert not EnrolmentImport.objects.exists()


def test_others_are_refused(world: World, client: Client) -> None:
    response = client.post(
        f"/api/v1/programs/{world.program.pk}/imports",
        {"file": SimpleUploadedFile("p.csv", csv_bytes(rows(world)))},
        headers=auth(world.facilitator),
    )
    assert response.status_code == 403
