"""Slow work done once when several requests ask for it at the same moment.

A double click on "Download as PDF" sends two requests; each used to draw the same report.
`shared_result` lets the first one draw it under a short lock in the shared cache
(`cache.add` succeeds for one caller only, on every app server), and the others wait for
its result instead of drawing a second copy. The result is kept a little while, so a click
just after the first download gets the same bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache


class StillWorking(Exception):
    """The same work has been under way for longer than a caller would wait."""


def shared_result(
    key: str,
    make: Callable[[], bytes],
    *,
    keep_seconds: int = 60,
    wait_seconds: float = 30,
    poll_seconds: float = 0.25,
) -> bytes:
    """`make()`'s result for `key`, made by one caller at a time and kept `keep_seconds`."""
    result_key, lock_key = f"once:{key}:result", f"once:{key}:lock"
    deadline = time.monotonic() + wait_seconds
    while True:
        made = cache.get(result_key)
        if made is not None:
            return bytes(made)
        # The lock outlives a crashed maker only by its timeout, never forever.
        if cache.add(lock_key, 1, timeout=int(wait_seconds) + 30):
            try:
                made = make()
                cache.set(result_key, made, keep_seconds)
                return made
            finally:
                cache.delete(lock_key)
        if time.monotonic() >= deadline:
            raise StillWorking(key)
        time.sleep(poll_seconds)
