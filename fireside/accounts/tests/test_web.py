"""The account pages: sign up, verify, sign in and out, reset, profile, export, erase."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client

from conftest import World
from fireside import settings as project_settings
from fireside.accounts.models import ApiToken, User
from fireside.accounts.tokens import make_verification_token
from fireside.audit.models import AuditEvent
from fireside.communities.models import Membership
from fireside.demo.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a quiet walk in the park"
SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
PROFILE = "/accounts/profile/"


def signup_form(**overrides: str) -> dict[str, str]:
    return {
        "name": "Nora New",
        "email": "nora@example.org",
        "password": NEW_PASSWORD,
        "role_type": "ecea",
        "region": "North",
        **overrides,
    }


def signed_in_id(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def link_in(message: Any) -> str:
    """The path of the one link to this site in an email's body."""
    found = re.findall(r"http://testserver(/\S+)", message.body)
    assert len(found) == 1, message.body
    return str(found[0])


def sign_in(client: Client, email: str, password: str, **extra: str) -> Any:
    return client.post(LOGIN, {"email": email, "password": password, **extra})


# Signing up and confirming the address


def test_it_signs_up_with_an_argon2_hash_and_signs_in_at_once(
    client: Client, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    response = client.post(SIGNUP, signup_form(email="Nora@Example.org"))
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    user = User.objects.get()
    assert user.email == "nora@example.org"
    assert (user.name, user.role_type, user.region) == ("Nora New", "ecea", "North")
    assert user.password.startswith("argon2")
    assert NEW_PASSWORD not in user.password
    assert user.check_password(NEW_PASSWORD)
    assert signed_in_id(client) == user.pk
    assert "We sent a link to nora@example.org" in client.get(PROFILE).content.decode()


def test_the_verification_email_carries_a_link_that_verifies(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_form())
    user = User.objects.get()
    assert not user.email_verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Confirm your email address for Fireside"
    assert message.to == ["nora@example.org"]
    assert "Hello Nora New" in message.body
    path = link_in(message)
    assert path.startswith("/accounts/verify/")

    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    user.refresh_from_db()
    assert user.email_verified
    assert "your email address is confirmed" in client.get(PROFILE).content.decode()


def test_the_link_works_when_signed_out_too(client: Client) -> None:
    user = UserFactory(email_verified_at=None)
    response = client.get(f"/accounts/verify/{make_verification_token(user)}/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    user.refresh_from_db()
    assert user.email_verified


def _forged_for(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt="another-salt")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token, user: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
        lambda token, user: token.replace(":", "x:", 1),
        lambda token, user: _forged_for(user),
        lambda token, user: "not-a-token",
    ],
    ids=["signature", "payload", "forged", "garbage"],
)
def test_a_tampered_link_is_refused_and_changes_nothing(client: Client, tamper: Any) -> None:
    user = UserFactory(email_verified_at=None)
    token = tamper(make_verification_token(user), user)
    response = client.get(f"/accounts/verify/{token}/")
    assert response.status_code == 400
    assert "That link did not work" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_verified
    assert not AuditEvent.objects.filter(verb="accounts.verify_email").exists()


def test_an_expired_link_is_refused_and_changes_nothing(client: Client, time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    user = UserFactory(email_verified_at=None)
    path = f"/accounts/verify/{make_verification_token(user)}/"
    time_machine.move_to(dt.datetime(2026, 9, 8, 9, 1, tzinfo=dt.UTC), tick=False)
    response = client.get(path)
    assert response.status_code == 400
    assert "It may be old or incomplete" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_verified


def test_it_resends_the_link_on_request_and_post_only(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    assert client.get("/accounts/verify/resend/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/verify/resend/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert client.get(link_in(mail.outbox[0])).status_code == 302
    user.refresh_from_db()
    assert user.email_verified


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"password": "short"}, "This password is too short"),
        ({"password": "password1234"}, "This password is too common"),
        ({"name": ""}, "This field is required"),
        ({"role_type": "astronaut"}, "Select a valid choice"),
        ({"email": "member@example.org"}, "already exists"),
    ],
)
def test_a_bad_sign_up_shows_what_to_fix_and_creates_nothing(
    client: Client, overrides: dict[str, str], message: str, django_capture_on_commit_callbacks: Any
) -> None:
    UserFactory(email="member@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert message in html
    assert User.objects.count() == 1
    assert signed_in_id(client) is None
    assert mail.outbox == []


# Signing in and out


def test_it_signs_in_and_out_with_a_post_only(client: Client) -> None:
    user = UserFactory(email="sam@example.org")
    response = sign_in(client, "SAM@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_id(client) == user.pk

    assert client.get(LOGOUT).status_code == 405
    assert signed_in_id(client) == user.pk

    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert signed_in_id(client) is None
    assert client.get(PROFILE).status_code == 302


def test_a_wrong_password_says_so_and_signs_nobody_in(client: Client) -> None:
    UserFactory(email="sam@example.org")
    response = sign_in(client, "sam@example.org", "not the password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "That email and password do not match an account." in html
    assert 'class="error-summary"' in html
    assert signed_in_id(client) is None


def test_it_slows_down_guessing_after_the_failure_limit(client: Client, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory(email="sam@example.org")
    for _ in range(3):
        assert sign_in(client, "sam@example.org", "guess").status_code == 200
    response = sign_in(client, "Sam@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert signed_in_id(client) is None
    # Other people on the same network can still sign in.
    other = UserFactory()
    assert sign_in(client, other.email, PASSWORD).status_code == 302
    assert signed_in_id(client) == other.pk != user.pk


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/programs/", "/programs/"),
        ("/accounts/profile/?tab=data", "/accounts/profile/?tab=data"),
        ("https://evil.example/steal", "/"),
        ("//evil.example/steal", "/"),
        ("http://testserver@evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("https://testserver.evil.example/", "/"),
    ],
)
def test_sign_in_follows_next_only_within_the_site(
    client: Client, target: str, expected: str
) -> None:
    user = UserFactory()
    page = client.get(LOGIN, {"next": target}).content.decode()
    assert 'name="next"' in page
    response = sign_in(client, user.email, PASSWORD, next=target)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/communities/", "/communities/"), ("https://evil.example/", PROFILE)],
)
def test_sign_up_follows_next_only_within_the_site(
    client: Client, target: str, expected: str
) -> None:
    response = client.post(f"{SIGNUP}?next={target}", signup_form())
    assert response.status_code == 302
    assert response["Location"] == expected


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(client: Client) -> None:
    user = UserFactory()
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={PROFILE}"
    response = client.post(response["Location"], {"email": user.email, "password": PASSWORD})
    assert response["Location"] == PROFILE


# Password reset


def test_a_forgotten_password_is_reset_through_the_emailed_link(client: Client) -> None:
    user = UserFactory(email="sam@example.org")
    response = client.post("/accounts/password-reset/", {"email": "Sam@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Choose a new Fireside password"
    assert message.to == ["sam@example.org"]
    path = link_in(message)

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/done/"
    assert AuditEvent.objects.filter(verb="accounts.reset_password", actor=user).count() == 1

    assert sign_in(client, "sam@example.org", PASSWORD).status_code == 200
    assert sign_in(client, "sam@example.org", NEW_PASSWORD).status_code == 302
    assert signed_in_id(client) == user.pk

    # The link works once.
    client.post(LOGOUT)
    again = client.get(path, follow=True)
    assert not again.context["validlink"]
    assert "already been used or is too old" in again.content.decode()


def test_a_reset_lifts_the_sign_in_limit_as_the_refusal_promises(
    client: Client, settings: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    UserFactory(email="sam@example.org")
    for _ in range(2):
        sign_in(client, "sam@example.org", "guess")
    refusal = sign_in(client, "sam@example.org", PASSWORD)
    assert refusal.status_code == 429
    assert "reset your password" in refusal.content.decode()

    client.post("/accounts/password-reset/", {"email": "sam@example.org"})
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert sign_in(client, "sam@example.org", NEW_PASSWORD).status_code == 302


def test_a_reset_for_an_unknown_or_erased_address_sends_nothing(client: Client) -> None:
    UserFactory(email="gone@example.org", is_active=False)
    for email in ("nobody@example.org", "gone@example.org"):
        response = client.post("/accounts/password-reset/", {"email": email})
        assert response.status_code == 302  # the same answer: no hint of who has an account
    assert mail.outbox == []


def test_a_mismatched_new_password_changes_nothing(client: Client) -> None:
    user = UserFactory(email="sam@example.org")
    client.post("/accounts/password-reset/", {"email": "sam@example.org"})
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "!"},
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# Profile


def profile_form(**overrides: str) -> dict[str, str]:
    return {
        "name": "Pat Profile",
        "pronouns": "they/them",
        "role_type": "trainer",
        "region": "Interior",
        "interests": "outdoor play,  music , ,inclusion, music",
        "availability": "Weekday evenings",
        "accessibility_needs": "Captions on video calls.",
        **overrides,
    }


def saved_profile(user: User) -> dict[str, Any]:
    return User.objects.filter(pk=user.pk).values(*profile_form()).get()


def test_it_saves_the_profile(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    page = client.get(PROFILE).content.decode()
    assert user.email in page
    response = client.post(PROFILE, profile_form())
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    assert saved_profile(user) == {
        "name": "Pat Profile",
        "pronouns": "they/them",
        "role_type": "trainer",
        "region": "Interior",
        "interests": ["outdoor play", "music", "inclusion"],
        "availability": "Weekday evenings",
        "accessibility_needs": "Captions on video calls.",
    }
    assert "outdoor play, music, inclusion" in client.get(PROFILE).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "This field is required"),
        ({"name": "x" * 151}, "151 characters; the limit is 150."),
        ({"pronouns": "x" * 41}, "41 characters; the limit is 40."),
        ({"role_type": "astronaut"}, "Select a valid choice"),
        ({"availability": "x" * 201}, "201 characters; the limit is 200."),
        ({"interests": ",".join(f"topic {n}" for n in range(21))}, "List at most 20 interests"),
    ],
)
def test_a_bad_profile_shows_an_error_summary_and_saves_nothing(
    client: Client, overrides: dict[str, str], message: str
) -> None:
    user = UserFactory(name="Kept Name", region="Coast", interests=["music"])
    before = saved_profile(user)
    client.force_login(user)
    response = client.post(PROFILE, profile_form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert message in html
    assert saved_profile(user) == before
    assert not AuditEvent.objects.filter(verb="accounts.update_profile").exists()


# Export and erase


def test_it_exports_my_data_as_a_json_download(client: Client, world: World) -> None:
    client.force_login(world.facilitator)
    response = client.get("/accounts/profile/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "facilitator@example.org"
    assert data["account"]["name"] == "Fay Facilitator"
    assert [m["community_name"] for m in data["memberships"]] == [world.community.name]
    assert [r["role"] for r in data["community_roles"]] == ["facilitator"]
    assert "member@example.org" not in response.content.decode()


def test_a_wrong_confirmation_erases_nothing(client: Client, world: World) -> None:
    client.force_login(world.member)
    response = client.post("/accounts/profile/erase/", {"confirm": "erase"})
    assert response.status_code == 200
    assert "Type the word ERASE" in response.content.decode()
    user = User.objects.get(pk=world.member.pk)
    assert (user.email, user.is_active) == ("member@example.org", True)
    assert Membership.objects.get(user=user).status == "active"


def test_erasing_removes_my_data_and_signs_me_out(client: Client, world: World) -> None:
    user = world.member
    ApiToken.issue(user)
    client.force_login(user)
    assert client.get("/accounts/profile/erase/").status_code == 200
    response = client.post("/accounts/profile/erase/", {"confirm": " ERASE "})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_id(client) is None

    erased = User.objects.get(pk=user.pk)
    assert erased.email.endswith("@erased.invalid")
    assert (erased.name, erased.region, erased.is_active) == ("", "", False)
    assert Membership.objects.get(user=erased).status == "left"
    assert not ApiToken.objects.filter(user=erased).exists()
    assert sign_in(client, "member@example.org", PASSWORD).status_code == 200
    assert signed_in_id(client) is None


def test_an_erased_person_is_signed_out_everywhere(client: Client, world: World) -> None:
    other_device = Client()
    other_device.force_login(world.member)
    client.force_login(world.member)
    client.post("/accounts/profile/erase/", {"confirm": "ERASE"})
    assert other_device.get(PROFILE).status_code == 302


# The first operator


def test_createsuperuser_without_prompts_makes_a_staff_account_that_signs_in(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Ops@Example.org")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)
    out = StringIO()
    call_command("createsuperuser", "--noinput", stdout=out)
    assert "Superuser created successfully" in out.getvalue()
    user = User.objects.get()
    assert user.email == "ops@example.org"
    assert user.is_staff and user.is_superuser and user.is_active
    assert sign_in(client, "ops@example.org", NEW_PASSWORD).status_code == 302
    assert signed_in_id(client) == user.pk
    assert client.get("/admin/").status_code == 200
