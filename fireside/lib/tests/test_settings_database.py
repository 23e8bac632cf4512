"""The database settings fit for a server: persistent connections on both databases, the
SQLite pragmas on every connection, and the PgBouncer switch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
READ = (
    "import json; from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], "
    "d.get('DISABLE_SERVER_SIDE_CURSORS', False), 'prepare_threshold' in d.get('OPTIONS', {}), "
    "d.get('OPTIONS', {}).get('prepare_threshold', 'absent')]))"
)
_OURS = ("DATABASE_URL", "DATABASE_CONN_MAX_AGE", "DATABASE_PGBOUNCER")


def _database(**env: str) -> list[object]:
    clean = {k: v for k, v in os.environ.items() if k not in _OURS}
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "fireside.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return list(json.loads(run.stdout))


def test_connections_persist_on_both_databases_and_the_age_is_a_setting(tmp_path: Path) -> None:
    sqlite = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert _database(DATABASE_URL=sqlite)[:2] == [60, True]
    assert _database(DATABASE_URL=sqlite, DATABASE_CONN_MAX_AGE="0")[:2] == [0, True]
    pg = "postgres://postgres@127.0.0.1:5432/fs_settings_only"
    assert _database(DATABASE_URL=pg, DATABASE_CONN_MAX_AGE="300")[:2] == [300, True]


def test_behind_pgbouncer_nothing_is_prepared_and_no_cursor_outlives_a_transaction() -> None:
    pg = "postgres://postgres@127.0.0.1:6432/fs_settings_only"
    assert _database(DATABASE_URL=pg)[2:] == [False, False, "absent"]
    assert _database(DATABASE_URL=pg, DATABASE_PGBOUNCER="true")[2:] == [True, True, None]


@pytest.mark.django_db
def test_every_sqlite_connection_gets_the_server_pragmas() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        read = {}
        for pragma in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"):
            read[pragma] = cursor.execute(f"PRAGMA {pragma}").fetchone()[0]
        for pragma in ("cache_size", "mmap_size", "temp_store"):
            read[pragma] = cursor.execute(f"PRAGMA {pragma}").fetchone()[0]
    assert read == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "foreign_keys": 1,
        "busy_timeout": 20000,
        "cache_size": -65536,
        "mmap_size": 268435456,
        "temp_store": 2,  # MEMORY
    }
