"""Erasure leaves nothing that names the person: a scan of every text column of every table,
after every app wrote its content through its own actions, finds neither their name nor
their address; what others wrote beside them shows "A former member"."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.actions import do_erase_user
from fireside.conversations.models import Recognition, Thread
from fireside.demo.factories import UserFactory
from fireside.lib.tests.leaks import Seeded, seed_markers

WORDS = (models.CharField, models.TextField, models.JSONField)

# Seeded content that was for its writer alone: nobody may read it once they are gone.
THEIRS_ALONE = {
    "member": [
        "mentoring.connection_note",
        "mentoring.reflection_body",
        "mentoring.reflection_anything_else",
        "gatherings.feedback_comment",
    ],
    "stranger": ["communities.left_reason"],
}


@dataclasses.dataclass
class SeededWorld(World):
    stranger: Any = None


@pytest.fixture
def seeded(
    world: World, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> tuple[SeededWorld, Seeded]:
    settings.MEDIA_ROOT = tmp_path
    full = SeededWorld(**vars(world), stranger=UserFactory(name="Sid Stranger"))
    with django_capture_on_commit_callbacks(execute=True):
        markers = seed_markers(full)
    return full, markers


def every_text_value() -> list[tuple[str, str]]:
    """(table.column, value) for every text or JSON column of every installed model."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, WORDS):
                continue
            where = f"{model._meta.db_table}.{field.column}"
            for value in model._default_manager.values_list(field.name, flat=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found.append((where, text))
    return found


def test_the_scan_reads_every_table(seeded: tuple[SeededWorld, Seeded]) -> None:
    """The scan would see a name where the apps put one, so its silence below means something."""
    tables = {where.split(".")[0] for where, text in every_text_value() if "Mina Member" in text}
    assert "accounts_user" in tables
    # Notifications name people by reference, worded when read: no stored copy of a name.
    assert "notifications_notification" not in tables


@pytest.mark.parametrize("persona", ["member", "mentor", "facilitator", "stranger"])
def test_it_leaves_no_trace_of_an_erased_person(
    seeded: tuple[SeededWorld, Seeded], persona: str
) -> None:
    world, markers = seeded
    person = getattr(world, persona)
    needles = [person.name, person.email]
    alone = [markers.markers[key] for key in THEIRS_ALONE.get(persona, [])]

    do_erase_user(user=person)

    left = [
        f"{where}: {text[:80]!r}"
        for where, text in every_text_value()
        for needle in needles + alone
        if needle.lower() in text.lower()
    ]
    assert not left


def test_what_others_wrote_beside_them_shows_a_former_member(
    seeded: tuple[SeededWorld, Seeded],
) -> None:
    world, _markers = seeded
    fay = Client()
    fay.force_login(world.facilitator)
    thread = Thread.objects.filter(author=world.member).earliest("pk")
    given = Recognition.objects.get(from_user=world.member)
    pages = [
        reverse("conversations:thread", kwargs={"thread_id": thread.pk}),
        reverse("conversations:recognition", kwargs={"community_id": given.community_id}),
        reverse("gatherings:debrief", kwargs={"gathering_id": world.gathering.pk}),
    ]

    do_erase_user(user=world.member)
    do_erase_user(user=world.mentor)

    for url in pages:
        page = fay.get(url).content.decode()
        assert "A former member" in page, url
        for name in ("Mina Member", "Meg Mentor", "member@example.org", "mentor@example.org"):
            assert name not in page, (url, name)
