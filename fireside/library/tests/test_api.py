"""The program library's API (docs/api.md, "Program library")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.conversations.tests import files
from fireside.library.models import ProgramResource
from fireside.library.tests.factories import make_item, text_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def auth(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {ApiToken.issue(user)}"}


def call(client: Client, method: str, url: str, user: Any, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else ""
    return client.generic(
        method, url, data=data, content_type="application/json", headers=auth(user)
    )


def test_a_link_is_published_listed_changed_and_removed(client: Client, world: World) -> None:
    base = f"/api/v1/programs/{world.program.pk}/library"
    body = {"title": "Episode 3", "kind": "podcast", "url": "https://example.org/3"}
    assert call(client, "POST", base, world.member, body).status_code == 403
    refused = call(client, "POST", base, world.mentor, {**body, "url": "javascript:alert(1)"})
    assert refused.status_code == 400 and "https://" in refused.json()["detail"]
    posted = call(client, "POST", base, world.mentor, {**body, "language": "fr"})
    assert posted.status_code == 201, posted.content
    item = posted.json()
    assert item["type"] == "link" and item["language"] == "fr" and item["download_url"] is None
    assert item["published_by"]["id"] == world.mentor.pk

    listed = call(client, "GET", f"{base}?kind=podcast&q=episode", world.outsider).json()
    assert [i["id"] for i in listed["items"]] == [item["id"]] and listed["count"] == 1
    assert call(client, "GET", f"{base}?kind=video", world.member).json()["count"] == 0

    one = f"/api/v1/library/{item['id']}"
    changed = call(client, "PATCH", one, world.mentor, {"pinned": True, "title": "Ep. 3"})
    assert changed.status_code == 200
    assert changed.json()["pinned"] is True and changed.json()["url"] == "https://example.org/3"
    assert call(client, "PATCH", one, world.mentor, {"title": None}).status_code == 400
    assert call(client, "PATCH", one, world.member, {"pinned": False}).status_code == 403
    assert call(client, "DELETE", one, world.member).status_code == 403
    assert call(client, "DELETE", one, world.coordinator).status_code == 204
    assert not ProgramResource.objects.exists()


def test_readers_only(client: Client, world: World) -> None:
    item = make_item(world.program, world.coordinator)
    base = f"/api/v1/programs/{world.program.pk}/library"
    assert call(client, "GET", base, world.waitlisted).status_code == 404
    assert (
        call(client, "PATCH", f"/api/v1/library/{item.pk}", world.waitlisted, {}).status_code == 404
    )
    assert client.get(base).status_code == 401


def test_a_file_goes_as_multipart_with_the_same_checks(
    client: Client, world: World, media: Path, settings: Any
) -> None:
    base = f"/api/v1/programs/{world.program.pk}/library"
    posted = client.post(
        base,
        {"title": "Observation sheet", "kind": "tool", "pinned": "yes", "file": text_file()},
        headers=auth(world.coordinator),
    )
    assert posted.status_code == 201, posted.content
    item = posted.json()
    assert item["type"] == "file" and item["pinned"] is True
    download = client.get(item["download_url"], headers=auth(world.member))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Ideas for a rainy day.\n"

    from django.core.files.uploadedfile import SimpleUploadedFile

    disguised = client.post(
        base,
        {"title": "x", "kind": "tool", "file": SimpleUploadedFile("a.pdf", files.png())},
        headers=auth(world.coordinator),
    )
    assert disguised.status_code == 415
    settings.UPLOAD_MAX_BYTES = 4096
    big = client.post(
        base,
        {"title": "x", "kind": "tool", "file": text_file("b.txt", b"x" * 6000)},
        headers=auth(world.coordinator),
    )
    assert big.status_code == 413
    assert ProgramResource.objects.count() == 1
    # A file cannot become a link.
    one = f"/api/v1/library/{item['id']}"
    assert (
        call(client, "PATCH", one, world.coordinator, {"url": "https://x.org"}).status_code == 400
    )
