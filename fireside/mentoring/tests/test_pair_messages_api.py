"""The pair message thread through the API (docs/api.md, "Pair messages")."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import UserFactory, make_member
from fireside.mentoring.message_models import PairMessage
from fireside.mentoring.tests.factories import make_pairing
from fireside.mentoring.tests.pair_message_factories import make_message

pytestmark = pytest.mark.django_db


def call(method: str, url: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    data = json.dumps(body) if body is not None else None
    return Client().generic(
        method, url, data or "", content_type="application/json", headers=headers
    )


def test_the_pair_writes_lists_and_reads(world: World) -> None:
    pair = make_pairing(world.community, world.member, world.facilitator)
    base = f"/api/v1/pairings/{pair.pk}/messages"
    sent = call("POST", base, world.member, {"body": "See you **Friday**"})
    assert sent.status_code == 201, sent.content
    assert sent.json()["mine"] is True
    assert "<strong>Friday</strong>" in sent.json()["body_html"]
    for i in range(3):
        make_message(pair, world.member, f"m{i}")
    listed = call("GET", f"{base}?limit=2", world.facilitator).json()
    assert listed["count"] == 4 and listed["unread"] == 4
    assert [m["body"] for m in listed["items"]] == ["m2", "m1"]  # newest first
    assert listed["items"][0]["author"]["name"] == "Mina Member"
    assert listed["items"][0]["deletable_until"] is None
    first_id = PairMessage.objects.order_by("pk").first().pk  # type: ignore[union-attr]
    read = call("POST", f"{base}/read", world.facilitator, {"up_to": first_id})
    assert read.json() == {"unread": 3}
    assert call("POST", f"{base}/read", world.facilitator, {"up_to": None}).json() == {"unread": 0}


def test_bad_input_is_a_clear_400_and_writes_nothing(world: World) -> None:
    pair = make_pairing(world.community, world.member, world.facilitator)
    base = f"/api/v1/pairings/{pair.pk}/messages"
    for body in ({"body": ""}, {"body": "x" * 4001}, {}):
        response = call("POST", base, world.member, body)
        assert response.status_code in (400, 422), body
    assert not PairMessage.objects.exists()


def test_nobody_outside_the_pair_reads_or_deletes(world: World) -> None:
    pair = make_pairing(world.community, world.member, world.facilitator)
    message = make_message(pair, world.member, "Just between us")
    other = make_member(world.community, UserFactory(), "facilitator")
    for who in (other, world.coordinator, world.staff, world.outsider):
        response = call("GET", f"/api/v1/pairings/{pair.pk}/messages", who)
        assert response.status_code in (403, 404)
        assert b"Just between us" not in response.content
    assert (
        call("DELETE", f"/api/v1/pair-messages/{message.pk}", world.facilitator).status_code == 404
    )
    assert call("DELETE", f"/api/v1/pair-messages/{message.pk}", world.member).status_code == 204


def test_each_person_keeps_a_draft_of_their_own_and_previews(world: World) -> None:
    pair = make_pairing(world.community, world.member, world.facilitator)
    base = f"/api/v1/pairings/{pair.pk}/messages"
    assert call("GET", f"{base}/draft", world.member).json() == {"body": "", "updated_at": None}
    kept = call("PUT", f"{base}/draft", world.member, {"body": "Half a thought"})
    assert kept.status_code == 200 and kept.json()["body"] == "Half a thought"
    assert call("GET", f"{base}/draft", world.member).json()["body"] == "Half a thought"
    assert call("GET", f"{base}/draft", world.facilitator).json()["body"] == ""  # hers alone
    too_long = call("PUT", f"{base}/draft", world.member, {"body": "x" * 4001})
    assert too_long.status_code == 422
    assert call("GET", f"{base}/draft", world.member).json()["body"] == "Half a thought"
    assert call("DELETE", f"{base}/draft", world.member).status_code == 204
    assert call("GET", f"{base}/draft", world.member).json()["body"] == ""
    shown = call("POST", f"{base}/preview", world.member, {"body": "**Yes**"})
    assert shown.json() == {"body_html": "<p><strong>Yes</strong></p>\n"}
    stranger = make_member(world.community, UserFactory())
    assert call("GET", f"{base}/draft", stranger).status_code == 404
    assert call("POST", f"{base}/preview", stranger, {"body": "x"}).status_code == 404
