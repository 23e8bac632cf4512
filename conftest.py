"""Personas shared by every test: one small world with a person in each standing."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright in pytest-django

from fireside.lib.factories import (
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
def _fast_and_immediate(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "http://testserver"
    from django.core.cache import cache

    cache.clear()


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
