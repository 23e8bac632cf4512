"""Sign-in limits hold across threads and processes: every app server counts in one shared
store, and each attempt is counted before its password is checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from fireside.accounts import actions
from fireside.demo.factories import PASSWORD, UserFactory
from fireside.lib.errors import NotAuthenticated, TooMany

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]


def test_a_burst_of_wrong_passwords_reaches_the_password_check_no_more_than_the_limit(
    cache_backend: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(email="burst@example.org")
    checked: list[str] = []
    outcomes: list[str] = []
    lock = threading.Lock()
    real_authenticate = actions.authenticate

    def counted(**credentials: Any) -> Any:
        with lock:
            checked.append(credentials["password"])
        time.sleep(0.05)  # a password check takes a while (Argon2 does): the race's window
        return real_authenticate(**credentials)

    monkeypatch.setattr(actions, "authenticate", counted)
    threads_n = 12
    start = threading.Barrier(threads_n)

    def guess(i: int) -> None:
        try:
            start.wait()
            actions.check_credentials(
                email="burst@example.org", password=f"guess {i}", ip="198.51.100.7"
            )
        except (NotAuthenticated, TooMany) as exc:
            with lock:
                outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == 3
    assert Counter(outcomes) == {"NotAuthenticated": 3, "TooMany": threads_n - 3}
    # The right password, after the limit: refused, and not even checked.
    with pytest.raises(TooMany):
        actions.check_credentials(email="burst@example.org", password=PASSWORD, ip="198.51.100.7")
    assert len(checked) == 3


def _run_elsewhere(email: str, tries: int, settings: Any) -> subprocess.Popen[str]:
    shared = {
        "DATABASES": {"default": dict(connection.settings_dict)},
        "CACHES": settings.CACHES,
        "PASSWORD_HASHERS": settings.PASSWORD_HASHERS,
        "LOGIN_FAILURE_LIMIT": settings.LOGIN_FAILURE_LIMIT,
        "LOGIN_FAILURE_WINDOW_SECONDS": settings.LOGIN_FAILURE_WINDOW_SECONDS,
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fireside.settings",
        "FIRESIDE_TEST_SETTINGS": json.dumps(shared, default=str),
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "fireside.accounts.tests.sign_in_worker", email, str(tries)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_wrong_sign_ins_spread_over_two_processes_share_one_limit(
    cache_backend: str, settings: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 5
    UserFactory(email="shared@example.org")
    # Two app servers at once, six wrong passwords each: twelve tries, one limit of five.
    workers = [_run_elsewhere("shared@example.org", 6, settings) for _ in range(2)]
    said: Counter[str] = Counter()
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        said.update(out.split())
    assert said == {"wrong": 5, "limited": 7}
    # This process counts in the same place: the right password is refused too.
    with pytest.raises(TooMany):
        actions.check_credentials(email="shared@example.org", password=PASSWORD, ip="192.0.2.1")
