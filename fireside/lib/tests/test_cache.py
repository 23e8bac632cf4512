from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
import time_machine
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from fireside.lib import cache as shared

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_counts_from_one(cache_backend: str) -> None:
    assert shared.count("c:one", 60) == 1
    assert shared.count("c:one", 60) == 2
    assert cache.get("c:one") == 2
    assert shared.count("c:other", 60) == 1


def test_it_counts_every_count_of_parallel_threads(cache_backend: str) -> None:
    threads_n, counts_n = 6, 15
    seen: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(threads_n)

    def work() -> None:
        try:
            start.wait()
            mine = [shared.count("c:burst", 60) for _ in range(counts_n)]
            with lock:
                seen.extend(mine)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = threads_n * counts_n
    # Every count saw a number no other count saw: none was lost to a read-then-write race.
    assert sorted(seen) == list(range(1, total + 1))
    assert cache.get("c:burst") == total


def test_it_keeps_a_counters_window_while_counting(cache_backend: str) -> None:
    if cache_backend == "redis":
        shared.count("c:window", 60)
        shared.count("c:window", 600)
        client = caches["default"]._cache.get_client(None)  # type: ignore[attr-defined]
        ttl = client.ttl(caches["default"].make_key("c:window"))
        assert 0 < ttl <= 60
        return
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        shared.count("c:window", 60)
        clock.shift(dt.timedelta(seconds=50))
        assert shared.count("c:window", 60) == 2  # not a new window of 60 s
        assert cache.incr("c:window") == 3
        clock.shift(dt.timedelta(seconds=11))
        assert cache.get("c:window") is None
        assert shared.count("c:window", 60) == 1


def test_its_incr_and_decr_act_on_live_keys_only(cache_backend: str) -> None:
    with pytest.raises(ValueError, match="not found"):
        cache.incr("c:missing")
    assert cache.get("c:missing") is None
    cache.set("c:n", 5, 60)
    assert cache.incr("c:n") == 6
    assert cache.incr("c:n", 10) == 16
    assert cache.decr("c:n") == 15
    assert cache.get("c:n") == 15


def test_it_keeps_other_values_as_the_cache_always_did(cache_backend: str) -> None:
    body = b"BEGIN:VCALENDAR\r\n"
    cache.set("c:body", body, 60)
    assert cache.get("c:body") == body
    assert cache.add("c:body", b"other", 60) is False
    cache.delete("c:body")
    assert cache.get("c:body") is None


def test_migrate_makes_the_cache_table_and_does_not_mind_it_being_there(settings: Any) -> None:
    table = settings.CACHES["default"]["LOCATION"]
    assert table == "fireside_cache"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    assert table not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert table in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert shared.count("c:after-migrate", 60) == 1
