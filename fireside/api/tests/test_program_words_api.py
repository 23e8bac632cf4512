"""A program's own words through the API (docs/api.md, "A program's own words")."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken, User
from fireside.demo.factories import CommunityFactory
from fireside.programs.models import ProgramRoleType

pytestmark = pytest.mark.django_db


def call(client: Client, method: str, url: str, user: User | None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_it_lists_the_standard_role_types_of_a_program_without_its_own(
    client: Client, world: World
) -> None:
    body = call(client, "GET", f"/api/v1/programs/{world.program.pk}/role-types", None).json()
    assert body["count"] == 7
    assert body["items"][0] == {
        "code": "ece",
        "name": "Early childhood educator",
        "name_fr": "",
        "label": "Early childhood educator",
        "eligible": True,
        "own": False,
    }


def test_a_coordinator_adds_renames_and_removes_role_types(client: Client, world: World) -> None:
    base = f"/api/v1/programs/{world.program.pk}/role-types"
    response = call(
        client,
        "POST",
        base,
        world.coordinator,
        {"code": "teacher", "name": "Teacher", "name_fr": "Enseignant·e"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["own"] is True and response.json()["eligible"] is True
    french = client.get(base, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert [i["label"] for i in french["items"] if i["code"] == "teacher"] == ["Enseignant·e"]
    response = call(client, "PATCH", f"{base}/teacher", world.coordinator, {"name": "Teachers"})
    assert response.json()["name"] == "Teachers"
    # A group for it: refused with a reason, kept.
    CommunityFactory(program=world.program, audience="teacher")
    response = call(client, "DELETE", f"{base}/teacher", world.coordinator)
    assert response.status_code == 409
    assert "still in use" in response.json()["detail"]
    assert ProgramRoleType.objects.filter(program=world.program, code="teacher").exists()
    # A member may not.
    response = call(client, "POST", base, world.member, {"code": "x", "name": "X"})
    assert response.status_code == 403
    # Bad input: 400 with a sentence, nothing written.
    response = call(client, "POST", base, world.coordinator, {"code": "two words", "name": "X"})
    assert response.status_code == 400
    assert not ProgramRoleType.objects.filter(name="X").exists()


def test_the_directory_says_who_a_group_is_for_in_the_programs_words(
    client: Client, world: World
) -> None:
    call(
        client,
        "PATCH",
        f"/api/v1/programs/{world.program.pk}/words",
        world.coordinator,
        {"group_word": "learning network", "group_word_fr": "réseau d'apprentissage"},
    )
    item = client.get(f"/api/v1/communities/{world.community.pk}").json()
    assert (item["audience"], item["audience_label"]) == ("ece", "Early childhood educator")
    assert item["group_word"] == "learning network"
    listed = client.get("/api/v1/communities", HTTP_ACCEPT_LANGUAGE="fr").json()["items"]
    assert {i["group_word"] for i in listed} == {"réseau d'apprentissage"}
