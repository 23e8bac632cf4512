"""Slow work asked for twice at once is done once (fireside/lib/once.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from fireside.lib import once

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_a_second_ask_soon_after_gets_the_same_result_without_work() -> None:
    made: list[int] = []

    def make() -> bytes:
        made.append(1)
        return b"%PDF-1"

    assert once.shared_result("k", make) == b"%PDF-1"
    assert once.shared_result("k", make) == b"%PDF-1"
    assert made == [1]
    assert once.shared_result("other", make) == b"%PDF-1" and made == [1, 1]


def test_while_someone_else_works_it_waits_for_their_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert cache.add("once:k:lock", 1, 60)  # another request is drawing

    def their_result_arrives(seconds: float) -> None:
        cache.set("once:k:result", b"theirs", 60)

    monkeypatch.setattr(once.time, "sleep", their_result_arrives)
    assert once.shared_result("k", lambda: pytest.fail("drew a second copy")) == b"theirs"


def test_it_stops_waiting_after_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.add("once:k:lock", 1, 60)
    clock = iter(range(0, 1000, 10))
    monkeypatch.setattr(once.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(once.time, "sleep", lambda seconds: None)
    with pytest.raises(once.StillWorking):
        once.shared_result("k", lambda: pytest.fail("drew a second copy"), wait_seconds=30)


def test_a_failure_frees_the_lock_for_the_next_ask() -> None:
    def broken() -> bytes:
        raise RuntimeError("no fonts")

    with pytest.raises(RuntimeError):
        once.shared_result("k", broken)
    assert once.shared_result("k", lambda: b"ok") == b"ok"
