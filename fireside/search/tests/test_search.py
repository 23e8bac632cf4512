"""Search finds what a person may read, and nothing else, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.conversations import actions as talk
from fireside.demo.factories import make_member
from fireside.gatherings import scheduling
from fireside.search.query import search

pytestmark = pytest.mark.django_db


def _post(world: World, community: Any, author: Any, title: str, body: str) -> Any:
    return talk.check_start_thread(
        author=author, community=community, title=title, body=body, kind="idea"
    )


def test_it_finds_threads_and_replies_with_marked_snippets(world: World) -> None:
    thread = _post(world, world.community, world.member, "Outdoor play", "We built a mud kitchen")
    talk.check_reply(author=world.facilitator, thread=thread, body="Mud kitchens need aprons")
    hits = search(world.member, "kitchen")
    assert {(h.type, h.id) for h in hits} == {
        ("thread", thread.pk),
        ("reply", thread.replies.get().pk),
    }
    assert all("<mark>" in h.snippet for h in hits)
    # Stemming: "kitchens" finds "kitchen".
    assert len(search(world.member, "kitchens")) == 2


def test_it_never_returns_another_community_s_content(world: World) -> None:
    _post(world, world.community, world.member, "Secret", "sandbox confidential story")
    other = make_member(world.other_community)
    _post(world, world.other_community, other, "Elsewhere", "sandbox rules")
    assert {h.title for h in search(world.member, "sandbox")} == {"Secret"}
    assert {h.title for h in search(other, "sandbox")} == {"Elsewhere"}
    for outsider in (world.waitlisted, world.coordinator, world.mentor, world.staff):
        assert search(outsider, "sandbox") == []


def test_hidden_posts_drop_out_and_come_back(world: World) -> None:
    thread = _post(world, world.community, world.member, "Names", "tambourine circle")
    talk.do_hide(actor=world.facilitator, post=thread, reason="names a child")
    assert search(world.facilitator, "tambourine") == []
    talk.do_unhide(actor=world.facilitator, post=thread)
    assert len(search(world.facilitator, "tambourine")) == 1


def test_edits_are_searchable(world: World) -> None:
    thread = _post(world, world.community, world.member, "Draft", "first words")
    talk.check_edit_post(author=world.member, post=thread, title="Draft", body="xylophone")
    assert search(world.member, "first") == []
    assert len(search(world.member, "xylophone")) == 1


def test_gathering_notes_are_searchable(world: World) -> None:
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=world.gathering,
        changes={"notes": "We tried the puppet theatre", "action_points": ["Bring scarves"]},
    )
    [hit] = search(world.member, "puppet")
    assert (hit.type, hit.id) == ("gathering", world.gathering.pk)
    assert len(search(world.member, "scarves")) == 1


@pytest.mark.parametrize(
    "q", ['"', "a OR b", "NEAR(a b)", "*", "title:x", "-", "(", "'; DROP TABLE x; --", "🔥"]
)
def test_query_syntax_is_never_interpreted(world: World, q: str) -> None:
    _post(world, world.community, world.member, "Any", "plain text body")
    assert isinstance(search(world.member, q), list)


def test_the_api_answers_in_the_contract_shape(client: Client, world: World) -> None:
    thread = _post(world, world.community, world.member, "Loose parts", "bottle caps and corks")
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.member)}"}
    body = client.get("/api/v1/search?q=corks", headers=headers).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert {k: item[k] for k in ("type", "id", "title", "community")} == {
        "type": "thread",
        "id": thread.pk,
        "title": "Loose parts",
        "community": world.community.pk,
    }
    assert "<mark>corks</mark>" in item["snippet"]
    assert client.get("/api/v1/search?q=", headers=headers).json() == {"count": 0, "items": []}
    assert client.get("/api/v1/search", {"q": "x" * 201}, headers=headers).status_code == 400
    assert client.get("/api/v1/search?q=corks").status_code == 401


def test_snippets_escape_what_members_wrote(world: World) -> None:
    _post(world, world.community, world.member, "Tags", "gloves <b>bold</b> & more")
    [hit] = search(world.member, "gloves")
    assert "<b>" not in hit.snippet  # escaped on SQLite; PostgreSQL drops tags itself


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=60))
def test_no_query_is_a_500(client: Client, world: World, q: str) -> None:
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.member)}"}
    response = client.get("/api/v1/search", {"q": q}, headers=headers)
    assert response.status_code in (200, 400), response.content
    json.loads(response.content)
