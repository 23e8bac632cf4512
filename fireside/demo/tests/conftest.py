"""`bench_routes`: the URLs as a server started with BENCH on builds them, then as usual."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fireside.demo.tests.routing import route_with


@pytest.fixture
def bench_routes(settings: Any) -> Iterator[None]:
    route_with(settings, True)
    yield
    route_with(settings, False)
