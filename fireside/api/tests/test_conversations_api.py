"""Threads and replies through the API, with fixed query counts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.conversations import actions
from fireside.conversations.models import Reply, Thread
from fireside.demo.factories import make_member

pytestmark = pytest.mark.django_db


def call(client: Client, method: str, url: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_a_member_starts_a_thread_and_gets_safe_html(client: Client, world: World) -> None:
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/threads",
        world.member,
        {"title": "Mud kitchen", "body": "**Yes!** <script>x</script>", "kind": "success"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "title", "kind", "body", "body_html", "author", "created_at"} <= set(body)
    assert body["author"] == {"id": world.member.pk, "name": "Mina Member"}
    assert "<strong>Yes!</strong>" in body["body_html"]
    assert "<script" not in body["body_html"]


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "t", "body": "b", "kind": "gossip"},
        {"title": "", "body": "b", "kind": "idea"},
        {"title": "t", "body": "", "kind": "idea"},
        {"title": "t", "kind": "idea"},
        {"title": ["t"], "body": "b", "kind": "idea"},
    ],
)
def test_bad_threads_are_400(client: Client, world: World, payload: dict[str, Any]) -> None:
    response = call(
        client, "POST", f"/api/v1/communities/{world.community.pk}/threads", world.member, payload
    )
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)
    assert not Thread.objects.exists()


def test_replies_and_the_thread_page(client: Client, world: World) -> None:
    thread = actions.check_start_thread(
        author=world.member, community=world.community, title="Q", body="b", kind="question"
    )
    created = call(
        client, "POST", f"/api/v1/threads/{thread.pk}/replies", world.facilitator, {"body": "A"}
    )
    assert created.status_code == 201
    assert created.json()["thread"] == thread.pk
    page = call(client, "GET", f"/api/v1/threads/{thread.pk}", world.member).json()
    assert [r["body"] for r in page["replies"]] == ["A"]
    assert page["settled"] is False
    assert (
        call(client, "POST", f"/api/v1/threads/{thread.pk}/replies", world.member, {}).status_code
        == 400
    )


def test_hidden_posts_are_seen_only_by_their_author_and_the_facilitators(
    client: Client, world: World
) -> None:
    other = make_member(world.community)
    thread = actions.check_start_thread(
        author=world.member, community=world.community, title="Q", body="b", kind="idea"
    )
    reply = actions.check_reply(author=world.member, thread=thread, body="names a child")
    actions.do_hide(actor=world.facilitator, post=reply, reason="Names a child")
    seen = {
        who: call(client, "GET", f"/api/v1/threads/{thread.pk}", user).json()["replies"][0]
        for who, user in (("author", world.member), ("fac", world.facilitator), ("other", other))
    }
    assert seen["author"]["body"] == seen["fac"]["body"] == "names a child"
    assert seen["other"]["body"] == "" and seen["other"]["hidden"] is True
    actions.do_hide(actor=world.facilitator, post=thread, reason="Off topic")
    assert call(client, "GET", f"/api/v1/threads/{thread.pk}", other).status_code == 404
    listed = call(client, "GET", f"/api/v1/communities/{world.community.pk}/threads", other)
    assert listed.json()["count"] == 0
    mine = call(client, "GET", f"/api/v1/communities/{world.community.pk}/threads", world.member)
    assert mine.json()["count"] == 1


def _fill(world: World, threads: int, replies: int) -> Thread:
    authors = [make_member(world.community) for _ in range(3)] + [world.member]
    last = None
    for i in range(threads):
        last = actions.check_start_thread(
            author=authors[i % 4], community=world.community, title=f"T{i}", body="b", kind="idea"
        )
        for j in range(replies):
            actions.check_reply(author=authors[j % 4], thread=last, body=f"r{j}")
    assert last is not None
    return last


def test_the_thread_list_has_a_fixed_query_count(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    world.community.capacity = 12
    world.community.save()
    _fill(world, threads=2, replies=1)
    token = ApiToken.issue(world.member)
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})  # "last used": noted
    url = f"/api/v1/communities/{world.community.pk}/threads"
    # token, community, membership, agreement, roles, program staff, count, page
    with django_assert_num_queries(8):
        small = client.get(url, headers={"Authorization": f"Bearer {token}"})
    _fill(world, threads=10, replies=4)
    with django_assert_num_queries(8):
        large = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert small.json()["count"] == 2 and large.json()["count"] == 12


def test_the_thread_page_has_a_fixed_query_count(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    world.community.capacity = 12
    world.community.save()
    few = _fill(world, threads=1, replies=1)
    many = _fill(world, threads=1, replies=25)
    token = ApiToken.issue(world.member)
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})  # "last used": noted
    # token, thread (+author, community, program), replies (+authors), membership,
    # agreement, roles, program staff
    for thread in (few, many):
        with django_assert_num_queries(7):
            response = client.get(
                f"/api/v1/threads/{thread.pk}", headers={"Authorization": f"Bearer {token}"}
            )
        assert len(response.json()["replies"]) == Reply.objects.filter(thread=thread).count()
