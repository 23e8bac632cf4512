"""The client address for per-client limits comes from a header only through a trusted proxy."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from fireside.lib.env import trusted_proxies
from fireside.lib.http import client_ip


def _ip(remote: str, forwarded: str | None = None) -> str:
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_it_ignores_a_forwarded_header_without_trusted_proxies(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    assert _ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_it_ignores_a_spoofed_forwarded_header_from_an_untrusted_client(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _ip("203.0.113.9", "198.51.100.1, 10.0.0.5") == "203.0.113.9"


def test_it_takes_the_real_client_from_a_trusted_proxy_chain(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.7"]
    # The client made up the left-most entry; the proxies appended the real address and
    # their own.
    chain = "1.2.3.4, 198.51.100.23, 192.0.2.7, 10.1.2.3"
    assert _ip("10.0.0.1", chain) == "198.51.100.23"
    assert _ip("10.0.0.1", "2001:db8::1") == "2001:db8::1"


@pytest.mark.parametrize("forwarded", ["", "not-an-ip", "198.51.100.23, junk", "10.0.0.2"])
def test_it_falls_back_to_the_proxy_address_on_junk_or_nothing(
    settings: Any, forwarded: str
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _ip("10.0.0.1", forwarded) == "10.0.0.1"


def test_it_refuses_junk_in_the_setting() -> None:
    assert trusted_proxies(["10.0.0.1", "2001:db8::/32"]) == ["10.0.0.1/32", "2001:db8::/32"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        trusted_proxies(["10.0.0.0/33"])
