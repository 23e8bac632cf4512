"""The Accounts section of api-v1.md: register, token, /me, export, erase, auth rules."""

from __future__ import annotations

import json
from typing import Any, get_type_hints

import pytest
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.accounts.models import PROFILE_FIELDS, ApiToken, ProfileChange, RoleType, User
from fireside.api.accounts import MePatch
from fireside.audit.models import AuditEvent
from fireside.communities.models import Membership
from fireside.demo.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a quiet walk in the park"
ME_FIELDS = {"id", "email", "name", "role_type", "region", "interests", "is_staff"}


def call(
    client: Client, method: str, url: str, body: Any = None, token: str = "", raw: Any = None
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = raw if raw is not None else json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def registration(**overrides: Any) -> dict[str, Any]:
    return {
        "email": "nora@example.org",
        "password": NEW_PASSWORD,
        "name": "Nora New",
        "role_type": "ece",
        **overrides,
    }


def token_for(user: User) -> str:
    return ApiToken.issue(user)


def assert_error(response: Any, status: int) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"]


def row(user: User) -> dict[str, Any]:
    return User.objects.filter(pk=user.pk).values(*PROFILE_FIELDS, "email", "is_staff").get()


# Register


def test_register_answers_201_with_the_new_account(client: Client) -> None:
    response = call(
        client, "POST", "/api/v1/auth/register", registration(email=" Nora@Example.ORG ")
    )
    assert response.status_code == 201
    user = User.objects.get()
    assert response.json() == {
        "id": user.pk,
        "email": "nora@example.org",
        "name": "Nora New",
        "role_type": "ece",
    }
    assert user.check_password(NEW_PASSWORD)
    # A new account can sign in at once.
    token = call(
        client,
        "POST",
        "/api/v1/auth/token",
        {"email": "nora@example.org", "password": NEW_PASSWORD},
    )
    assert token.status_code == 200
    me = call(client, "GET", "/api/v1/me", token=token.json()["token"])
    assert me.json()["id"] == user.pk


@pytest.mark.parametrize("role_type", RoleType.values)
def test_register_accepts_every_listed_role_type(client: Client, role_type: str) -> None:
    response = call(client, "POST", "/api/v1/auth/register", registration(role_type=role_type))
    assert response.status_code == 201
    assert User.objects.get().role_type == role_type


@pytest.mark.parametrize(
    "body",
    [
        registration(email="not-an-address"),
        registration(email="two@@example.org"),
        registration(email=""),
        registration(email="a" * 250 + "@example.org"),
        registration(email="nul\x00@example.org"),
        registration(password="short"),
        registration(password="password1234"),
        registration(password="12345678901234"),
        registration(password="pass\x00word is long"),
        registration(name=""),
        registration(name="x" * 151),
        registration(name=None),
        registration(name=["Nora"]),
        registration(name="Nora \x00 New"),
        registration(role_type="astronaut"),
        {"email": "nora@example.org", "password": NEW_PASSWORD},
        [],
        "just a string",
    ],
)
def test_register_refuses_bad_input_with_400_and_writes_nothing(client: Client, body: Any) -> None:
    response = call(client, "POST", "/api/v1/auth/register", body)
    assert_error(response, 400)
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        "not json",
        '{"email": "a@b.org", "password": "\\ud800 surrogate", "name": "x", "role_type": "ece"}',
        '{"email": "a@b.org", "password": "fine and long", "name": "\\udfff", "role_type": "ece"}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_register_refuses_malformed_bodies_with_400(client: Client, raw: Any) -> None:
    response = call(client, "POST", "/api/v1/auth/register", raw=raw)
    assert_error(response, 400)
    assert not User.objects.exists()


def test_register_answers_409_for_an_address_in_use_in_any_case(client: Client) -> None:
    UserFactory(email="nora@example.org", name="The First Nora")
    response = call(client, "POST", "/api/v1/auth/register", registration(email="NORA@example.org"))
    assert_error(response, 409)
    assert "already exists" in response.json()["detail"]
    assert User.objects.get().name == "The First Nora"


def test_register_ignores_a_request_to_become_staff(client: Client) -> None:
    body = registration(is_staff=True, is_superuser=True, email_verified_at="2020-01-01")
    assert call(client, "POST", "/api/v1/auth/register", body).status_code == 201
    user = User.objects.get()
    assert not (user.is_staff or user.is_superuser or user.email_verified)


# Token


def test_token_is_issued_for_good_credentials_only(client: Client) -> None:
    user = UserFactory(email="sam@example.org")
    response = call(
        client, "POST", "/api/v1/auth/token", {"email": "Sam@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert ApiToken.objects.user_for(response.json()["token"]) == user

    for body in (
        {"email": "sam@example.org", "password": "wrong password"},
        {"email": "nobody@example.org", "password": PASSWORD},
    ):
        assert_error(call(client, "POST", "/api/v1/auth/token", body), 401)
    assert ApiToken.objects.count() == 1


def test_token_answers_429_after_the_failure_limit(client: Client, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(email="sam@example.org")
    wrong = {"email": "sam@example.org", "password": "guess"}
    for _ in range(3):
        assert call(client, "POST", "/api/v1/auth/token", wrong).status_code == 401
    right = {"email": "sam@example.org", "password": PASSWORD}
    response = call(client, "POST", "/api/v1/auth/token", right)
    assert_error(response, 429)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "body", [{"email": "sam@example.org"}, {}, {"email": 1, "password": 2}, [], None]
)
def test_token_refuses_malformed_requests_with_400(client: Client, body: Any) -> None:
    assert_error(call(client, "POST", "/api/v1/auth/token", body), 400)


@pytest.mark.parametrize(
    "body",
    [
        {"email": "sam\x00@example.org", "password": PASSWORD},
        {"email": "sam@example.org", "password": "\x00"},
    ],
)
def test_token_never_fails_on_unstorable_characters(client: Client, body: Any) -> None:
    UserFactory(email="sam@example.org")
    response = call(client, "POST", "/api/v1/auth/token", body)
    assert response.status_code in {400, 401}
    assert not ApiToken.objects.exists()


# /me


def test_me_describes_the_caller(client: Client) -> None:
    user = UserFactory(
        email="sam@example.org", name="Sam Sample", region="North", interests=["music"]
    )
    response = call(client, "GET", "/api/v1/me", token=token_for(user))
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= ME_FIELDS
    assert {k: body[k] for k in ME_FIELDS} == {
        "id": user.pk,
        "email": "sam@example.org",
        "name": "Sam Sample",
        "role_type": "ece",
        "region": "North",
        "interests": ["music"],
        "is_staff": False,
    }


def test_me_requires_a_signed_in_caller(client: Client) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        assert_error(call(client, method, "/api/v1/me", {}), 401)
    assert_error(call(client, "GET", "/api/v1/me/export"), 401)


def test_patch_me_changes_only_the_given_fields(client: Client) -> None:
    user = UserFactory(name="Sam Sample", region="North", pronouns="he/him")
    body = {
        "name": " Sam Changed ",
        "interests": ["music", "music", " outdoor play "],
        "availability": "Weekends",
        "accessibility_needs": "Large print",
    }
    response = call(client, "PATCH", "/api/v1/me", body, token=token_for(user))
    assert response.status_code == 200
    assert response.json()["name"] == "Sam Changed"
    assert response.json()["interests"] == ["music", "outdoor play"]
    saved = row(user)
    assert saved["name"] == "Sam Changed"
    assert saved["interests"] == ["music", "outdoor play"]
    assert (saved["availability"], saved["accessibility_needs"]) == ("Weekends", "Large print")
    assert (saved["region"], saved["pronouns"]) == ("North", "he/him")


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": None},
        {"name": 7},
        {"name": "x" * 151},
        {"pronouns": "x" * 41},
        {"region": "x" * 101},
        {"availability": "x" * 201},
        {"interests": "music"},
        {"interests": [1, 2]},
        {"interests": [f"topic {n}" for n in range(21)]},
        {"role_type": "astronaut"},
        {"email": "new@example.org"},
        {"is_staff": True},
        {"region": "South", "role_type": "astronaut"},
        {"region": "South", "name": "nul \x00"},
        {"region": "South", "interests": ["ok", "nul \x00"]},
        [],
        "text",
    ],
)
def test_patch_me_refuses_bad_values_with_400_and_changes_nothing(
    client: Client, body: Any
) -> None:
    user = UserFactory(name="Sam Sample", region="North", interests=["music"])
    before = row(user)
    response = call(client, "PATCH", "/api/v1/me", body, token=token_for(user))
    assert_error(response, 400)
    assert row(user) == before


def test_patch_me_refuses_a_lone_surrogate(client: Client) -> None:
    user = UserFactory(name="Sam Sample")
    before = row(user)
    response = call(client, "PATCH", "/api/v1/me", raw='{"name": "\\ud83d"}', token=token_for(user))
    assert_error(response, 400)
    assert row(user) == before


def test_patch_me_takes_exactly_the_declared_profile_fields_and_types() -> None:
    """The body is built from accounts.models.ProfileChange, not listed again."""
    schema = MePatch.model_json_schema()
    assert tuple(schema["properties"]) == PROFILE_FIELDS
    assert schema["additionalProperties"] is False
    assert "required" not in schema
    hints = get_type_hints(ProfileChange)
    assert {k: f.annotation for k, f in MePatch.model_fields.items()} == {
        k: kind | None for k, kind in hints.items()
    }


def test_export_holds_everything_about_the_caller_only(client: Client, world: World) -> None:
    User.objects.filter(pk=world.facilitator.pk).update(
        pronouns="she/her", accessibility_needs="Captions"
    )
    response = call(client, "GET", "/api/v1/me/export", token=token_for(world.facilitator))
    assert response.status_code == 200
    data = response.json()
    account = data["account"]
    assert account["id"] == world.facilitator.pk
    assert account["email"] == "facilitator@example.org"
    assert (account["pronouns"], account["accessibility_needs"]) == ("she/her", "Captions")
    assert [(m["community_id"], m["status"]) for m in data["memberships"]] == [
        (world.community.pk, "active")
    ]
    assert [(r["community_id"], r["role"]) for r in data["community_roles"]] == [
        (world.community.pk, "facilitator")
    ]
    assert "member@example.org" not in response.content.decode()

    coordinator = call(client, "GET", "/api/v1/me/export", token=token_for(world.coordinator))
    assert coordinator.json()["program_roles"] == [
        {
            "program_id": world.program.pk,
            "role": "coordinator",
            "added_at": coordinator.json()["program_roles"][0]["added_at"],
        }
    ]


def test_delete_me_erases_the_account(client: Client, world: World) -> None:
    user = world.member
    token = token_for(user)
    response = call(client, "DELETE", "/api/v1/me", token=token)
    assert response.status_code == 204
    assert response.content == b""

    erased = User.objects.get(pk=user.pk)
    assert "member@example.org" not in erased.email
    assert (erased.name, erased.region, erased.interests) == ("", "", [])
    assert not erased.is_active
    assert Membership.objects.get(user=erased).status == "left"
    assert_error(call(client, "GET", "/api/v1/me", token=token), 401)
    login = {"email": "member@example.org", "password": PASSWORD}
    assert call(client, "POST", "/api/v1/auth/token", login).status_code == 401
    # The address is free for a new account.
    assert (
        call(
            client, "POST", "/api/v1/auth/register", registration(email="member@example.org")
        ).status_code
        == 201
    )


# Authentication rules


def session_client(user: User) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/accounts/login/")  # a page with a form sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


def test_the_session_cookie_works_and_needs_csrf_for_changes(db: Any) -> None:
    user = UserFactory(name="Sam Sample")
    client, csrf = session_client(user)
    assert client.get("/api/v1/me").json()["id"] == user.pk

    refused = call(client, "PATCH", "/api/v1/me", {"name": "Changed"})
    assert_error(refused, 403)
    assert row(user)["name"] == "Sam Sample"
    assert_error(call(client, "DELETE", "/api/v1/me"), 403)
    assert User.objects.get(pk=user.pk).is_active

    accepted = client.patch(
        "/api/v1/me",
        json.dumps({"name": "Changed"}),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert accepted.status_code == 200
    assert row(user)["name"] == "Changed"


def test_a_bearer_token_needs_no_csrf(db: Any) -> None:
    user = UserFactory(name="Sam Sample")
    client = Client(enforce_csrf_checks=True)
    response = call(client, "PATCH", "/api/v1/me", {"name": "Changed"}, token=token_for(user))
    assert response.status_code == 200
    assert row(user)["name"] == "Changed"
    assert call(client, "DELETE", "/api/v1/me", token=token_for(user)).status_code == 204


def test_a_session_of_an_erased_person_no_longer_works(db: Any) -> None:
    user = UserFactory()
    client, csrf = session_client(user)
    response = client.delete("/api/v1/me", headers={"X-CSRFToken": csrf})
    assert response.status_code == 204
    assert_error(client.get("/api/v1/me"), 401)


@pytest.mark.parametrize("how", ["unknown", "revoked", "inactive", "empty", "truncated"])
def test_a_bad_bearer_token_answers_401(client: Client, how: str) -> None:
    user = UserFactory()
    token = token_for(user)
    if how == "unknown":
        token = "x" * 43
    elif how == "revoked":
        ApiToken.objects.filter(user=user).delete()
    elif how == "inactive":
        User.objects.filter(pk=user.pk).update(is_active=False)
    elif how == "truncated":
        token = token[:-1]
    headers = {"Authorization": "Bearer " if how == "empty" else f"Bearer {token}"}
    response = client.get("/api/v1/me", headers=headers)
    assert_error(response, 401)
    patched = client.patch(
        "/api/v1/me", '{"name": "Changed"}', content_type="application/json", headers=headers
    )
    assert_error(patched, 401)
    assert User.objects.get(pk=user.pk).name != "Changed"


# Arbitrary input never breaks the server


# Characters that have broken text handling before: NUL (PostgreSQL refuses it), a lone
# surrogate (not encodable), bidi and byte-order marks, markup and quoting characters.
EDGY = st.sampled_from(["\x00", "\ud800", "\u202e", "\ufeff", " ", "\n", "é", "😀", "<", '"'])
TEXT = st.lists(st.characters() | EDGY, max_size=40).map("".join) | st.sampled_from(
    ["", " ", "a" * 5000, "é" * 300]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
JUNK = st.one_of(st.text(), st.binary(), JSON_VALUES.map(json.dumps))


def mostly(well_formed: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Three bodies in four are JSON objects, so they reach the validation rules."""
    return st.integers(0, 3).flatmap(lambda n: JUNK if n == 0 else well_formed)


ROLE = st.integers(0, 3).flatmap(lambda n: TEXT if n == 0 else st.sampled_from(RoleType.values))
REGISTER_BODIES = mostly(
    st.fixed_dictionaries(
        {
            "email": st.emails() | st.emails().map(str.upper) | TEXT,
            "password": st.just(NEW_PASSWORD) | TEXT.map(lambda t: t + " and more words"),
            "name": TEXT,
            "role_type": ROLE,
        },
        optional={"region": TEXT | JSON_VALUES},
    ).map(json.dumps)
)
# Unknown keys and wrong types come from JUNK and the parametrized tests above; here the
# keys are the real ones so that most bodies get as far as the database.
PATCH_BODIES = mostly(
    st.fixed_dictionaries(
        {},
        optional={
            **dict.fromkeys(PROFILE_FIELDS, TEXT),
            "role_type": ROLE,
            "interests": st.lists(TEXT, max_size=22),
        },
    ).map(json.dumps)
)
FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(raw=REGISTER_BODIES)
def test_register_never_fails_and_writes_nothing_when_it_refuses(
    client: Client, db: Any, raw: Any
) -> None:
    users, events = User.objects.count(), AuditEvent.objects.count()
    response = call(client, "POST", "/api/v1/auth/register", raw=raw)
    event(f"status {response.status_code}")
    assert response.status_code in {201, 400, 409}, response.content
    if response.status_code == 201:
        assert User.objects.filter(pk=response.json()["id"]).exists()
        assert User.objects.count() == users + 1
    else:
        assert isinstance(response.json()["detail"], str)
        assert (User.objects.count(), AuditEvent.objects.count()) == (users, events)


@FUZZ
@given(raw=PATCH_BODIES)
def test_patch_me_never_fails_and_changes_nothing_when_it_refuses(
    client: Client, db: Any, raw: Any
) -> None:
    user = User.objects.filter(email="fuzz@example.org").first() or UserFactory(
        email="fuzz@example.org"
    )
    token = token_for(user)
    before, events = row(user), AuditEvent.objects.count()
    response = call(client, "PATCH", "/api/v1/me", raw=raw, token=token)
    event(f"status {response.status_code}")
    assert response.status_code in {200, 400}, response.content
    after = row(user)
    if response.status_code == 200:
        body = response.json()
        assert {k: body[k] for k in PROFILE_FIELDS} == {k: after[k] for k in PROFILE_FIELDS}
        assert (after["email"], after["is_staff"]) == (before["email"], before["is_staff"])
    else:
        assert isinstance(response.json()["detail"], str)
        assert after == before
        assert AuditEvent.objects.count() == events
