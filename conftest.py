"""Personas shared by every test: one small world with a person in each standing."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import caches
from django.utils import timezone, translation

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright in pytest-django

from fireside.demo.factories import (
    PASSWORD,
    CommunityFactory,
    GatheringFactory,
    MembershipFactory,
    ProgramFactory,
    UserFactory,
    make_member,
    make_program_staff,
)


@pytest.fixture(autouse=True)
def _fast_and_immediate(request: pytest.FixtureRequest, settings: Any) -> Iterator[None]:
    # Each test starts in English, whatever language an earlier test in this process left
    # active (in parallel runs, the order of tests differs from run to run).
    translation.activate(settings.LANGUAGE_CODE)
    caches["fragments"].clear()  # ids are reused once a test's rows are rolled back
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "http://testserver"
    # The default cache is a table in the test database: only tests that use the database
    # can reach it (and need it emptied: a transactional test's entries are not rolled back).
    if "_django_db_helper" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
        from django.core.cache import cache

        cache.clear()
    yield
    translation.deactivate()


def redis_test_location() -> tuple[str, str]:
    """Where the Redis tests keep their keys: REDIS_TEST_URL, else a database of its own for
    each pytest-xdist worker (1 for gw0, 2 for gw1...), and a key prefix naming the worker,
    so that workers never clear each other's keys."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    index = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    url = os.environ.get("REDIS_TEST_URL") or f"redis://127.0.0.1:6379/{1 + index}"
    return url, f"fireside-test-{worker}"


def _delete_prefixed(client: Any, prefix: str) -> None:
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        client.delete(*keys)


@pytest.fixture(params=["database", "redis"])
def cache_backend(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    """The shared cache the test runs against: the database's cache table (the default),
    then Redis. Without a reachable Redis the Redis run is skipped, or fails under CI."""
    if request.param == "database":
        yield "database"
        return
    import redis

    url, prefix = redis_test_location()
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        reason = f"Redis at {url} is unreachable ({exc}): start redis-server or set REDIS_TEST_URL."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    _delete_prefixed(client, prefix)
    settings.CACHES = {
        "default": {
            "BACKEND": "fireside.lib.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield "redis"
    _delete_prefixed(client, prefix)
    client.close()


@dataclass
class World:
    program: Any
    community: Any
    other_community: Any
    outsider: Any
    waitlisted: Any
    member: Any
    facilitator: Any
    mentor: Any
    coordinator: Any
    staff: Any
    gathering: Any  # of `community`, begun an hour ago

    def persona(self, name: str) -> Any:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = [
    "anonymous",
    "outsider",
    "waitlisted",
    "member",
    "facilitator",
    "mentor",
    "coordinator",
    "staff",
]


@pytest.fixture
def world(db: Any) -> World:
    program = ProgramFactory()
    community = CommunityFactory(program=program, capacity=6)
    other = CommunityFactory(program=program, name="Another circle")
    member = make_member(community, UserFactory(email="member@example.org", name="Mina Member"))
    facilitator = make_member(
        community,
        UserFactory(email="facilitator@example.org", name="Fay Facilitator"),
        "facilitator",
    )
    waitlisted = UserFactory(email="waitlisted@example.org", name="Walt Waiting")
    MembershipFactory(community=community, user=waitlisted, status="waitlisted", joined_on=None)
    gathering = GatheringFactory(
        community=community, starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    return World(
        gathering=gathering,
        program=program,
        community=community,
        other_community=other,
        outsider=make_member(
            other, UserFactory(email="outsider@example.org", name="Otto Outsider")
        ),
        waitlisted=waitlisted,
        member=member,
        facilitator=facilitator,
        mentor=make_program_staff(
            program, "mentor", UserFactory(email="mentor@example.org", name="Meg Mentor")
        ),
        coordinator=make_program_staff(
            program, "coordinator", UserFactory(email="coordinator@example.org", name="Cora Coord")
        ),
        staff=UserFactory(email="staff@example.org", name="Stan Staff", is_staff=True),
    )


@pytest.fixture
def password() -> str:
    return PASSWORD


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Any:
    """Debian's Chromium driven by Playwright. Missing Chromium fails the test: never a skip."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser: Any) -> Any:
    """A page the size of a small phone (360 px wide)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()
