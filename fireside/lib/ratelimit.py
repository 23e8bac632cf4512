"""Counting failures in the cache, to slow down password guessing."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, ident: str) -> str:
    return f"rl:{scope}:{hashlib.sha256(ident.lower().encode()).hexdigest()}"


def is_limited(scope: str, ident: str, limit: int) -> bool:
    return bool(ident) and (cache.get(_key(scope, ident)) or 0) >= limit


def note_failure(scope: str, ident: str, window_seconds: int) -> None:
    if not ident:
        return
    key = _key(scope, ident)
    if cache.add(key, 1, window_seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)


def clear(scope: str, ident: str) -> None:
    cache.delete(_key(scope, ident))
