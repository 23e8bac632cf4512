"""On SQLite the full-text index holds each entry's community, and a search asks it for
matches inside the reader's groups only. Words still match titles and bodies alone."""

from __future__ import annotations

import pytest
from django.db import connection

from conftest import World
from fireside.conversations import actions as talk
from fireside.demo.factories import make_member
from fireside.search.query import search

pytestmark = pytest.mark.django_db


def test_a_groups_number_is_not_a_word_in_it(world: World) -> None:
    talk.check_start_thread(
        author=world.member, community=world.community, title="Snack", body="Apples", kind="idea"
    )
    assert search(world.member, str(world.community.pk)) == []
    assert [h.title for h in search(world.member, "apples")] == ["Snack"]


def test_the_index_answers_for_the_readers_groups_only(world: World) -> None:
    other = make_member(world.other_community)
    for community, author in ((world.community, world.member), (world.other_community, other)):
        talk.check_start_thread(
            author=author, community=community, title="Puddles", body="Boots", kind="idea"
        )
    assert {h.community for h in search(world.member, "puddles")} == {world.community.pk}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
                [f'"puddles" AND community_id : {world.other_community.pk}'],
            )
            assert cursor.fetchone()[0] == 1
