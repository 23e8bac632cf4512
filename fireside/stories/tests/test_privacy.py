"""A story reaches exactly the people its author chose.

Marker strings go into three of Mina's stories — private, shared with the group, shared
with the program — and every page and API read in the guard test's tables, the admin and
every export are produced for every persona, and searched. A marker may appear only where
its consent allows, and must appear there (so this test can fail); the program's copy
never appears beside Mina's name.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONAS, World
from fireside.accounts.actions import export_user_data
from fireside.lib.tests.leaks import read
from fireside.lib.tests.test_authorization_guard import _path_values, read_every_get
from fireside.stories.models import Story
from fireside.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db

PRIVATE = "ZQ-PRIVATE-STORY"
GROUP = "ZQ-GROUP-STORY"
PROGRAM = "ZQ-PROGRAM-STORY"
# Who may read each marker (Mina, the author, reads all three).
READERS = {
    PRIVATE: {"member"},
    GROUP: {"member", "facilitator"},
    PROGRAM: {"member", "coordinator"},
}


def _seed(world: World) -> dict[str, Any]:
    values = _path_values(world)
    Story.objects.filter(pk=values["story_id"]).delete()  # the guard's story: not needed here
    make_story(world.member, world.community, title="Mine", immediate=PRIVATE)
    make_story(world.member, world.community, title="Ours", applied=GROUP, group=True)
    make_story(world.member, world.community, title="Anon", realised=PROGRAM, program=True)
    values["story_id"] = Story.objects.get(title="Mine").pk
    return values


def _crawl(client: Client, world: World, values: dict[str, Any], persona: str) -> dict[str, str]:
    seen, _headers = read_every_get(client, world, values, persona)
    for story in Story.objects.all():  # each story's own page, by id
        url = reverse("stories:story", args=[story.pk])
        seen[url] = read(client.get(url))[0]
    return seen


def test_each_story_reaches_the_people_its_author_chose(client: Client, world: World) -> None:
    values = _seed(world)
    leaks: list[str] = []
    shown: dict[str, set[str]] = {}
    for persona in PERSONAS:
        for where, text in _crawl(client, world, values, persona).items():
            for marker, readers in READERS.items():
                if marker in text:
                    shown.setdefault(marker, set()).add(persona)
                    if persona not in readers:
                        leaks.append(f"{marker} shown to {persona} in {where}")
                if marker == PROGRAM and persona == "coordinator" and marker in text:
                    assert "Mina" not in text, where  # anonymous means no name beside it
    assert leaks == []
    assert shown == READERS  # and each reader did reach it


def test_the_admin_shows_no_words(client: Client, world: World) -> None:
    _seed(world)
    story = Story.objects.get(title="Anon")
    world.staff.is_superuser = True
    world.staff.save()
    client.force_login(world.staff)
    for url in (
        "/admin/stories/story/",
        f"/admin/stories/story/{story.pk}/change/",
        f"/admin/stories/story/{story.pk}/delete/",
        "/admin/stories/story/?q=ZQ",
        "/admin/audit/auditevent/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "ZQ-" not in text and "Anon" not in text, url
    change = client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()
    assert "Mina Member" in change and "realised" in change  # the shape is there
    assert client.get("/admin/stories/story/add/").status_code == 403


def test_exports_hold_ones_own_stories_only(world: World) -> None:
    _seed(world)
    for persona in PERSONAS[1:]:
        exported = str(export_user_data(user=world.persona(persona)))
        found = {m for m in READERS if m in exported}
        assert found == (set(READERS) if persona == "member" else set()), persona
