"""The pair's space in the API: the next catch-up (with its calendar file) and the goals,
for the two partners only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import make_member
from fireside.mentoring.models import CatchUp, PairGoal, Pairing
from fireside.mentoring.tests.factories import make_pairing


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def pairing(world: World) -> Pairing:
    return make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 2)
    )


def call(client: Client, method: str, url: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    data = json.dumps(body) if body is not None else ""
    return client.generic(
        method, f"/api/v1{url}", data=data, content_type="application/json", headers=headers
    )


def test_partners_plan_read_move_and_cancel_the_catch_up(
    client: Client, world: World, pairing: Pairing
) -> None:
    base = f"/pairings/{pairing.pk}/catch-up"
    assert call(client, "GET", base, world.member).status_code == 404
    body = {"starts_at": "2026-11-20T16:30", "minutes": 45, "where": "https://meet.example.org/a"}
    made = call(client, "PUT", base, world.member, body).json()
    assert made["starts_at"] == "2026-11-20T16:30:00-08:00" and made["time_zone"] == (
        "America/Vancouver"
    )
    assert (made["minutes"], made["sequence"], made["set_by_you"]) == (45, 0, True)
    # Fay, in Halifax, reads it at her own clock and moves it by an hour, with an offset.
    world.facilitator.timezone = "America/Halifax"
    world.facilitator.save(update_fields=["timezone"])
    seen = call(client, "GET", base, world.facilitator).json()
    assert seen["starts_at"] == "2026-11-20T20:30:00-04:00" and not seen["set_by_you"]
    moved = call(
        client, "PUT", base, world.facilitator, {**body, "starts_at": "2026-11-20T17:30-08:00"}
    ).json()
    assert (moved["id"], moved["sequence"]) == (made["id"], 1)
    ics = call(client, "GET", f"{base}.ics", world.member)
    [event] = Calendar.from_ical(ics.content).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(
        2026, 11, 20, 17, 30, tzinfo=ZoneInfo("America/Vancouver")
    )
    assert str(event["URL"]) == "https://meet.example.org/a"
    assert call(client, "DELETE", base, world.member).status_code == 204
    assert call(client, "GET", base, world.member).status_code == 404
    assert CatchUp.objects.get().cancelled_at is not None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"starts_at": "2026-11-17T10:00"}, 400),
        ({"starts_at": "soon"}, 400),
        ({"starts_at": "2026-11-20T10:00", "minutes": "30"}, 400),
        ({"starts_at": "2026-11-20T10:00", "where": "javascript://x"}, 400),
        ({"starts_at": "2026-11-20T10:00", "where": 5}, 400),
    ],
)
def test_bad_catch_ups_are_refused_clearly(
    client: Client, world: World, pairing: Pairing, body: dict[str, Any], status: int
) -> None:
    response = call(client, "PUT", f"/pairings/{pairing.pk}/catch-up", world.member, body)
    assert response.status_code == status and isinstance(response.json()["detail"], str)
    assert not CatchUp.objects.exists()


def test_goals_through_the_api(client: Client, world: World, pairing: Pairing) -> None:
    base = f"/pairings/{pairing.pk}/goals"
    made = call(client, "POST", base, world.member, {"text": "Swap one lesson plan"})
    assert made.status_code == 201
    goal_id = made.json()["id"]
    done = call(client, "PATCH", f"{base}/{goal_id}", world.facilitator, {"done": True}).json()
    assert done["done"] and not done["added_by_you"]
    items = call(client, "GET", base, world.member).json()["items"]
    assert [(g["text"], g["done"], g["added_by_you"]) for g in items] == [
        ("Swap one lesson plan", True, True)
    ]
    assert (
        call(client, "PATCH", f"{base}/{goal_id}", world.member, {"done": "yes"}).status_code == 400
    )
    assert call(client, "POST", base, world.member, {"text": ""}).status_code == 400
    # Someone else's pair's goal: 404, whoever asks.
    other = make_pairing(
        world.community, make_member(world.community), make_member(world.community)
    )
    theirs = PairGoal.objects.create(pairing=other, text="Theirs")
    assert call(client, "DELETE", f"{base}/{theirs.pk}", world.member).status_code == 404
    assert call(client, "DELETE", f"{base}/{goal_id}", world.member).status_code == 204
    assert PairGoal.objects.get() == theirs


def test_a_facilitator_outside_the_pair_gets_404(client: Client, world: World) -> None:
    from fireside.communities.models import CommunityRole

    ann, bo = make_member(world.community), make_member(world.community)
    pairing = make_pairing(world.community, ann, bo)
    assert CommunityRole.objects.filter(community=world.community, user=world.facilitator).exists()
    for url in (f"/pairings/{pairing.pk}/goals", f"/pairings/{pairing.pk}/catch-up.ics"):
        assert call(client, "GET", url, world.facilitator).status_code == 404
