"""The authorization guard: every URL and every API route, against every persona.

Each app keeps its rows in its own `tests/guard.py` (who may use each of its URLs and API
routes, and the objects their path arguments name; persona sets in guard_rules.py), gathered
by routes.py. A new view or route without a row fails the first two tests; a row whose
check is missing in the code fails the persona tests. Content inside a community is for its
active members only: outsiders, the waitlisted, mentors, coordinators and staff are refused.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from conftest import PERSONAS, World
from fireside.accounts.models import ApiToken
from fireside.lib.tests.routes import api_routes as _api_routes
from fireside.lib.tests.routes import gather_rows, guard_api, guard_conflicts, guard_web
from fireside.lib.tests.routes import path_values as _path_values
from fireside.lib.tests.routes import web_names as _web_names

# Every app's rows, gathered: url name -> (method, who may use it), and (method, openapi
# path) -> (who may use it, request body).
WEB = guard_web()
API = guard_api()
# Routes where some personas are refused for who they are, not for what they may see.
CONFLICTS = guard_conflicts()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """The guarded resource's file goes to a temporary folder, not the real media."""
    settings.MEDIA_ROOT = tmp_path


# Path values, URL discovery, the rows' registry: fireside/lib/tests/routes.py, shared with
# the leak test.


def read_every_get(
    client: Any, world: World, values: dict[str, Any], persona: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Sign in as the persona and read every GET page and API route of the tables above.
    Returns {url: body text} and the API headers used, for apps' own privacy crawls."""
    from fireside.lib.tests.leaks import read

    user = world.persona(persona)
    client.logout()
    if user is not None:
        client.force_login(user)
    seen: dict[str, str] = {}
    for name, (method, _allowed) in WEB.items():
        if method == "GET":
            url = reverse(name, kwargs={arg: values[arg] for arg in _web_names()[name]})
            seen[url] = read(client.get(url))[0]
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    for method, path in API:
        if method == "GET":
            url = path.format(**values)
            seen[url] = read(client.get(url, headers=headers))[0]
    return seen, headers


def test_it_has_a_rule_for_every_web_url() -> None:
    assert set(_web_names()) == set(WEB)


def test_it_has_a_rule_for_every_api_route() -> None:
    assert _api_routes() == set(API)


def test_it_refuses_a_row_two_apps_both_have() -> None:
    one = SimpleNamespace(WEB={"home": ("GET", set())})
    two = SimpleNamespace(WEB={"home": ("GET", {"staff"})})
    with pytest.raises(AssertionError, match=r"two.s tests/guard\.py has WEB rows"):
        gather_rows([("one", one), ("two", two)])  # type: ignore[list-item]


def _refused(response: Any, persona: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return persona == "anonymous" and location.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(WEB))
def test_it_guards_web_url(client: Any, world: World, name: str, persona: str) -> None:
    method, allowed = WEB[name]
    values = _path_values(world)
    if name == "accounts:password_reset_confirm":
        values["token"] = "set-password"
    kwargs = {arg: values[arg] for arg in _web_names()[name]}
    url = reverse(name, kwargs=kwargs)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "GET" else client.post(url, {})
    assert response.status_code != 500
    if persona in allowed:
        assert not _refused(response, persona), (name, persona, response.status_code)
    else:
        assert _refused(response, persona), (name, persona, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(API), ids=lambda r: f"{r[0]} {r[1]}")
def test_it_guards_api_route(
    client: Any, world: World, route: tuple[str, str], persona: str
) -> None:
    method, path = route
    allowed, body = API[route]
    url = path.format(**_path_values(world))
    user = world.persona(persona)
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    response = client.generic(
        method, url, data=_json(body(world)), content_type="application/json", headers=headers
    )
    assert response.status_code != 500
    if persona in allowed:
        assert 200 <= response.status_code < 300, (route, persona, response.content)
    elif persona == "anonymous":
        assert response.status_code == 401, (route, persona, response.content)
    else:
        refusals = CONFLICTS.get(route, {}).get(persona, (403, 404))
        assert response.status_code in refusals, (route, persona, response.content)
    if response.status_code >= 400:
        assert isinstance(response.json()["detail"], str)


def _json(data: Any) -> str:
    import json

    return json.dumps(data) if data else ""


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_keeps_the_admin_for_staff(client: Any, world: World, persona: str) -> None:
    user = world.persona(persona)
    if user is not None:
        if persona == "staff":
            user.is_superuser = True
            user.save()
        client.force_login(user)
    response = client.get("/admin/")
    if persona == "staff":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
