"""Password-reset emails and sign-ups are limited per hour, counted before the work."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from fireside.accounts.models import User
from fireside.demo.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password-reset/"
SENT = "/accounts/password-reset/sent/"


def test_it_sends_no_more_reset_emails_to_one_address_than_the_limit(
    client: Client, settings: Any, cache_backend: str
) -> None:
    settings.PASSWORD_RESET_EMAIL_LIMIT = 3
    UserFactory(email="sam@example.org")
    for n in range(6):
        # From six different clients: the per-address limit holds whoever asks.
        response = client.post(RESET, {"email": "Sam@Example.org"}, REMOTE_ADDR=f"192.0.2.{n}")
        # Over the limit the answer is the same neutral page: nothing is revealed.
        assert response.status_code == 302
        assert response["Location"] == SENT
    assert [m.to for m in mail.outbox] == [["sam@example.org"]] * 3


def test_it_counts_addresses_without_an_account_too(client: Client, settings: Any) -> None:
    settings.PASSWORD_RESET_EMAIL_LIMIT = 1
    UserFactory(email="sam@example.org")
    for _ in range(2):
        assert client.post(RESET, {"email": "nobody@example.org"})["Location"] == SENT
    assert mail.outbox == []
    client.post(RESET, {"email": "sam@example.org"})
    assert len(mail.outbox) == 1


def test_it_refuses_reset_requests_past_the_client_limit_with_429(
    client: Client, settings: Any
) -> None:
    settings.PASSWORD_RESET_CLIENT_LIMIT = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(3):
        UserFactory(email=f"p{n}@example.org")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(2):
        response = client.post(
            RESET, {"email": f"p{n}@example.org"}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
        )
        assert response.status_code == 302
    response = client.post(
        RESET, {"email": "p2@example.org"}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert response.status_code == 429
    assert "Too many requests from your network" in response.content.decode()
    assert len(mail.outbox) == 2
    # Another client behind the same proxy is not locked out with it.
    response = client.post(
        RESET, {"email": "p2@example.org"}, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox][-1] == ["p2@example.org"]


NEW_PASSWORD = "a fresh long passphrase"


def _signup(n: int) -> dict[str, str]:
    return {
        "name": f"Person {n}",
        "email": f"new{n}@example.org",
        "password": NEW_PASSWORD,
        "role_type": "ecea",
    }


def test_it_limits_web_sign_ups_per_client(client: Client, settings: Any) -> None:
    settings.REGISTRATION_CLIENT_LIMIT = 2
    for n in range(2):
        assert client.post("/accounts/signup/", _signup(n)).status_code == 302
        client.logout()
    response = client.post("/accounts/signup/", _signup(2))
    assert response.status_code == 429
    assert "Too many requests from your network" in response.content.decode()
    assert User.objects.filter(email="new2@example.org").exists() is False
    assert User.objects.count() == 2
    # Another client can still sign up.
    response = client.post("/accounts/signup/", _signup(3), REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 302


def test_it_limits_api_registration_per_client_with_429(
    client: Client, settings: Any, cache_backend: str
) -> None:
    settings.REGISTRATION_CLIENT_LIMIT = 1
    url = "/api/v1/auth/register"
    assert client.post(url, _signup(0), content_type="application/json").status_code == 201
    response = client.post(url, _signup(1), content_type="application/json")
    assert response.status_code == 429
    assert "Too many requests" in response.json()["detail"]
    assert not User.objects.filter(email="new1@example.org").exists()
