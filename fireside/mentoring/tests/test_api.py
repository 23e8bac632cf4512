"""The "Peer mentoring" section of api-v1.md, end to end: shapes, status codes, and bad
input refused with a clear `detail` and nothing written."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import UserFactory, make_member
from fireside.mentoring.models import Connection, Pairing, Reflection
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def call(client: Client, method: str, url: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_a_facilitator_pairs_and_suggests(client: Client, world: World) -> None:
    url = f"/api/v1/communities/{world.community.pk}/pairings"
    third, fourth = make_member(world.community), make_member(world.community)
    suggested = call(client, "POST", f"{url}/suggest", world.facilitator)
    assert suggested.status_code == 200, suggested.content
    pairs = suggested.json()["pairs"]
    assert len(pairs) == 2
    assert {"user_ids", "score", "reasons"} <= set(pairs[0])
    assert all(isinstance(r, str) for p in pairs for r in p["reasons"])

    created = call(client, "POST", url, world.facilitator, {"user_ids": pairs[0]["user_ids"]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert {"id", "members", "starts_on"} <= set(body)
    assert sorted(m["user_id"] for m in body["members"]) == sorted(pairs[0]["user_ids"])
    assert body["starts_on"] == "2026-11-18"

    again = call(client, "POST", f"{url}/suggest", world.facilitator, {"avoid": []}).json()
    assert len(again["pairs"]) == 1
    listed = call(client, "GET", url, world.facilitator).json()
    assert listed["count"] == 1 and listed["items"][0]["reasons"] == body["reasons"]
    ended = call(client, "POST", f"/api/v1/pairings/{body['id']}/end", world.facilitator)
    assert ended.status_code == 200 and ended.json()["active"] is False
    assert {third.pk, fourth.pk} >= set()  # both stayed members throughout


@pytest.mark.parametrize(
    ("ids", "status", "detail"),
    [
        (lambda w: [w.member.pk, w.member.pk], 400, "cannot be paired with themselves"),
        (lambda w: [w.member.pk, w.outsider.pk], 422, "not an active member"),
        (lambda w: [w.member.pk, w.waitlisted.pk], 422, "not an active member"),
        (lambda w: [w.member.pk, 999999], 422, "not an active member"),
        (lambda w: [w.member.pk], 400, "two people"),
        (lambda w: "x", 400, "not valid"),
    ],
)
def test_bad_pairings_are_clear_errors(
    client: Client, world: World, ids: Any, status: int, detail: str
) -> None:
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/pairings",
        world.facilitator,
        {"user_ids": ids(world)},
    )
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]
    assert not Pairing.objects.exists()


def test_pairing_someone_already_paired_is_409(client: Client, world: World) -> None:
    make_pairing(world.community, world.member, world.facilitator)
    third = make_member(world.community)
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/pairings",
        world.facilitator,
        {"user_ids": [third.pk, world.member.pk]},
    )
    assert response.status_code == 409
    assert "already paired" in response.json()["detail"]
    assert Pairing.objects.count() == 1


def test_members_log_connections_and_see_their_pairings(client: Client, world: World) -> None:
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 2)
    )
    url = f"/api/v1/pairings/{pairing.pk}/connections"
    logged = call(
        client,
        "POST",
        url,
        world.member,
        {"date": "2026-11-18", "minutes": 45, "format": "walk", "note": "Talked about naps"},
    )
    assert logged.status_code == 201, logged.content
    assert logged.json() | {"counts_from": None} == {
        "review": "pending",  # until Fay confirms it, or 7 days without a dispute
        "counts": False,
        "counts_from": None,
        "confirmed_at": None,
        "disputed_at": None,
        "dispute_note": None,
        "settled_at": None,
        "id": Connection.objects.get().pk,
        "pairing": pairing.pk,
        "date": "2026-11-18",
        "minutes": 45,
        "format": "walk",
        "logged_by": {"user_id": world.member.pk, "name": "Mina Member"},
        "note": "Talked about naps",
    }
    theirs = call(client, "GET", "/api/v1/me/pairings", world.facilitator).json()
    assert theirs["count"] == 1
    item = theirs["items"][0]
    assert item["partners"] == [{"user_id": world.member.pk, "name": "Mina Member"}]
    assert item["last_connection"] == "2026-11-18"
    assert item["connections"][0]["note"] is None  # the partner sees it, not the note
    mine = call(client, "GET", "/api/v1/me/pairings", world.member).json()
    assert mine["items"][0]["connections"][0]["note"] == "Talked about naps"
    assert call(client, "GET", "/api/v1/me/pairings", world.outsider).json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"date": "2026-11-19"}, 400, "in the future"),
        ({"date": "2026-11-01"}, 400, "This pair started on"),
        ({"minutes": 0}, 400, "from 1 to 1440"),
        ({"minutes": -1}, 400, "from 1 to 1440"),
        ({"minutes": 1441}, 400, "from 1 to 1440"),
        ({"minutes": "30"}, 400, "minutes"),
        ({"minutes": True}, 400, "minutes"),
        ({"format": "fax"}, 400, "format"),
        ({"date": "yesterday"}, 400, "date"),
        ({"date": None}, 400, "date"),
    ],
)
def test_bad_connections_are_clear_errors(
    client: Client, world: World, body: dict[str, Any], status: int, detail: str
) -> None:
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 2)
    )
    payload = {"date": "2026-11-17", "minutes": 30, "format": "phone", **body}
    response = call(
        client, "POST", f"/api/v1/pairings/{pairing.pk}/connections", world.member, payload
    )
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]
    assert not Connection.objects.exists()


def test_connections_are_for_the_pair_only(client: Client, world: World) -> None:
    third = make_member(world.community)
    pairing = make_pairing(world.community, world.member, third)
    payload = {"date": "2026-11-17", "minutes": 30, "format": "phone"}
    url = f"/api/v1/pairings/{pairing.pk}/connections"
    assert call(client, "POST", url, world.facilitator, payload).status_code == 404
    connection = make_connection(pairing, world.member)
    url = f"/api/v1/connections/{connection.pk}"
    assert call(client, "DELETE", url, third).status_code == 404
    assert call(client, "DELETE", url, world.member).status_code == 204
    assert not Connection.objects.exists()


def test_reflections_one_a_month_editable_and_private(client: Client, world: World) -> None:
    url = f"/api/v1/programs/{world.program.pk}/reflections"
    body = {"month": "2026-11", "body": "I tried loose parts.", "shareable_excerpt": "Loose!"}
    created = call(client, "POST", url, world.member, body)
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["month"] == "2026-11" and out["body"] == "I tried loose parts."
    assert out["prompt"] and out["excerpt_consented_at"]
    second = call(client, "POST", url, world.member, {**body, "body": "Again"})
    assert second.status_code == 409
    assert "November 2026" in second.json()["detail"]
    assert Reflection.objects.get().body == "I tried loose parts."

    put = f"/api/v1/reflections/{out['id']}"
    edited = call(client, "PUT", put, world.member, {"body": "Loose parts, round two."})
    assert edited.status_code == 200, edited.content
    assert edited.json()["shareable_excerpt"] == ""  # left out: consent withdrawn
    assert (
        call(client, "PUT", put, world.member, {"body": "b", "month": "2026-10"}).status_code == 422
    )
    assert call(client, "PUT", put, world.facilitator, {"body": "Mine now"}).status_code == 404
    assert Reflection.objects.get().body == "Loose parts, round two."

    mine = call(client, "GET", "/api/v1/me/reflections", world.member).json()
    assert mine["count"] == 1 and mine["items"][0]["body"] == "Loose parts, round two."
    assert call(client, "GET", "/api/v1/me/reflections", world.facilitator).json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"month": "2026-12"}, 400, "has not begun yet"),
        ({"month": "2026-13"}, 400, "YYYY-MM"),
        ({"month": "November"}, 400, "YYYY-MM"),
        ({"month": "2026-08"}, 400, "runs from"),
        ({"body": ""}, 400, "body is required"),
        # api/core.py drops a field named "body" from the location, like the word "body".
        ({"body": None}, 400, "valid string"),
    ],
)
def test_bad_reflections_are_clear_errors(
    client: Client, world: World, body: dict[str, Any], status: int, detail: str
) -> None:
    payload = {"month": "2026-11", "body": "Fine", **body}
    response = call(
        client, "POST", f"/api/v1/programs/{world.program.pk}/reflections", world.member, payload
    )
    assert response.status_code == status, response.content
    assert detail in response.json()["detail"]
    assert not Reflection.objects.exists()


def test_non_participants_cannot_reflect(client: Client, world: World) -> None:
    url = f"/api/v1/programs/{world.program.pk}/reflections"
    for person in (world.waitlisted, world.mentor, world.coordinator, world.staff):
        response = call(client, "POST", url, person, {"month": "2026-11", "body": "b"})
        assert response.status_code == 403
    assert call(client, "POST", url, None, {"month": "2026-11", "body": "b"}).status_code == 401
    assert not Reflection.objects.exists()


def test_lists_have_fixed_query_counts(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        partner = make_member(world.community, UserFactory())
        pairing = make_pairing(world.community, world.member, partner)
        make_connection(pairing, world.member)
        make_connection(pairing, partner)
        pairing.ended_on = pairing.starts_on
        pairing.save()
        pairing.pair_members.update(ended_on=pairing.ended_on)
    for month in (9, 10, 11):
        make_reflection(world.program, world.member, dt.date(2026, month, 1))
    token = ApiToken.issue(world.member)
    headers = {"Authorization": f"Bearer {token}"}
    client.get("/api/v1/me", headers=headers)  # the token's "last used" is noted: no write below
    # token + user, count, page, members with users, connections with writers
    with django_assert_num_queries(5):
        response = client.get("/api/v1/me/pairings", headers=headers)
    assert response.json()["count"] == 3
    # token + user, count, page
    with django_assert_num_queries(3):
        response = client.get("/api/v1/me/reflections", headers=headers)
    assert response.json()["count"] == 3


def test_current_pairs_come_before_ended_ones(client: Client, world: World) -> None:
    old = make_pairing(world.community, world.member, world.facilitator)
    Pairing.objects.filter(pk=old.pk).update(ended_on=dt.date(2026, 11, 15))
    old.pair_members.update(ended_on=dt.date(2026, 11, 15))
    now = make_pairing(world.community, world.member, make_member(world.community))
    items = call(client, "GET", "/api/v1/me/pairings", world.member).json()["items"]
    assert [(i["id"], i["active"]) for i in items] == [(now.pk, True), (old.pk, False)]
    listed = call(
        client, "GET", f"/api/v1/communities/{world.community.pk}/pairings", world.facilitator
    ).json()["items"]
    assert [i["id"] for i in listed] == [now.pk, old.pk]
