"""Security finding 7: every API route that takes a body, sent a body too large, malformed
JSON, or the wrong content type, by a person allowed to use it, answers 413, 400/422 and
415 with a JSON `detail`, never a 500 or a traceback, in development and in production."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

import fireside.api.urls  # noqa: F401 - every router mounted on `api`
from conftest import PERSONAS, World
from fireside.accounts.models import ApiToken
from fireside.api.core import api
from fireside.lib.tests.routes import path_values
from fireside.lib.tests.test_authorization_guard import API

pytestmark = pytest.mark.django_db

BODY_METHODS = {"post", "put", "patch", "delete"}


def body_routes() -> list[tuple[str, str, bool]]:
    """(METHOD, path, whether it declares a request body) for every route a body can reach."""
    paths = api.get_openapi_schema()["paths"]
    return sorted(
        (method.upper(), path, "requestBody" in operation)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if method in BODY_METHODS
    )


def test_it_walks_every_route_that_takes_a_body() -> None:
    walked = {(m, p) for m, p, _has_body in body_routes()}
    assert walked == {r for r in API if r[0].lower() in BODY_METHODS}
    declared = {(m, p) for m, p, has_body in body_routes() if has_body}
    assert ("POST", "/api/v1/communities/{community_id}/threads") in declared
    assert ("PATCH", "/api/v1/me") in declared


def _persona(route: tuple[str, str]) -> str:
    allowed = API[route][0] - {"anonymous"}
    return next(p for p in PERSONAS if p in allowed)


def _oversized() -> bytes:
    limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return b'{"title": "' + b"a" * limit + b'"}'


def _check(response: Any, expected: tuple[int, ...], what: str) -> None:
    assert response.status_code in expected, (what, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), what
    assert isinstance(response.json()["detail"], str), what
    assert b"Traceback" not in response.content, what


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
@pytest.mark.parametrize(("method", "path", "has_body"), body_routes())
def test_a_bad_body_is_a_4xx_on_every_route(
    client: Client, world: World, settings: Any, debug: bool, method: str, path: str, has_body: bool
) -> None:
    settings.DEBUG = debug
    url = path.format(**path_values(world))
    user = world.persona(_persona((method, path)))
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}

    def send(body: bytes, content_type: str) -> Any:
        return client.generic(method, url, body, content_type=content_type, headers=headers)

    _check(send(_oversized(), "application/json"), (413,), "too large")
    _check(send(b'{"title": "x"}', "text/plain"), (415,), "text/plain")
    _check(send(b"title=x&body=y", "application/x-www-form-urlencoded"), (415,), "a web form")
    # Last: a route that takes no body ignores it and does its work (DELETE /me erases).
    malformed = send(b'{"title": "x",', "application/json")
    if has_body:
        _check(malformed, (400, 422), "malformed JSON")
    else:
        assert malformed.status_code < 500, malformed.content


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_an_oversized_web_form_is_a_413_page(
    client: Client, world: World, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    client.force_login(world.member)
    limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(
        reverse("conversations:new", args=[world.community.pk]),
        b"title=x&body=" + b"a" * limit,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert b"Traceback" not in response.content
    html = response.content.decode()
    # A page that says what happened, the limit, what was sent and how to get the text back.
    assert "Nothing was saved." in html and "at most 2.5 MB" in html
    assert "You sent 2.6 MB" in html and "Back button" in html


def test_a_bug_in_development_is_a_json_500_without_the_traceback(
    client: Client, world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = True

    def broken(user: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("fireside.api.accounts._me", broken)
    response = client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {ApiToken.issue(world.member)}"}
    )
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side. Nothing was changed."}
    assert b"secret internals" not in response.content


def test_a_multipart_web_form_with_too_much_text_is_a_413_page_in_production(
    client: Client, world: World
) -> None:
    """Its length includes files, so the limit falls on its text fields as they are read."""
    client.force_login(world.member)
    limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(
        reverse("conversations:new", args=[world.community.pk]),
        {"title": "x", "body": "a" * limit},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "Nothing was saved." in html and "at most 2.5 MB" in html and "Back button" in html
