"""The account actions called by both the web views and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from conftest import World
from fireside.accounts import actions
from fireside.accounts.models import PROFILE_FIELDS, ApiToken, User
from fireside.accounts.tokens import make_verification_token, user_for_verification_token
from fireside.audit.models import AuditEvent
from fireside.communities.models import CommunityRole, Membership
from fireside.demo.factories import PASSWORD, UserFactory
from fireside.lib.errors import Conflict, InvalidInput, NotAuthenticated, TooMany
from fireside.programs.models import ProgramStaff

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a quiet walk in the park"


def register(**overrides: Any) -> User:
    fields = {
        "email": "new.person@example.org",
        "password": NEW_PASSWORD,
        "name": "Nora New",
        "role_type": "ece",
    }
    return actions.check_register_user(**{**fields, **overrides})


def profile_of(user: User) -> dict[str, Any]:
    return User.objects.filter(pk=user.pk).values(*PROFILE_FIELDS).get()


# Registration


def test_it_registers_with_a_normalised_address_and_an_audit_event(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user = register(email="  Nora.New@Example.ORG ", name="  Nora New  ", region="North")
    user.refresh_from_db()
    assert user.email == "nora.new@example.org"
    assert user.name == "Nora New"
    assert user.region == "North"
    assert user.check_password(NEW_PASSWORD)
    assert not user.email_verified
    assert not user.is_staff
    assert AuditEvent.objects.filter(verb="accounts.register", target_id=user.pk).count() == 1
    assert [m.to for m in mail.outbox] == [["nora.new@example.org"]]


def test_it_sends_the_verification_email_only_after_the_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register()
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"email": "a" * 250 + "@example.org"}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "password1234"}, "password"),
        ({"password": "8675309123456"}, "password"),
        ({"password": ""}, "password"),
        ({"name": "   "}, "name"),
        ({"role_type": "astronaut"}, "role_type"),
    ],
)
def test_it_refuses_bad_registrations_and_writes_nothing(
    overrides: dict[str, Any], field: str, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(InvalidInput) as exc:
        register(**overrides)
    assert field in exc.value.errors
    assert exc.value.message
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()
    assert callbacks == []


def test_it_refuses_an_address_already_used_in_any_case() -> None:
    UserFactory(email="taken@example.org")
    with pytest.raises(Conflict):
        register(email="Taken@Example.org")
    assert User.objects.count() == 1


# Verification links


def test_it_verifies_once_and_keeps_the_first_time() -> None:
    user = UserFactory(email_verified_at=None)
    actions.do_verify_email(user=user)
    first = User.objects.get(pk=user.pk).email_verified_at
    assert first is not None
    actions.do_verify_email(user=user)
    assert User.objects.get(pk=user.pk).email_verified_at == first
    assert AuditEvent.objects.filter(verb="accounts.verify_email").count() == 1


def test_a_verification_token_names_one_person_and_one_address(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    user = UserFactory(email_verified_at=None)
    token = make_verification_token(user)
    assert user_for_verification_token(token) == user
    assert user_for_verification_token(token + "x") is None
    assert user_for_verification_token("garbage") is None

    time_machine.move_to(dt.datetime(2026, 9, 8, 8, 59, tzinfo=dt.UTC), tick=False)
    assert user_for_verification_token(token) == user
    time_machine.move_to(dt.datetime(2026, 9, 8, 9, 1, tzinfo=dt.UTC), tick=False)
    assert user_for_verification_token(token) is None

    time_machine.move_to(dt.datetime(2026, 9, 2, tzinfo=dt.UTC), tick=False)
    User.objects.filter(pk=user.pk).update(email="changed@example.org")
    assert user_for_verification_token(token) is None


# Credentials and tokens


def test_it_checks_credentials_in_any_case_of_the_address() -> None:
    user = UserFactory(email="case@example.org")
    assert actions.check_credentials(email=" CASE@example.org ", password=PASSWORD) == user
    with pytest.raises(NotAuthenticated):
        actions.check_credentials(email="case@example.org", password=PASSWORD.upper())
    with pytest.raises(NotAuthenticated):
        actions.check_credentials(email="nobody@example.org", password=PASSWORD)


def test_it_refuses_an_inactive_account_with_the_right_password() -> None:
    user = UserFactory(is_active=False)
    with pytest.raises(NotAuthenticated):
        actions.check_credentials(email=user.email, password=PASSWORD)


def test_it_limits_failures_per_address_even_with_the_right_password(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory()
    other = UserFactory()
    for _ in range(3):
        with pytest.raises(NotAuthenticated):
            actions.check_credentials(email=user.email.upper(), password="wrong", ip="10.0.0.1")
    with pytest.raises(TooMany):
        actions.check_credentials(email=user.email, password=PASSWORD, ip="10.0.0.2")
    assert actions.check_credentials(email=other.email, password=PASSWORD, ip="10.0.0.1") == other


def test_a_success_clears_the_count_for_the_address(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory()
    for _round in range(2):
        for _ in range(2):
            with pytest.raises(NotAuthenticated):
                actions.check_credentials(email=user.email, password="wrong")
        assert actions.check_credentials(email=user.email, password=PASSWORD) == user


def test_it_limits_failures_per_client_across_addresses(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    user = UserFactory()
    for n in range(8):  # four times the per-address limit, spread over many addresses
        with pytest.raises(NotAuthenticated):
            actions.check_credentials(email=f"guess{n}@example.org", password="x", ip="10.9.9.9")
    with pytest.raises(TooMany):
        actions.check_credentials(email=user.email, password=PASSWORD, ip="10.9.9.9")
    assert actions.check_credentials(email=user.email, password=PASSWORD, ip="10.1.1.1") == user


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nul\x00@example.org", PASSWORD),
        ("member@example.org", "pass\x00word"),
        ("a@b.c", "\ud800"),
    ],
)
def test_it_treats_unstorable_text_in_credentials_as_bad_input(email: str, password: str) -> None:
    UserFactory(email="member@example.org")
    with pytest.raises((InvalidInput, NotAuthenticated)):
        actions.check_credentials(email=email, password=password)


def test_it_stores_only_the_hash_of_an_issued_token() -> None:
    user = UserFactory()
    raw = actions.do_issue_token(user=user)
    stored = ApiToken.objects.get(user=user)
    assert raw not in stored.key_hash
    assert len(stored.key_hash) == 64
    assert ApiToken.objects.user_for(raw) == user
    assert ApiToken.objects.user_for(raw[:-1]) is None
    assert AuditEvent.objects.filter(verb="accounts.issue_token", actor=user).count() == 1
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert ApiToken.objects.user_for(raw) is None


# Profile


def test_it_updates_only_the_fields_given_and_cleans_them() -> None:
    user = UserFactory(name="Old Name", region="Coast", pronouns="she/her")
    actions.check_update_profile(
        user=user,
        name="  New Name ",
        interests=[" music ", "music", "", "  ", "outdoor play", "x" * 60],
        accessibility_needs="Captions, please.",
    )
    saved = profile_of(user)
    assert saved["name"] == "New Name"
    assert saved["interests"] == ["music", "outdoor play", "x" * 60]
    assert saved["accessibility_needs"] == "Captions, please."
    assert (saved["region"], saved["pronouns"]) == ("Coast", "she/her")
    event = AuditEvent.objects.get(verb="accounts.update_profile")
    assert event.data == {"fields": ["accessibility_needs", "interests", "name"]}


@pytest.mark.parametrize(
    "fields",
    [
        {"name": ""},
        {"name": "  "},
        {"name": 42},
        {"name": "x" * 151},
        {"pronouns": "x" * 41},
        {"availability": "x" * 201},
        {"region": ["North"]},
        {"role_type": "astronaut"},
        {"interests": "music"},
        {"interests": ["music", 3]},
        {"interests": [f"topic {n}" for n in range(21)]},
        {"email": "new@example.org"},
        {"is_staff": True},
        {"region": "North", "name": "nul\x00"},
        {"name": "lone \ud800 surrogate"},
        {"interests": ["nul\x00"]},
    ],
)
def test_it_refuses_bad_profile_values_and_saves_nothing(fields: dict[str, Any]) -> None:
    user = UserFactory(name="Kept Name", region="Coast")
    before = profile_of(user)
    with pytest.raises(InvalidInput):
        actions.check_update_profile(user=User.objects.get(pk=user.pk), **fields)
    assert profile_of(user) == before
    assert not User.objects.get(pk=user.pk).is_staff
    assert not AuditEvent.objects.exists()


# Export and erasure


def test_it_exports_everything_stored_about_the_person(world: World) -> None:
    data = actions.export_user_data(user=world.facilitator)
    account = data["account"]
    assert account["email"] == "facilitator@example.org"
    assert account["name"] == "Fay Facilitator"
    assert set(account) >= set(PROFILE_FIELDS) | {"email_verified_at", "is_staff"}
    assert [(m["community_id"], m["status"]) for m in data["memberships"]] == [
        (world.community.pk, "active")
    ]
    assert data["memberships"][0]["agreement_version"] == 1
    assert [(r["community_id"], r["role"]) for r in data["community_roles"]] == [
        (world.community.pk, "facilitator")
    ]
    assert data["program_roles"] == []

    mentor = actions.export_user_data(user=world.mentor)
    assert [(r["program_id"], r["role"]) for r in mentor["program_roles"]] == [
        (world.program.pk, "mentor")
    ]
    assert mentor["memberships"] == []


def test_it_erases_personal_data_and_keeps_an_anonymous_row(world: World) -> None:
    user = world.facilitator
    User.objects.filter(pk=user.pk).update(
        pronouns="she/her",
        interests=["music"],
        availability="evenings",
        accessibility_needs="captions",
        is_staff=True,
    )
    user.refresh_from_db()
    ProgramStaff.objects.create(program=world.program, user=user, role="mentor")
    ApiToken.issue(user)

    actions.do_erase_user(user=user)

    erased = User.objects.get(pk=user.pk)
    assert erased.email == f"erased-{user.pk}@erased.invalid"
    for field in ("name", "pronouns", "region", "availability", "accessibility_needs"):
        assert getattr(erased, field) == "", field
    assert erased.interests == []
    assert not (erased.is_active or erased.is_staff or erased.is_superuser)
    assert not erased.has_usable_password()
    assert not ApiToken.objects.filter(user=user).exists()
    assert not ProgramStaff.objects.filter(user=user).exists()
    assert set(Membership.objects.filter(user=user).values_list("status", flat=True)) == {"left"}
    assert not CommunityRole.objects.filter(user=user, ended_at__isnull=True).exists()
    event = AuditEvent.objects.get(verb="accounts.erase")
    assert (event.actor, event.target_id) == (None, user.pk)
    # The address is free again for a new account.
    assert register(email="facilitator@example.org").pk != user.pk


def test_the_first_operator_comes_from_createsuperuser() -> None:
    user = get_user_model().objects.create_superuser(email="Ops@Example.org", password=PASSWORD)
    assert user.email == "ops@example.org"
    assert user.is_staff and user.is_superuser
    assert user.email_verified_at is not None
    assert user.email_verified_at <= timezone.now()
