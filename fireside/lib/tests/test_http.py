from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from fireside.lib.mail import send_email

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/communities/", "/api/v1/communities", "/api/v1/docs"])
def test_it_sends_security_headers_everywhere(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    script_src = re.search(r"script-src ([^;]*)", csp)
    assert script_src is not None
    assert "'unsafe-inline'" not in script_src.group(1)
    assert "'unsafe-eval'" not in script_src.group(1)


def test_it_puts_the_csp_nonce_on_page_scripts(client: Any) -> None:
    response = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce is not None
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce.group(1)}"' in tag for tag in scripts)


def test_it_serves_no_asset_from_another_host(client: Any) -> None:
    html = client.get("/").content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_it_answers_unknown_api_paths_with_json(client: Any) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_it_answers_unknown_pages_with_a_friendly_page(client: Any, settings: Any) -> None:
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_it_serves_the_openapi_document(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Fireside API"
    assert "/api/v1/communities" in schema["paths"]


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
def test_it_sends_email_through_the_database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_email.enqueue(subject="Hello", body="A body", to=["a@example.org"])
    assert mail.outbox == []  # queued, not sent yet
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Hello"
    assert message.to == ["a@example.org"]
    result.refresh()
    assert result.status == "SUCCESSFUL"
