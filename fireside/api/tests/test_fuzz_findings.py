"""What the schemathesis run (test_fuzz.py) found, each pinned down as a plain test: every one
of these requests used to answer 500."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

import fireside.api.urls  # noqa: F401 - every router mounted on `api`
from conftest import World
from fireside.accounts.models import ApiToken
from fireside.api.core import MAX_ID, MAX_OFFSET, api
from fireside.conversations.models import Thread

pytestmark = pytest.mark.django_db

HUGE = 2**70  # past any 64-bit integer


def auth(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {ApiToken.issue(user)}"}


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/programs?offset={HUGE}",
        f"/api/v1/me/pairings?offset={HUGE}",
        f"/api/v1/communities?offset={MAX_OFFSET + 1}",
    ],
)
def test_an_offset_past_any_list_is_400(client: Client, world: World, url: str) -> None:
    response = client.get(url, headers=auth(world.member))
    assert response.status_code == 400
    assert "offset" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/communities?program={HUGE}",
        f"/api/v1/me/reflections?program={-HUGE}",
        f"/api/v1/me/hours?program={HUGE}",
    ],
)
def test_a_filter_id_past_64_bits_is_400(client: Client, world: World, url: str) -> None:
    response = client.get(url, headers=auth(world.member))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The request is not valid")


def test_an_id_at_the_bound_is_just_no_match(client: Client, world: World) -> None:
    response = client.get(f"/api/v1/communities?program={MAX_ID}", headers=auth(world.member))
    assert response.status_code == 200
    assert response.json()["count"] == 0


def operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return [
        (method.upper(), path)
        for path, methods in paths.items()
        for method in methods
        if "{" in path and method in {"get", "post", "put", "patch", "delete"}
    ]


@pytest.mark.parametrize(("method", "path"), operations())
def test_a_path_id_past_64_bits_is_never_a_500(
    client: Client, world: World, method: str, path: str
) -> None:
    """Django's primary-key lookups answer "no such row" for such a number, but a lookup by
    a foreign key does not: each route must stop it before the database."""
    url = re.sub(r"\{[a-z_]+\}", str(HUGE), path)
    response = client.generic(
        method, url, "{}", content_type="application/json", headers=auth(world.facilitator)
    )
    assert response.status_code < 500, (url, response.content)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/communities/{c}/pairings", {"user_ids": [HUGE, HUGE + 1]}),
        ("/api/v1/communities/{c}/roles", {"user_id": HUGE, "role": "organiser"}),
        ("/api/v1/communities/{c}/members", {"user_id": HUGE}),
        ("/api/v1/programs/{p}/mentors", {"user_id": HUGE}),
        ("/api/v1/programs/{p}/surveys", {"title": "T", "community": HUGE, "questions": []}),
    ],
)
def test_a_body_id_past_64_bits_is_never_a_500(
    client: Client, world: World, url: str, body: dict[str, Any]
) -> None:
    url = url.format(c=world.community.pk, p=world.program.pk)
    for who in (world.facilitator, world.coordinator):
        response = client.post(url, json.dumps(body), "application/json", headers=auth(who))
        assert response.status_code < 500, (url, response.content)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/communities?q=%00",
        "/api/v1/communities?region=coast%00",
        "/api/v1/search?q=a%00b",
        "/api/v1/certificates/AB%00CD",
    ],
)
def test_a_nul_in_the_address_is_400(client: Client, world: World, url: str) -> None:
    response = client.get(url, headers=auth(world.member))
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_json_body_is_refused_by_the_action_naming_the_field(
    client: Client, world: World
) -> None:
    response = client.post(
        f"/api/v1/communities/{world.community.pk}/threads",
        json.dumps({"title": "Rain\u0000", "body": "Boots", "kind": "idea"}),
        content_type="application/json",
        headers=auth(world.member),
    )
    assert response.status_code == 400
    assert "title" in response.json()["detail"]
    assert not Thread.objects.exists()


def test_a_nul_in_a_web_query_is_a_400_page(client: Client, world: World) -> None:
    client.force_login(world.member)
    page = client.get("/communities/?q=%00")
    assert page.status_code == 400
    assert "NUL" in page.content.decode()
