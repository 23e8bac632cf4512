from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READ = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), "
    "s.SESSION_ENGINE, s.LOG_FORMAT]))"
)
_OURS = ("REDIS_URL", "SESSION_STORE", "LOG_FORMAT", "FIRESIDE_ENV", "SENTRY_DSN")


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in _OURS}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "fireside.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_redis_the_cache_is_the_databases_and_sessions_stay_there() -> None:
    assert json.loads(_settings().stdout) == [
        "fireside.lib.cache.DatabaseCache",
        "fireside_cache",
        "django.contrib.sessions.backends.db",
        "text",
    ]


def test_with_redis_the_cache_is_redis_and_sessions_may_go_there() -> None:
    url = "redis://127.0.0.1:6379/5"
    backend, location, sessions, _fmt = json.loads(
        _settings(REDIS_URL=url, SESSION_STORE="cache", LOG_FORMAT="json").stdout
    )
    assert (backend, location) == ("fireside.lib.cache.RedisCache", url)
    assert sessions == "django.contrib.sessions.backends.cache"


def test_junk_in_the_new_settings_refuses_to_start() -> None:
    for name, value in (("SESSION_STORE", "files"), ("LOG_FORMAT", "xml")):
        run = _settings(**{name: value})
        assert run.returncode != 0
        assert f"{name} must be" in run.stderr
