"""Build the URLs again as a server starting with BENCH on or off would."""

from __future__ import annotations

import importlib
from typing import Any

from django.urls import clear_url_caches

import fireside.urls


def route_with(settings: Any, bench: bool) -> None:
    """The benchmark's routes exist only when BENCH is on at start-up (fireside/urls.py)."""
    settings.BENCH = bench
    importlib.reload(fireside.urls)
    clear_url_caches()
