"""The reflection practices' API (docs/api.md, "Reflection practices")."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.activities import more_or_less, practices
from fireside.activities.models import Card, PracticeFeedback
from fireside.activities.tests.factories import make_card, make_practice, make_round

pytestmark = pytest.mark.django_db


def call(client: Client, user: Any, method: str, url: str, body: Any = None) -> Any:
    return client.generic(
        method,
        url,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(user)}"},
    )


def test_cards_are_listed_grouped_without_names(client: Client, world: World) -> None:
    found = make_round(world.gathering, world.facilitator)
    make_card(found, world.member, "Songs")
    make_card(found, world.facilitator, "songs.")
    url = f"/api/v1/more-or-less/{found.pk}/cards"
    added = call(client, world.member, "POST", url, {"side": "less", "text": "Noise"})
    assert added.status_code == 201
    body = call(client, world.member, "GET", url).json()
    assert body["more"] == [{"text": "Songs", "count": 2, "also": ["songs."]}]
    assert body["less"] == [{"text": "Noise", "count": 1, "also": []}]
    assert [c["text"] for c in body["mine"]] == ["Songs", "Noise"]
    assert "Mina" not in json.dumps(body)


def test_bad_cards_are_refused_with_the_field_named(client: Client, world: World) -> None:
    found = make_round(world.gathering, world.facilitator)
    url = f"/api/v1/more-or-less/{found.pk}/cards"
    wrong = call(client, world.member, "POST", url, {"side": "most", "text": "x"})
    assert wrong.status_code == 400 and "side" in wrong.json()["errors"]
    long = call(client, world.member, "POST", url, {"side": "more", "text": "x" * 151})
    assert long.status_code == 400 and "text" in long.json()["errors"]
    more_or_less.check_close_round(actor=world.facilitator, round=found)
    closed = call(client, world.member, "POST", url, {"side": "more", "text": "x"})
    assert closed.status_code == 409
    assert not Card.objects.exists()
    assert call(client, world.coordinator, "GET", url).status_code == 403


def test_feedback_through_the_api(client: Client, world: World) -> None:
    session = make_practice(world.gathering, world.member)
    url = f"/api/v1/practices/{session.pk}/feedback"
    own = call(client, world.member, "POST", url, {"worked": "Me"})
    assert own.status_code == 403
    empty = call(client, world.facilitator, "POST", url, {})
    assert empty.status_code == 400
    given = call(client, world.facilitator, "POST", url, {"worked": "Calm", "named": False})
    assert given.status_code == 201
    listed = call(client, world.member, "GET", url).json()
    assert listed["feedback"][0]["author"] is None
    assert listed["feedback"][0]["worked"] == "Calm"
    practices.check_hide(
        actor=world.facilitator, feedback=PracticeFeedback.objects.get(), hide=True
    )
    assert call(client, world.member, "GET", url).json()["feedback"] == []
    assert call(client, world.mentor, "GET", url).status_code == 403
