"""The benchmark's floor: off unless BENCH is on; then a fixed answer behind every
middleware (so it carries the same security headers as any page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_is_not_there_outside_benchmarks(client: Client) -> None:
    assert client.get("/bench/floor").status_code == 404


def test_it_answers_ok_through_the_whole_stack(client: Client, settings: Any) -> None:
    settings.BENCH = True
    response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
