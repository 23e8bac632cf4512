"""The sign-in limit on the production server: gunicorn with sync workers, run as a subprocess
against the test database (a SQLite file or PostgreSQL), its cache the default one, a table in
that database. A burst of wrong passwords for one account, sent at once over loopback, gets
at most LOGIN_FAILURE_LIMIT answers of 401 and 429 for the rest, with two workers counting
in one shared store just as with one; then even the right password is refused (429)."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from fireside.demo.factories import PASSWORD, UserFactory
from fireside.ops.tests.test_crash import database_url, free_port
from fireside.ops.tests.test_schedule_workers import stop

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT = 3
BURST = 12
READY_TIMEOUT = 30.0


def start_server(tmp_path: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "TRUSTED_PROXIES", "LOGIN_FAILURE_WINDOW_SECONDS"}
    }
    env.update(
        {
            "DATABASE_URL": database_url(),
            "FIRESIDE_VAR_DIR": str(tmp_path),
            "FIRESIDE_ENV": "development",
            "DEBUG": "false",
            "TASKS_BACKEND": "database",
            "EMAIL_URL": "console:",
            "LOG_LEVEL": "WARNING",
            "LOGIN_FAILURE_LIMIT": str(LIMIT),
            "PYTHONUNBUFFERED": "1",
        }
    )
    with (tmp_path / "server.log").open("ab") as log:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "fireside.wsgi",
                f"--workers={workers}",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{port}",
                "--timeout=60",
                "--log-level=warning",
            ],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped whole, workers too
        )
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"The server exited at start:\n{server_log(tmp_path)}")
        with contextlib.suppress(OSError):
            if get_status(port, "/healthz") == 200:
                return proc, port
        time.sleep(0.05)  # not ready yet: poll again
    stop(proc)
    log = server_log(tmp_path)
    raise AssertionError(f"The server was not ready after {READY_TIMEOUT} s:\n{log}")


def server_log(tmp_path: Path) -> str:
    return (tmp_path / "server.log").read_text(errors="replace")[-4000:]


def get_status(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    finally:
        conn.close()


def sign_in(port: int, email: str, password: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        body = json.dumps({"email": email, "password": password})
        conn.request(
            "POST", "/api/v1/auth/token", body, headers={"Content-Type": "application/json"}
        )
        answer = conn.getresponse()
        answer.read()
        return answer.status
    finally:
        conn.close()


@pytest.fixture
def servers() -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    try:
        yield procs
    finally:
        for proc in procs:
            stop(proc)  # SIGTERM to the group, then SIGKILL if it lingers


def burst(port: int, email: str) -> Counter[int]:
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(BURST)

    def guess(i: int) -> None:
        start.wait()
        status = sign_in(port, email, f"wrong guess {i}")
        with lock:
            statuses[status] += 1

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.parametrize("workers", [2, 1])
def test_it_limits_a_burst_of_wrong_passwords_on_a_real_server(
    tmp_path: Path, servers: list[subprocess.Popen[bytes]], workers: int, settings: Any
) -> None:
    # Hashed as the server hashes (the suite's own hasher is one the server does not know),
    # so that the right password is really right there.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    victim = UserFactory(email="victim@example.org")
    control = UserFactory(email="control@example.org")
    proc, port = start_server(tmp_path, workers)
    servers.append(proc)
    # The server does check passwords: the right one signs in an account not being guessed.
    assert sign_in(port, control.email, PASSWORD) == 200, server_log(tmp_path)

    statuses = burst(port, victim.email)

    assert sum(statuses.values()) == BURST, server_log(tmp_path)
    assert set(statuses) <= {401, 429}, server_log(tmp_path)
    assert statuses[401] <= LIMIT
    assert statuses[429] == BURST - statuses[401]
    # Nothing else slowed the guesses down: every try the limit allows reached the password.
    assert statuses[401] == LIMIT
    # The account is limited now: even its right password is refused, by either worker.
    for _ in range(workers * 2):
        assert sign_in(port, victim.email, PASSWORD) == 429
