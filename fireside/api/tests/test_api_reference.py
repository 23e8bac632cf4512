"""docs/api.md lists exactly the routes the API serves, and marks exactly the contract's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from fireside.api.tests.contract import CONTRACT, normal

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).resolve().parents[3] / "docs" / "api.md"
METHODS = "GET|POST|PUT|PATCH|DELETE"
# One heading per route: ### `METHOD /api/v1/path` · who [· contract]
HEADING = re.compile(rf"^### `({METHODS}) (/api/v1/\S+)` · (.+)$", re.MULTILINE)
# Any route named anywhere in the text, headings included.
MENTION = re.compile(rf"`({METHODS}) (/api/v1/[^`\s?]+)")


@pytest.fixture
def served(client: Client) -> set[tuple[str, str]]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths: dict[str, Any] = response.json()["paths"]
    return {(method.upper(), path) for path, ops in paths.items() for method in ops}


# The schema itself is served (the fixture just read it) but is not a route in it.
SCHEMA = ("GET", "/api/v1/openapi.json")


def headings() -> list[tuple[str, str, str]]:
    return HEADING.findall(REFERENCE.read_text(encoding="utf-8"))


def test_it_documents_every_served_route_once(served: set[tuple[str, str]]) -> None:
    documented = [(method, path) for method, path, _who in headings()]
    assert len(documented) == len(set(documented)), "a route is documented twice"
    assert sorted(served - set(documented)) == [], "served but not in docs/api.md"
    assert sorted(set(documented) - served) == [], "in docs/api.md but not served"


def test_it_names_only_routes_that_exist(served: set[tuple[str, str]]) -> None:
    mentioned = set(MENTION.findall(REFERENCE.read_text(encoding="utf-8")))
    assert sorted(mentioned - served - {SCHEMA}) == []


def test_it_marks_exactly_the_contract_routes() -> None:
    marked = {
        (method, normal(path)) for method, path, who in headings() if who.endswith("· contract")
    }
    assert marked == {(r.method, normal(r.path)) for r in CONTRACT}
