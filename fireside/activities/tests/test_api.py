"""The reflection practices' API (docs/api.md, "Reflection practices")."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.activities import more_or_less, practices
from fireside.activities.models import Card, PracticeFeedback
from fireside.activities.tests.factories import make_card, make_practice, make_round
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.gatherings.models import Activity, AgendaItem

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
    assert body["more"] == [
        {"side": "more", "key": "songs", "text": "Songs", "count": 2, "also": ["songs."]}
    ]
    assert body["less"] == [
        {"side": "less", "key": "noise", "text": "Noise", "count": 1, "also": []}
    ]
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
    # The presenter sees it, marked hidden (and may show it again); the group no longer does.
    assert call(client, world.member, "GET", url).json()["feedback"][0]["hidden"] is True
    other = make_member(world.community, UserFactory(name="Otto Other"))
    assert call(client, other, "GET", url).json()["feedback"] == []
    assert call(client, world.mentor, "GET", url).status_code == 403


def test_rounds_are_opened_closed_and_cards_changed_by_their_author(
    client: Client, world: World
) -> None:
    item = AgendaItem.objects.create(
        gathering=world.gathering, topic="Story time", activity=Activity.MORE_OR_LESS, minutes=20
    )
    rounds = f"/api/v1/gatherings/{world.gathering.pk}/more-or-less"
    refused = call(client, world.member, "POST", rounds, {"topic": "Mine"})
    assert refused.status_code == 403
    unknown = call(client, world.facilitator, "POST", rounds, {"agenda_item": 10**9})
    assert unknown.status_code == 400 and "agenda_item" in unknown.json()["errors"]
    opened = call(client, world.facilitator, "POST", rounds, {"agenda_item": item.pk})
    assert opened.status_code == 201
    assert opened.json()["topic"] == "Story time" and opened.json()["agenda_item"] == item.pk
    assert [r["topic"] for r in call(client, world.member, "GET", rounds).json()] == ["Story time"]
    round_id = opened.json()["id"]
    card = call(
        client, world.member, "POST", f"/api/v1/more-or-less/{round_id}/cards",
        {"side": "more", "text": "Songs"},
    ).json()  # fmt: skip
    url = f"/api/v1/more-or-less/cards/{card['id']}"
    body = {"side": "less", "text": "Noise"}
    assert call(client, world.facilitator, "PUT", url, body).status_code == 403
    bad = call(client, world.member, "PUT", url, {"side": "less", "text": " "})
    assert bad.status_code == 400 and "text" in bad.json()["errors"]
    assert call(client, world.member, "PUT", url, body).json() == {"id": card["id"], **body}
    close = f"/api/v1/more-or-less/{round_id}/close"
    assert call(client, world.member, "POST", close).status_code == 403
    assert call(client, world.facilitator, "POST", close).json()["open"] is False
    assert call(client, world.facilitator, "POST", close).status_code == 409
    assert call(client, world.member, "DELETE", url).status_code == 409
    assert Card.objects.get().text == "Noise"


def test_a_closed_rounds_cards_go_on_the_next_agenda(client: Client, world: World) -> None:
    found = make_round(world.gathering, world.facilitator)
    make_card(found, world.member, "Outdoor play")
    url = f"/api/v1/more-or-less/{found.pk}/agenda"
    body = {"side": "more", "key": "outdoor play", "topic": "More of: Outdoor play"}
    assert call(client, world.facilitator, "POST", url, body).status_code == 409  # none planned
    coming = GatheringFactory(
        community=world.community, starts_at=timezone.now() + dt.timedelta(days=7)
    )
    assert call(client, world.member, "POST", url, body).status_code == 403
    done = call(client, world.facilitator, "POST", url, body).json()
    assert done["gathering"] == coming.pk
    assert done["agenda"] == [{"topic": "More of: Outdoor play", "activity": "open_discussion"}]


def test_sessions_are_presented_and_feedback_changed_or_hidden(
    client: Client, world: World
) -> None:
    item = AgendaItem.objects.create(
        gathering=world.gathering, topic="Mina's try", activity=Activity.PRACTICE, minutes=20
    )
    url = f"/api/v1/gatherings/{world.gathering.pk}/practices"
    empty = call(client, world.member, "POST", url, {"title": "", "description": "D"})
    assert empty.status_code == 400 and "title" in empty.json()["errors"]
    body = {"title": "Puppets", "description": "A story", "agenda_item": item.pk}
    made = call(client, world.member, "POST", url, body)
    assert made.status_code == 201 and made.json()["agenda_item"] == item.pk
    assert call(client, world.facilitator, "POST", url, body).status_code == 409
    assert call(client, world.coordinator, "GET", url).status_code == 403
    assert call(client, world.member, "GET", url).json()[0]["presenter"] == "Mina Member"
    practice_id = made.json()["id"]
    given = call(
        client, world.facilitator, "POST", f"/api/v1/practices/{practice_id}/feedback",
        {"worked": "Calm"},
    ).json()  # fmt: skip
    one = f"/api/v1/practice-feedback/{given['id']}"
    assert call(client, world.member, "PUT", one, {"worked": "Mine"}).status_code == 403
    assert call(client, world.facilitator, "PUT", one, {"worked": ""}).status_code == 400
    edited = call(client, world.facilitator, "PUT", one, {"to_try": "Slower", "named": False})
    assert edited.json()["to_try"] == "Slower" and edited.json()["worked"] == ""
    hidden = call(client, world.member, "POST", f"{one}/hide", {"hide": True})
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    listed = call(client, world.member, "GET", f"/api/v1/practices/{practice_id}/feedback")
    assert listed.json()["feedback"][0]["hidden"] is True  # the presenter still sees it
    assert call(client, world.member, "DELETE", one).status_code == 403
    assert call(client, world.facilitator, "DELETE", one).status_code == 204
    assert not PracticeFeedback.objects.exists()
