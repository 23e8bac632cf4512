"""Security finding 8: API tokens end with the password they were made under, and a person
sees their tokens (never their values) and revokes them one by one, on the web and the API."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.audit.models import AuditEvent
from fireside.demo.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a quiet walk in the park"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def new_token(client: Client, email: str, name: str = "") -> str:
    body = {"email": email, "password": PASSWORD, "name": name}
    response = client.post("/api/v1/auth/token", json.dumps(body), "application/json")
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def works(client: Client, raw: str) -> bool:
    """With the token alone: never with the client's session cookie."""
    return Client().get("/api/v1/me", headers=bearer(raw)).status_code == 200


def reset_password(client: Client, email: str) -> None:
    client.post("/accounts/password-reset/", {"email": email})
    link = re.search(r"https?://\S+", mail.outbox[-1].body)
    assert link is not None
    form_page = client.get(link.group(0).split("testserver", 1)[1], follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302


def test_a_password_reset_ends_every_token(client: Client) -> None:
    user = UserFactory(email="sam@example.org")
    raw = new_token(client, user.email, "Phone")
    assert works(client, raw)
    reset_password(client, user.email)
    assert not works(client, raw)
    assert not ApiToken.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(verb="accounts.revoke_tokens", actor=user)
    assert event.data == {"why": "password_reset", "count": 1}


def test_a_password_set_any_other_way_ends_every_token(client: Client) -> None:
    """The admin, `manage.py changepassword`, a shell: the token is tied to the password."""
    user = UserFactory(email="sam@example.org")
    raw = new_token(client, user.email)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert not works(client, raw)
    assert not ApiToken.objects.filter(user=user).exists()  # a dead token is dropped on sight


def test_tokens_made_before_a_secret_key_rotation_keep_working(
    client: Client, settings: Any
) -> None:
    user = UserFactory(email="sam@example.org")
    raw = new_token(client, user.email)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a brand new secret key for this installation, long enough"
    assert works(client, raw)


def test_a_person_lists_their_tokens_without_their_values(client: Client, world: World) -> None:
    first = new_token(client, world.member.email, "Reporting script")
    second = new_token(client, world.member.email)
    new_token(client, world.facilitator.email, "Not hers")
    response = client.get("/api/v1/me/tokens", headers=bearer(first))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [t["name"] for t in body["items"]] == ["", "Reporting script"]  # newest first
    assert set(body["items"][0]) == {"id", "name", "created_at", "last_used_at"}
    assert first not in response.content.decode() and second not in response.content.decode()
    hashes = ApiToken.objects.values_list("key_hash", flat=True)
    assert not any(h in response.content.decode() for h in hashes)
    used = next(t for t in body["items"] if t["name"] == "Reporting script")
    assert used["last_used_at"] is not None


def test_last_used_is_written_at_most_once_a_minute(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    raw = new_token(client, world.member.email)
    token = ApiToken.objects.get(user=world.member)
    assert token.last_used_at is None
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        assert works(client, raw)
        token.refresh_from_db()
        assert token.last_used_at == dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
        # the token with its person; no write within the minute
        with django_assert_num_queries(1):
            assert ApiToken.objects.user_for(raw) == world.member
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 1, 30, tzinfo=dt.UTC), tick=False):
        assert works(client, raw)
    token.refresh_from_db()
    assert token.last_used_at == dt.datetime(2026, 11, 2, 9, 1, 30, tzinfo=dt.UTC)


def test_a_person_revokes_one_token_by_the_api(client: Client, world: World) -> None:
    keep = new_token(client, world.member.email, "Keep")
    drop = new_token(client, world.member.email, "Drop")
    drop_id = ApiToken.objects.get(user=world.member, name="Drop").pk
    response = client.delete(f"/api/v1/me/tokens/{drop_id}", headers=bearer(keep))
    assert response.status_code == 204
    assert not works(client, drop) and works(client, keep)
    assert AuditEvent.objects.filter(verb="accounts.revoke_token", actor=world.member).exists()
    assert client.delete(f"/api/v1/me/tokens/{drop_id}", headers=bearer(keep)).status_code == 404


def test_nobody_revokes_someone_elses_token(client: Client, world: World) -> None:
    hers = new_token(client, world.member.email, "Hers")
    token_id = ApiToken.objects.get(user=world.member).pk
    other = new_token(client, world.facilitator.email)
    response = client.delete(f"/api/v1/me/tokens/{token_id}", headers=bearer(other))
    assert response.status_code == 404
    client.force_login(world.facilitator)
    page = client.post(reverse("accounts:revoke_token", args=[token_id]))
    assert page.status_code == 404
    assert works(client, hers)


def test_a_person_revokes_a_token_on_their_profile(client: Client, world: World) -> None:
    raw = new_token(client, world.member.email, "Spreadsheet")
    token = ApiToken.objects.get(user=world.member)
    client.force_login(world.member)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Spreadsheet" in profile
    assert raw not in profile
    url = reverse("accounts:revoke_token", args=[token.pk])
    assert url in profile
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert works(client, raw)  # asking is not revoking
    assert '<form method="post">' in confirm.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not works(client, raw)
    assert "You have no API tokens." in client.get(reverse("accounts:profile")).content.decode()


def test_a_password_written_without_save_still_ends_tokens(client: Client) -> None:
    user = UserFactory(email="sam@example.org")
    raw = new_token(client, user.email)
    user.set_password(NEW_PASSWORD)
    type(user).objects.filter(pk=user.pk).update(password=user.password)
    assert not works(client, raw)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_token_pages_fit_a_phone_pass_axe_and_work_without_javascript(
    live_server: Any, browser: Any
) -> None:
    from fireside.lib.tests.browser import axe_violations, fits_width

    user = UserFactory(email="robin@example.org")
    ApiToken.issue(user, name="Reporting script")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/accounts/profile/")
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    assert fits_width(page)
    page.get_by_role("link", name="Revoke “Reporting script”").click()
    expect(page.get_by_role("heading", name="Revoke an API token")).to_be_visible()
    assert fits_width(page)
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    assert not ApiToken.objects.filter(user=user).exists()
    context.close()
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    ApiToken.issue(user, name="Second")
    token = ApiToken.objects.get(user=user)
    phone.goto(live_server.url + "/accounts/login/")
    phone.get_by_label("Email address").fill(user.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    for path in ("/accounts/profile/", f"/accounts/profile/tokens/{token.pk}/revoke/"):
        phone.goto(live_server.url + path)
        assert axe_violations(phone) == [], path
    phone.context.close()
