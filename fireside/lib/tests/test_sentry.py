from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from fireside.lib.sentry import before_send

ROOT = Path(__file__).resolve().parents[3]
DUMMY_DSN = "http://public@127.0.0.1:9/1"  # the discard port: nothing is ever sent there


def _event() -> dict[str, Any]:
    """Shaped like what sentry-sdk's Django integration sends for a failed sign-in POST."""
    return {
        "level": "error",
        "message": "Sign-in failed for ana.lopez@example.org",
        "logentry": {
            "message": "Sign-in failed for %s",
            "params": ["ana.lopez@example.org"],
            "formatted": "Sign-in failed for ana.lopez@example.org",
        },
        "exception": {
            "values": [
                {
                    "type": "RuntimeError",
                    "value": "no account for <ana.lopez+circle@mail.example.org>",
                    "stacktrace": {
                        "frames": [{"function": "login_view", "vars": {"password": "'hunter2'"}}]
                    },
                }
            ]
        },
        "request": {
            "url": "https://fireside.example.org/accounts/login/?next=/x&email=ana@example.org",
            "method": "POST",
            "query_string": "next=/x&email=ana@example.org",
            "data": {"email": "ana.lopez@example.org", "password": "hunter2"},
            "cookies": {"sessionid": "abc", "csrftoken": "def"},
            "headers": {
                "User-Agent": "Firefox",
                "Cookie": "sessionid=abc",
                "Authorization": "Bearer fs_secret",
                "X-Forwarded-For": "198.51.100.4",
                "Referer": "https://fireside.example.org/?email=ana@example.org",
            },
            "env": {"REMOTE_ADDR": "198.51.100.4", "SERVER_NAME": "fireside"},
        },
        "user": {
            "id": "42",
            "email": "ana.lopez@example.org",
            "username": "ana.lopez@example.org",
            "name": "Ana López",
            "ip_address": "198.51.100.4",
        },
        "breadcrumbs": {
            "values": [
                {
                    "category": "query",
                    "message": "SELECT … WHERE email = 'ana.lopez@example.org'",
                    "data": {"params": ["ana.lopez@example.org"]},
                }
            ]
        },
    }


def test_before_send_takes_out_personal_data_and_keeps_the_user_id() -> None:
    event = before_send(_event(), {})
    assert event is not None
    text = json.dumps(event)
    for personal in ("ana", "hunter2", "198.51.100.4", "López", "sessionid", "fs_secret"):
        assert personal not in text, personal
    assert event["user"] == {"id": "42"}
    request = event["request"]
    assert request["url"] == "https://fireside.example.org/accounts/login/"
    assert set(request) == {"url", "method", "headers"}
    assert request["headers"] == {
        "User-Agent": "Firefox",
        "Referer": "https://fireside.example.org/",
    }
    assert event["message"] == "Sign-in failed for [email]"
    assert event["exception"]["values"][0]["value"] == "no account for <[email]>"
    assert event["exception"]["values"][0]["type"] == "RuntimeError"


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "fireside.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


ACTIVE = (
    "import django, json, sentry_sdk; django.setup(); c = sentry_sdk.get_client(); "
    "print(json.dumps([c.is_active(), c.options.get('send_default_pii'), "
    "c.options.get('max_request_body_size'), c.options.get('environment'), "
    "c.options.get('traces_sample_rate')]))"
)


def test_sentry_starts_only_when_a_dsn_is_set() -> None:
    off = json.loads(_python(ACTIVE).stdout)
    assert off[0] is False
    on = json.loads(
        _python(ACTIVE, SENTRY_DSN=DUMMY_DSN, SENTRY_ENVIRONMENT="staging").stdout.splitlines()[-1]
    )
    assert on == [True, False, "never", "staging", 0.0]


def test_a_failing_request_reaches_sentry_without_personal_data() -> None:
    out = _python("from fireside.lib.tests.sentry_capture import main; main()")
    report = json.loads(out.stdout.splitlines()[-1])
    assert report["status"] == 500
    [event] = report["events"]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["exception"]["values"][-1]["value"] == "no account for [email]"
    text = json.dumps(event)
    for personal in ("example.org", "hunter2", "tracking", "198.51.100.23", "next="):
        assert personal not in text, personal
    assert "data" not in event["request"]
    assert event["request"]["url"].endswith("/boom/")
    assert event.get("user", {}).keys() <= {"id"}
