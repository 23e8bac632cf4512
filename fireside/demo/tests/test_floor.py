"""The benchmark's floor: not routed at all unless BENCH is on (fireside/urls.py includes
fireside/demo/urls.py then); routed, a fixed answer behind every middleware (so it carries
the same security headers as any page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

import fireside.urls
from fireside.demo.tests.routing import route_with

pytestmark = pytest.mark.django_db


def test_it_is_not_routed_outside_benchmarks(client: Client, settings: Any) -> None:
    route_with(settings, False)
    assert not settings.BENCH
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")
    assert client.get("/bench/floor").status_code == 404
    assert not any("bench" in str(p.pattern) for p in fireside.urls.urlpatterns)


@pytest.mark.usefixtures("bench_routes")
def test_it_answers_ok_through_the_whole_stack(client: Client) -> None:
    assert reverse("bench_floor") == "/bench/floor"
    response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def test_switching_it_off_again_unroutes_it(client: Client, settings: Any) -> None:
    route_with(settings, True)
    route_with(settings, False)
    assert client.get("/bench/floor").status_code == 404
