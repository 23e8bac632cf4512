"""Resources through the API: multipart uploads, 413 and 415, links, tags, downloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.conversations import resources
from fireside.conversations.models import Resource
from fireside.conversations.tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def auth(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {ApiToken.issue(user)}"}


def upload(
    client: Client, world: World, user: Any = None, content: bytes | None = None, **fields: Any
) -> Any:
    name = fields.pop("name", "plan.pdf")
    data = {"title": "Plan", "provenance": "developed", **fields}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content)
    return client.post(
        f"/api/v1/communities/{world.community.pk}/resources",
        data,
        headers=auth(user or world.member),
    )


def test_a_member_uploads_a_pdf_and_a_member_downloads_it(client: Client, world: World) -> None:
    content = files.pdf()
    response = upload(
        client, world, content=content, tags="Planning, outdoor", description="Our week"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "file" and body["url"] is None
    assert (body["title"], body["provenance"], body["tags"]) == (
        "Plan",
        "developed",
        ["outdoor", "planning"],
    )
    assert (body["filename"], body["content_type"], body["size"]) == (
        "plan.pdf",
        "application/pdf",
        len(content),
    )
    assert body["download_url"] == f"/api/v1/resources/{body['id']}/download"
    download = client.get(body["download_url"], headers=auth(world.facilitator))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("size", [5000, 100_000])
def test_over_the_limit_is_413_and_stores_nothing(
    client: Client, world: World, settings: Any, media: Path, size: int
) -> None:
    settings.UPLOAD_MAX_BYTES = 4096
    response = upload(client, world, content=b"a" * size, name="long.txt")
    assert response.status_code == 413
    assert "larger than 4 KB" in response.json()["detail"]
    assert not Resource.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (files.png(), "report.pdf"),  # a PNG renamed to .pdf
        (files.elf(), "tool.exe"),
        (files.elf(), "tool.pdf"),
        (files.exe(), "setup.exe"),
        (files.plain_zip(), "notes.docx"),
    ],
)
def test_a_type_not_taken_is_415_and_stores_nothing(
    client: Client, world: World, media: Path, content: bytes, name: str
) -> None:
    response = upload(client, world, content=content, name=name)
    assert response.status_code == 415
    assert isinstance(response.json()["detail"], str)
    assert not Resource.objects.exists() and stored_files(media) == []


def test_neither_or_both_is_400(client: Client, world: World, media: Path) -> None:
    assert upload(client, world).status_code == 400
    both = upload(client, world, content=files.png(), name="a.png", url="https://example.org/")
    assert both.status_code == 400
    assert not Resource.objects.exists() and stored_files(media) == []


def test_a_link_resource_as_form_or_json(client: Client, world: World) -> None:
    form = upload(client, world, url="https://example.org/songs", share_with_program="true")
    assert form.status_code == 201, form.content
    assert form.json()["kind"] == "link" and form.json()["shared_with_program"] is True
    as_json = client.post(
        f"/api/v1/communities/{world.community.pk}/resources",
        json.dumps({"title": "Songs", "provenance": "found", "url": "https://example.org/s"}),
        content_type="application/json",
        headers=auth(world.member),
    )
    assert as_json.status_code == 201 and as_json.json()["download_url"] is None
    # A link has no file: its download is 404, and the list gives its url.
    download = client.get(
        f"/api/v1/resources/{as_json.json()['id']}/download", headers=auth(world.member)
    )
    assert download.status_code == 404 and "link" in download.json()["detail"]


def test_it_records_an_unstated_provenance_as_found(client: Client, world: World) -> None:
    url = f"/api/v1/communities/{world.community.pk}/resources"
    form = client.post(
        url,
        {"title": "Plan", "file": SimpleUploadedFile("plan.pdf", files.pdf())},
        headers=auth(world.member),
    )
    as_json = client.post(
        url,
        json.dumps({"title": "Songs", "url": "https://example.org/s"}),
        content_type="application/json",
        headers=auth(world.member),
    )
    assert (form.status_code, as_json.status_code) == (201, 201), form.content
    assert form.json()["provenance"] == as_json.json()["provenance"] == "found"
    assert list(Resource.objects.values_list("provenance", flat=True)) == ["found", "found"]


@pytest.mark.parametrize("provenance", ["", "stolen"])
def test_it_still_refuses_a_provenance_it_does_not_know(
    client: Client, world: World, provenance: str
) -> None:
    response = upload(client, world, url="https://example.org/s", provenance=provenance)
    assert response.status_code == 400
    assert response.json()["detail"] == "provenance must be one of: developed, adapted, found."
    assert not Resource.objects.exists()


def test_the_list_filters_by_tag_and_pages(client: Client, world: World) -> None:
    for i in range(3):
        upload(client, world, url=f"https://example.org/{i}", title=f"R{i}", tags="art")
    upload(client, world, url="https://example.org/x", title="Other", tags="music")
    url = f"/api/v1/communities/{world.community.pk}/resources"
    art = client.get(url, {"tag": "Art", "limit": 2}, headers=auth(world.member)).json()
    assert art["count"] == 3 and [r["title"] for r in art["items"]] == ["R2", "R1"]
    everything = client.get(url, headers=auth(world.member)).json()
    assert everything["count"] == 4


def test_other_groups_see_only_what_the_author_shared(client: Client, world: World) -> None:
    kept = upload(client, world, content=files.png(), name="kept.png").json()
    shared = upload(
        client, world, content=files.png(), name="shared.png", share_with_program="on"
    ).json()
    sibling = auth(world.outsider)  # a member of another group in the same program
    assert client.get(kept["download_url"], headers=sibling).status_code == 404
    assert client.get(shared["download_url"], headers=sibling).status_code == 200
    url = f"/api/v1/communities/{world.other_community.pk}/resources"
    listed = client.get(url, {"scope": "program"}, headers=sibling).json()
    assert [r["id"] for r in listed["items"]] == [shared["id"]]
    assert client.get(url, headers=sibling).json()["count"] == 0
    # Nobody outside the group reaches its own list.
    own = f"/api/v1/communities/{world.community.pk}/resources"
    assert client.get(own, headers=sibling).status_code == 404
    for user in (world.waitlisted, world.staff):
        assert client.get(kept["download_url"], headers=auth(user)).status_code == 404
    assert client.get(kept["download_url"]).status_code == 401


def test_the_list_has_a_fixed_query_count(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    def fill(n: int) -> None:
        for i in range(n):
            resources.check_share_resource(
                author=world.member if i % 2 else world.facilitator,
                community=world.community,
                title=f"R{i}",
                provenance="found",
                url=f"https://example.org/{i}",
                tags=f"t{i}, shared",
            )

    fill(2)
    headers = auth(world.member)
    client.get("/api/v1/me", headers=headers)  # the token's "last used" is noted: no write below
    url = f"/api/v1/communities/{world.community.pk}/resources"
    # token, community, membership, agreement, roles, program staff, count,
    # page (+authors and communities), tags
    with django_assert_num_queries(9):
        small = client.get(url, headers=headers)
    fill(12)
    with django_assert_num_queries(9):
        large = client.get(url, headers=headers)
    assert small.json()["count"] == 2 and large.json()["count"] == 14
    assert all(len(r["tags"]) == 2 for r in large.json()["items"])


def test_uploads_past_the_hourly_limit_are_429_and_store_nothing(
    client: Client, world: World, settings: Any, media: Path
) -> None:
    settings.UPLOAD_HOURLY_LIMIT = 2
    for _ in range(2):
        assert upload(client, world, content=files.pdf()).status_code == 201
    response = upload(client, world, content=files.pdf())
    assert response.status_code == 429
    assert "uploaded many files" in response.json()["detail"]
    assert Resource.objects.count() == 2 and len(stored_files(media)) == 2
    # Links are not uploads, and another person has their own count.
    assert upload(client, world, url="https://example.org/plan").status_code == 201
    assert upload(client, world, world.facilitator, content=files.pdf()).status_code == 201
