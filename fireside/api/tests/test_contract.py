"""api-v1.md is a contract: its routes stay, and a client sending exactly the fields it
documents gets the status it promises (the routes and fields are in contract.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.api.tests.contract import CONTRACT, normal
from fireside.conversations.tests import files
from fireside.demo.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


# Mid-November 2026, in the personas' program (September 2026 to June 2027), so every dated
# field below (a connection's date, a reflection's month) is inside it.
NOW = dt.datetime(2026, 11, 18, 19, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _media_and_mid_november(settings: Any, tmp_path: Path, time_machine: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(NOW, tick=False)


WRITES = [r for r in CONTRACT if r.method != "GET"]
BY_KEY = {(r.method, r.path): r for r in CONTRACT}


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def schema_routes(schema: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), normal(path)): op
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }


def required_fields(schema: dict[str, Any], op: dict[str, Any]) -> set[str]:
    """Every field the schema requires, in any of the body's content types."""
    required: set[str] = set()
    for content in op.get("requestBody", {}).get("content", {}).values():
        body = content["schema"]
        if "$ref" in body:
            body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
        if body.get("type") == "array":
            body = body["items"]
            if "$ref" in body:
                body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
        required |= set(body.get("required", []))
    return required


def test_it_still_serves_every_contract_route(schema: dict[str, Any]) -> None:
    served = schema_routes(schema)
    missing = [f"{r.method} {r.path}" for r in CONTRACT if (r.method, normal(r.path)) not in served]
    assert missing == []


def test_it_requires_no_field_the_contract_does_not_document(schema: dict[str, Any]) -> None:
    served = schema_routes(schema)
    extra = {
        f"{r.method} {r.path}": sorted(extra)
        for r in WRITES
        if (extra := required_fields(schema, served[(r.method, normal(r.path))]) - set(r.fields))
    }
    assert extra == {}


# Calling each write with exactly the documented fields --------------------------------


def send(client: Client, method: str, path: str, user: Any, body: Any = None, *ids: int) -> Any:
    """Call a contract route; `body` must carry exactly the fields the contract documents."""
    route = BY_KEY[(method, path)]
    rows = body if isinstance(body, list) else [body] if body is not None else []
    for row in rows:
        assert set(row) == set(route.fields), f"{method} {path} sends {sorted(row)}"
    url = path
    for pk in ids:
        url = url.replace("{id}", str(pk), 1)
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json()


def new_thread(client: Client, w: World) -> int:
    body = {"title": "Loose parts", "body": "What do you use?", "kind": "question"}
    return ok(send(client, "POST", THREADS, w.member, body, w.community.pk), 201)["id"]


def reflect(client: Client, w: World) -> Any:
    body = {"month": "2026-11", "body": "Slowing down worked.", "shareable_excerpt": ""}
    return send(client, "POST", REFLECTIONS, w.member, body, w.program.pk)


def pair(client: Client, w: World) -> Any:
    body = {"user_ids": [w.member.pk, w.facilitator.pk]}
    return send(client, "POST", PAIRINGS, w.facilitator, body, w.community.pk)


def new_reflection(client: Client, w: World) -> int:
    return ok(reflect(client, w), 201)["id"]


def new_pairing(client: Client, w: World) -> int:
    return ok(pair(client, w), 201)["id"]


THREADS = "/api/v1/communities/{id}/threads"
REFLECTIONS = "/api/v1/programs/{id}/reflections"
PAIRINGS = "/api/v1/communities/{id}/pairings"
RESOURCES = "/api/v1/communities/{id}/resources"
SURVEYS = "/api/v1/programs/{id}/surveys"


def share(client: Client, w: World, **fields: Any) -> Any:
    assert set(fields) <= set(BY_KEY[("POST", RESOURCES)].fields)
    return client.post(
        RESOURCES.replace("{id}", str(w.community.pk)),
        fields,
        headers={"Authorization": f"Bearer {ApiToken.issue(w.member)}"},
    )


def create_survey(client: Client, w: World) -> Any:
    body = {
        "title": "How is it going?",
        "community": None,
        "anonymous": True,
        "questions": [
            {"kind": "likert", "text": "I feel supported.", "options": None},
            {"kind": "choice", "text": "Best day?", "options": ["Tuesday", "Wednesday"]},
            {"kind": "text", "text": "Anything else?", "options": None},
        ],
    }
    return send(client, "POST", SURVEYS, w.coordinator, body, w.program.pk)


def new_survey(client: Client, w: World) -> int:
    return ok(create_survey(client, w), 201)["id"]


Call = Callable[[Client, World], Any]
SCENARIOS: dict[str, tuple[tuple[str, str], Call]] = {
    "register": (
        ("POST", "/api/v1/auth/register"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/auth/register",
            None,
            {
                "email": "new@example.org",
                "password": "a long and unusual passphrase",
                "name": "Nia New",
                "role_type": "ece",
            },
        ),
    ),
    "token": (
        ("POST", "/api/v1/auth/token"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/auth/token",
            None,
            {"email": w.member.email, "password": PASSWORD},
        ),
    ),
    "update-me": (
        ("PATCH", "/api/v1/me"),
        lambda c, w: send(
            c,
            "PATCH",
            "/api/v1/me",
            w.member,
            {
                "name": "Mina M.",
                "region": "North",
                "interests": ["outdoor play"],
                "availability": "Evenings",
                "pronouns": "she/her",
                "accessibility_needs": "Captions",
            },
        ),
    ),
    "erase-me": (
        ("DELETE", "/api/v1/me"),
        lambda c, w: send(c, "DELETE", "/api/v1/me", w.member),
    ),
    "create-program": (
        ("POST", "/api/v1/programs"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/programs",
            w.staff,
            {
                "name": "Spring circles",
                "description": "Six months of peer mentoring.",
                "starts_on": "2027-01-01",
                "ends_on": "2027-06-30",
                "timezone": "America/Toronto",
                "eligible_role_types": ["ece", "ecea"],
            },
        ),
    ),
    "add-coordinator": (
        ("POST", "/api/v1/programs/{id}/coordinators"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/programs/{id}/coordinators",
            w.staff,
            {"user_id": w.outsider.pk},
            w.program.pk,
        ),
    ),
    "add-mentor": (
        ("POST", "/api/v1/programs/{id}/mentors"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/programs/{id}/mentors",
            w.coordinator,
            {"user_id": w.outsider.pk},
            w.program.pk,
        ),
    ),
    "create-community": (
        ("POST", "/api/v1/programs/{id}/communities"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/programs/{id}/communities",
            w.coordinator,
            {
                "name": "Infant room circle",
                "purpose": "Routines with the youngest.",
                "audience": "ece",
                "region": "Coast",
                "mode": "hybrid",
                "capacity": 8,
                "meeting_place": "Orchard Street Library",
                "agreement": "What is said here stays here.",
            },
            w.program.pk,
        ),
    ),
    "join": (
        ("POST", "/api/v1/communities/{id}/join"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/communities/{id}/join",
            UserFactory(role_type="ece"),
            {"agree_to_agreement": True},
            w.community.pk,
        ),
    ),
    "leave": (
        ("POST", "/api/v1/communities/{id}/leave"),
        lambda c, w: send(
            c, "POST", "/api/v1/communities/{id}/leave", w.member, None, w.community.pk
        ),
    ),
    "assign-role": (
        ("POST", "/api/v1/communities/{id}/roles"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/communities/{id}/roles",
            w.facilitator,
            {"user_id": w.member.pk, "role": "organiser"},
            w.community.pk,
        ),
    ),
    "remove-role": (
        ("DELETE", "/api/v1/communities/{id}/roles/{id}/{id}"),
        lambda c, w: (
            ok(SCENARIOS["assign-role"][1](c, w), 201),
            c.delete(
                f"/api/v1/communities/{w.community.pk}/roles/{w.member.pk}/organiser",
                headers={"Authorization": f"Bearer {ApiToken.issue(w.facilitator)}"},
            ),
        )[1],
    ),
    "schedule": (
        ("POST", "/api/v1/communities/{id}/gatherings"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/communities/{id}/gatherings",
            w.facilitator,
            {
                "title": "Second-Wednesday circle",
                "starts_at": "2027-01-13T19:00:00-08:00",
                "duration_minutes": 90,
                "timezone": "America/Vancouver",
                "location": "Orchard Street Library",
                "online_url": "https://meet.example.org/circle",
                "recurrence": "FREQ=MONTHLY;BYDAY=2WE;COUNT=3",
                "agenda": [{"topic": "Wins", "activity": "recognition", "minutes": 15}],
            },
            w.community.pk,
        ),
    ),
    "rsvp": (
        ("POST", "/api/v1/gatherings/{id}/rsvp"),
        lambda c, w: send(
            c, "POST", "/api/v1/gatherings/{id}/rsvp", w.member, {"response": "yes"}, w.gathering.pk
        ),
    ),
    "attendance": (
        ("PUT", "/api/v1/gatherings/{id}/attendance"),
        lambda c, w: send(
            c,
            "PUT",
            "/api/v1/gatherings/{id}/attendance",
            w.facilitator,
            [{"user_id": w.member.pk, "present": True, "minutes": 90}],
            w.gathering.pk,
        ),
    ),
    "update-gathering": (
        ("PATCH", "/api/v1/gatherings/{id}"),
        lambda c, w: send(
            c,
            "PATCH",
            "/api/v1/gatherings/{id}",
            w.facilitator,
            {"notes": "We tried the loose-parts walk.", "action_points": ["Share photos"]},
            w.gathering.pk,
        ),
    ),
    "debrief": (
        ("POST", "/api/v1/gatherings/{id}/debrief"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/gatherings/{id}/debrief",
            w.facilitator,
            {"logistics": "Room was cold.", "common_threads": "Burnout.", "wonderings": "Why?"},
            w.gathering.pk,
        ),
    ),
    "rotate-feed": (
        ("POST", "/api/v1/me/calendar/rotate"),
        lambda c, w: send(c, "POST", "/api/v1/me/calendar/rotate", w.member),
    ),
    "start-thread": (
        ("POST", THREADS),
        lambda c, w: send(
            c,
            "POST",
            THREADS,
            w.member,
            {"title": "Loose parts", "body": "What do you **use**?", "kind": "question"},
            w.community.pk,
        ),
    ),
    "reply": (
        ("POST", "/api/v1/threads/{id}/replies"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/threads/{id}/replies",
            w.member,
            {"body": "Tubes."},
            new_thread(c, w),
        ),
    ),
    "share-file": (
        ("POST", RESOURCES),
        lambda c, w: share(
            c,
            w,
            title="Planning sheet",
            description="What we use each week",
            tags="planning, outdoor",
            file=SimpleUploadedFile("plan.pdf", files.pdf()),
        ),
    ),
    "share-link": (
        ("POST", RESOURCES),
        lambda c, w: share(
            c,
            w,
            title="Songs",
            description="For transitions",
            tags="music",
            url="https://example.org/songs",
        ),
    ),
    "pair": (("POST", PAIRINGS), pair),
    "suggest": (
        ("POST", "/api/v1/communities/{id}/pairings/suggest"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/communities/{id}/pairings/suggest",
            w.facilitator,
            None,
            w.community.pk,
        ),
    ),
    "connect": (
        ("POST", "/api/v1/pairings/{id}/connections"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/pairings/{id}/connections",
            w.member,
            {"date": "2026-11-18", "minutes": 30, "format": "coffee", "note": "Good chat."},
            new_pairing(c, w),
        ),
    ),
    "reflect": (("POST", REFLECTIONS), reflect),
    "edit-reflection": (
        ("PUT", "/api/v1/reflections/{id}"),
        lambda c, w: send(
            c,
            "PUT",
            "/api/v1/reflections/{id}",
            w.member,
            {"month": "2026-11", "body": "Slowing down worked.", "shareable_excerpt": "Slower."},
            new_reflection(c, w),
        ),
    ),
    "certificate": (
        ("POST", "/api/v1/programs/{id}/certificates"),
        lambda c, w: (
            new_reflection(c, w),
            send(c, "POST", "/api/v1/programs/{id}/certificates", w.member, None, w.program.pk),
        )[1],
    ),
    "create-survey": (("POST", SURVEYS), create_survey),
    "respond": (
        ("POST", "/api/v1/surveys/{id}/responses"),
        lambda c, w: send(
            c,
            "POST",
            "/api/v1/surveys/{id}/responses",
            w.member,
            {"answers": [4, "Tuesday", ""]},
            new_survey(c, w),
        ),
    ),
}


def test_it_has_a_scenario_for_every_contract_write() -> None:
    exercised = {route for route, _call in SCENARIOS.values()}
    assert [f"{r.method} {r.path}" for r in WRITES if (r.method, r.path) not in exercised] == []


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_it_answers_the_contract_status_to_the_documented_fields(
    client: Client, world: World, name: str
) -> None:
    route_key, call = SCENARIOS[name]
    route = BY_KEY[route_key]
    response = call(client, world)
    assert response.status_code == route.status, response.content
    if route.answer:
        assert set(route.answer) <= set(response.json())
