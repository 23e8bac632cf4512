from __future__ import annotations

import pytest

from fireside.lib import ratelimit

pytestmark = pytest.mark.django_db


def test_it_allows_the_limit_then_refuses(cache_backend: str) -> None:
    assert [ratelimit.attempt("t", "a@example.org", 3, 60) for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert ratelimit.is_limited("t", "A@example.org", 3)  # the ident's case does not matter
    assert not ratelimit.is_limited("t", "b@example.org", 3)


def test_a_refused_attempt_is_not_counted_and_a_refund_gives_one_back(
    cache_backend: str,
) -> None:
    for _ in range(2):
        assert ratelimit.attempt("t", "x", 2, 60)
    assert not ratelimit.attempt("t", "x", 2, 60)
    ratelimit.refund("t", "x")
    # Back under the limit by exactly one: refused attempts left no trace.
    assert ratelimit.attempt("t", "x", 2, 60)
    assert not ratelimit.attempt("t", "x", 2, 60)


def test_failures_noted_after_the_fact_count_towards_the_same_limit(cache_backend: str) -> None:
    ratelimit.note_failure("t", "y", 60)
    ratelimit.note_failure("t", "y", 60)
    assert ratelimit.is_limited("t", "y", 2)
    assert not ratelimit.attempt("t", "y", 2, 60)
    ratelimit.clear("t", "y")
    assert not ratelimit.is_limited("t", "y", 2)
    assert ratelimit.attempt("t", "y", 2, 60)


def test_without_an_ident_nothing_is_counted(cache_backend: str) -> None:
    assert all(ratelimit.attempt("t", "", 1, 60) for _ in range(3))
    ratelimit.note_failure("t", "", 60)
    ratelimit.refund("t", "")
    assert not ratelimit.is_limited("t", "", 1)
