"""Counting attempts in the shared cache, to slow down guessing.

Every app server and worker counts in the same store (the database's cache table, or Redis)
and each count is one atomic step there (fireside.lib.cache.count). An attempt is counted
*before* the expensive check it guards: of a burst of parallel guesses, only the first
`limit` reach the check, and the others are refused without it.

Counts are written outside any transaction that may roll back: with the database cache, a
count made inside a rolled-back `transaction.atomic` would be undone with it.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.core.cache import cache

from fireside.lib.cache import count


def _key(scope: str, ident: str) -> str:
    return f"rl:{scope}:{hashlib.sha256(ident.lower().encode()).hexdigest()}"


def is_limited(scope: str, ident: str, limit: int) -> bool:
    return bool(ident) and (cache.get(_key(scope, ident)) or 0) >= limit


def attempt(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False when it is over the limit (it is then not counted: a refused
    attempt never reached the check). Without an ident there is nothing to count."""
    if not ident:
        return True
    if count(_key(scope, ident), window_seconds) <= limit:
        return True
    refund(scope, ident)
    return False


def refund(scope: str, ident: str) -> None:
    """Take back one counted attempt (it was not a guess after all, e.g. the password was
    right)."""
    if not ident:
        return
    with contextlib.suppress(ValueError):  # the window has passed: nothing to take back
        cache.decr(_key(scope, ident))


def note_failure(scope: str, ident: str, window_seconds: int) -> None:
    """Count a failure after the fact (for checks cheap enough not to count first)."""
    if ident:
        count(_key(scope, ident), window_seconds)


def clear(scope: str, ident: str) -> None:
    cache.delete(_key(scope, ident))
