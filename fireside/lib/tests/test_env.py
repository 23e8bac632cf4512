from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from fireside.lib.env import email_settings, env_bool, env_int, env_list, env_secret

ROOT = Path(__file__).resolve().parents[3]


def test_it_reads_booleans_and_rejects_junk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FS_FLAG", "Yes")
    assert env_bool("FS_FLAG", False) is True
    monkeypatch.setenv("FS_FLAG", "off")
    assert env_bool("FS_FLAG", True) is False
    monkeypatch.setenv("FS_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FS_FLAG"):
        env_bool("FS_FLAG", False)
    monkeypatch.delenv("FS_FLAG")
    assert env_bool("FS_FLAG", True) is True


def test_it_reads_integers_with_a_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FS_N", "42")
    assert env_int("FS_N", 1) == 42
    monkeypatch.setenv("FS_N", "forty")
    with pytest.raises(ImproperlyConfigured):
        env_int("FS_N", 1)
    monkeypatch.setenv("FS_N", "-1")
    with pytest.raises(ImproperlyConfigured):
        env_int("FS_N", 1, minimum=0)


def test_it_reads_lists_and_secret_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FS_HOSTS", " a.org, ,b.org ")
    assert env_list("FS_HOSTS") == ["a.org", "b.org"]
    secret = tmp_path / "key"
    secret.write_text("s3cret-from-file\n")
    monkeypatch.setenv("FS_KEY_FILE", str(secret))
    monkeypatch.setenv("FS_KEY", "ignored")
    assert env_secret("FS_KEY") == "s3cret-from-file"
    monkeypatch.setenv("FS_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="FS_KEY_FILE"):
        env_secret("FS_KEY")


def test_it_turns_email_urls_into_settings() -> None:
    smtp = email_settings("smtp+tls://me%40x.org:p%2Fw@mail.x.org:2525")
    assert smtp["EMAIL_HOST"] == "mail.x.org"
    assert smtp["EMAIL_PORT"] == 2525
    assert smtp["EMAIL_HOST_USER"] == "me@x.org"
    assert smtp["EMAIL_HOST_PASSWORD"] == "p/w"
    assert smtp["EMAIL_USE_TLS"] is True
    assert email_settings("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert email_settings("file:var/mail")["EMAIL_FILE_PATH"] == "var/mail"
    with pytest.raises(ImproperlyConfigured):
        email_settings("carrier-pigeon://coop")


def _check_production(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DEBUG"))}
    clean.update({"FIRESIDE_ENV": "production", "DJANGO_SETTINGS_MODULE": "fireside.settings"})
    clean.pop("ALLOWED_HOSTS", None)
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "fireside.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "fireside.example.org"}, "SECRET_KEY"),
        (
            {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "fireside.example.org", "DEBUG": "true"},
            "DEBUG",
        ),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
    ],
)
def test_it_refuses_to_start_production_unsafely(env: dict[str, str], complaint: str) -> None:
    result = _check_production(**env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_it_starts_production_when_configured() -> None:
    result = _check_production(
        SECRET_KEY="a-long-production-secret-0123456789-abcdefghij",
        ALLOWED_HOSTS="fireside.example.org",
    )
    assert result.returncode == 0, result.stderr
