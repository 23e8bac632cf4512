"""Cache backends whose counters are atomic across every process that shares them.

Fireside's default cache is shared by all app servers and workers: a table in the database,
or Redis when REDIS_URL is set. Django's own backends count with a read then a write
(DatabaseCache.incr is get + set, and even resets the expiry to the default timeout;
RedisCache.incr checks the key exists, then INCRs it, so a key expiring in between comes back
without an expiry). Two processes counting at once could then both read 4 and both write 5.
These subclasses count in one step the store itself serialises, which `count` uses for the
sign-in limits (fireside.lib.ratelimit).
"""

from __future__ import annotations

import base64
import datetime as dt
import pickle
from typing import Any

from django.core.cache import cache as default_cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import IntegrityError, connections, models, router, transaction
from django.utils import timezone

# Redis runs a script alone, start to end: nothing happens between the INCR and the EXPIRE.
# A counter that somehow lost its expiry gets one again instead of counting forever.
_REDIS_COUNT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('TTL', KEYS[1]) == -1 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return n
"""
_REDIS_INCR = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('INCRBY', KEYS[1], ARGV[1])
"""


class RedisCache(DjangoRedisCache):
    def _client(self, key: str) -> Any:
        return self._cache.get_client(key, write=True)  # type: ignore[attr-defined]

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        made = self.make_and_validate_key(key, version=version)
        value = self._client(made).eval(_REDIS_INCR, 1, made, delta)
        if value is None:
            raise ValueError(f"Key {key!r} not found.")
        return int(value)

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self.incr(key, -delta, version)

    def count(self, key: str, timeout: int) -> int:
        made = self.make_and_validate_key(key)
        return int(self._client(made).eval(_REDIS_COUNT, 1, made, max(1, int(timeout))))


class DatabaseCache(DjangoDatabaseCache):
    """Counting takes the row's write lock first, with an UPDATE that changes nothing: on
    PostgreSQL other transactions wait on that row, on SQLite on the database's one writer,
    until this one commits. The read that follows therefore sees the latest count.

    The count is written on the request's connection: a caller inside a transaction that
    rolls back loses it, so the limiters count outside `transaction.atomic`."""

    def _sql(self, connection: Any) -> dict[str, str]:
        q = connection.ops.quote_name
        return {
            "table": q(self._table),  # type: ignore[attr-defined]
            "key": q("cache_key"),
            "value": q("value"),
            "expires": q("expires"),
        }

    def _encode(self, value: Any) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def _locked_row(self, cursor: Any, connection: Any, key: str) -> tuple[Any, dt.datetime] | None:
        """The row's value and expiry, write-locked until the transaction ends; None when
        there is no row."""
        s = self._sql(connection)
        cursor.execute(
            f"UPDATE {s['table']} SET {s['expires']} = {s['expires']} WHERE {s['key']} = %s",  # noqa: S608
            [key],
        )
        if cursor.rowcount == 0:
            return None
        cursor.execute(
            f"SELECT {s['value']}, {s['expires']} FROM {s['table']} WHERE {s['key']} = %s",  # noqa: S608
            [key],
        )
        raw, expires = cursor.fetchone()
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression)
        for converter in converters + expression.get_db_converters(connection):
            expires = converter(expires, expression, connection)
        raw = connection.ops.process_clob(raw)
        return pickle.loads(base64.b64decode(raw.encode())), expires  # noqa: S301

    def _write(self, cursor: Any, connection: Any, key: str, value: Any, **expiry: Any) -> None:
        s = self._sql(connection)
        if "expires" in expiry:
            cursor.execute(
                f"UPDATE {s['table']} SET {s['value']} = %s, {s['expires']} = %s "  # noqa: S608
                f"WHERE {s['key']} = %s",
                [self._encode(value), self._expiry(connection, expiry["expires"]), key],
            )
        else:
            cursor.execute(
                f"UPDATE {s['table']} SET {s['value']} = %s WHERE {s['key']} = %s",  # noqa: S608
                [self._encode(value), key],
            )

    def _expiry(self, connection: Any, timeout: int) -> Any:
        at = (timezone.now() + dt.timedelta(seconds=timeout)).replace(microsecond=0)
        return connection.ops.adapt_datetimefield_value(at)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        made = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db), connection.cursor() as cursor:
            row = self._locked_row(cursor, connection, made)
            if row is None or row[1] < timezone.now():
                raise ValueError(f"Key {key!r} not found.")
            value = row[0] + delta
            self._write(cursor, connection, made, value)  # the expiry stays as it was
        return int(value)

    def count(self, key: str, timeout: int) -> int:
        made = self.make_and_validate_key(key)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        s = self._sql(connection)
        for _attempt in range(3):
            try:
                with transaction.atomic(using=db), connection.cursor() as cursor:
                    row = self._locked_row(cursor, connection, made)
                    if row is None:
                        # A racing first count inserts too: one of them fails on the key's
                        # uniqueness, and counts again on the row the other made.
                        cursor.execute(
                            f"INSERT INTO {s['table']} ({s['key']}, {s['value']}, "  # noqa: S608
                            f"{s['expires']}) VALUES (%s, %s, %s)",
                            [made, self._encode(1), self._expiry(connection, timeout)],
                        )
                        return 1
                    value, expires = row
                    if expires < timezone.now() or not isinstance(value, int):
                        self._write(cursor, connection, made, 1, expires=timeout)
                        return 1
                    self._write(cursor, connection, made, value + 1)
                    return value + 1
            except IntegrityError:
                continue
        raise RuntimeError(f"Could not count {key!r}: the row kept changing.")


def count(key: str, timeout: int, backend: BaseCache | None = None) -> int:
    """Add one to the counter at `key` in the cache and return the new count, atomically
    across processes. A new counter lasts `timeout` seconds; counting does not extend it."""
    target: Any = backend if backend is not None else default_cache
    counter = getattr(target, "count", None)
    if counter is not None:
        return int(counter(key, timeout))
    # Other backends (e.g. a LocMemCache in a one-process setup): add, else incr; a counter
    # that expires between the two is added again.
    for _attempt in range(3):
        if target.add(key, 1, timeout):
            return 1
        try:
            return int(target.incr(key))
        except ValueError:
            continue
    raise RuntimeError(f"Could not count {key!r}.")
