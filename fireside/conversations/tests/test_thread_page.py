"""A thread's page: a fixed number of queries however long the thread, and posts served
from the cache that are never stale and never another reader's view."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.conversations import actions, reactions
from fireside.conversations.models import Thread, ThreadRead
from fireside.demo.factories import make_member

pytestmark = pytest.mark.django_db


def _thread(world: World, replies: int) -> Thread:
    thread = actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Tidy-up",
        body="Songs?",
        kind="question",
    )
    people = [world.member, world.facilitator, make_member(world.community)]
    for i in range(replies):
        actions.check_reply(author=people[i % 3], thread=thread, body=f"Reply number {i}")
    return thread


def _page(client: Client, thread: Thread) -> str:
    response = client.get(reverse("conversations:thread", args=[thread.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_fifty_replies_cost_the_same_queries_as_five(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    short, long = _thread(world, 5), _thread(world, 50)
    client.force_login(world.member)
    _page(client, short)
    with CaptureQueriesContext(connection) as for_short:
        _page(client, short)
    # session, user, the reader's draft, thread with its author, community and program,
    # replies with their authors, membership, current agreement, roles, program staff, the
    # group visit, the read marker (read and written), the members named and reacting, the
    # reactions, unread notifications
    with django_assert_max_num_queries(min(len(for_short), 15)):
        html = _page(client, long)
    assert html.count('<article class="post') == 51
    assert "Reply number 49" in html


def test_cached_posts_follow_edits_renames_and_hiding(client: Client, world: World) -> None:
    thread = _thread(world, 3)
    reply = thread.replies.get(body="Reply number 1")  # the facilitator's
    client.force_login(world.member)
    assert "Reply number 1" in _page(client, thread)
    actions.check_edit_post(author=world.facilitator, post=reply, body="Better words")
    html = _page(client, thread)
    assert "Better words" in html and "Reply number 1" not in html
    world.facilitator.name = "Faye Renamed"
    world.facilitator.save()
    assert "Faye Renamed" in _page(client, thread)
    actions.do_hide(actor=world.facilitator, post=reply, reason="Names a child")
    html = _page(client, thread)
    assert "Better words" not in html and "The facilitators have hidden this post." in html
    actions.do_unhide(actor=world.facilitator, post=reply)
    assert "Better words" in _page(client, thread)


def test_readers_never_get_each_others_view_of_a_post(client: Client, world: World) -> None:
    thread = _thread(world, 1)
    reply = thread.replies.get()  # the member's own
    edit = reverse("conversations:edit", args=["reply", reply.pk])
    hide = reverse("conversations:hide", args=["reply", reply.pk])
    flag = reverse("conversations:flag", args=["reply", reply.pk])
    for reader, sees, never in (
        (make_member(world.community), [flag], [edit, hide]),
        (world.member, [edit], [flag, hide]),
        (world.facilitator, [flag, hide], [edit]),
        (make_member(world.community), [flag], [edit, hide]),
    ):
        client.force_login(reader)
        html = _page(client, thread)
        assert all(link in html for link in sees), reader
        assert not any(link in html for link in never), reader


def _article(html: str, reply_pk: int) -> str:
    """The reply's post and its reactions: from its article to the next post."""
    start = html.index(f'id="reply-{reply_pk}"')
    end = html.find('<article class="post', start + 1)
    return html[start : end if end > 0 else len(html)]


def test_two_members_each_get_their_own_page_with_the_cache_warm(
    client: Client, world: World
) -> None:
    """Reactions ("you reacted"), the New divider, language and time zone are each reader's
    own, page after page, with the posts served from the cache after the first render."""
    french = make_member(world.community)
    french.language, french.timezone = "fr-ca", "America/Vancouver"
    french.save()
    world.member.language, world.member.timezone = "en", "America/Halifax"
    world.member.save()
    thread = _thread(world, 0)
    first = actions.check_reply(author=world.facilitator, thread=thread, body="First")
    second = actions.check_reply(author=world.facilitator, thread=thread, body="Second")
    client.force_login(world.member)
    _page(client, thread)  # the member has read up to here
    third = actions.check_reply(author=world.facilitator, thread=thread, body="Third")
    reactions.check_toggle_reaction(user=world.member, post=first, kind="me_too")
    reactions.check_toggle_reaction(user=french, post=second, kind="thank_you")

    def pressed(html: str, reply: Any, kind: str) -> bool:
        button = f'id="reply-{reply.pk}-react-{kind}"'
        part = _article(html, reply.pk)
        return f'{button} class="reaction mine" aria-pressed="true"' in part

    def hour(reply: Any, zone: str) -> str:
        return f"{timezone.localtime(reply.created_at, ZoneInfo(zone)):%H:%M}"

    for _round in range(2):  # the second round finds every shared post in the cache
        client.force_login(world.member)
        html = _page(client, thread)
        assert pressed(html, first, "me_too") and not pressed(html, second, "thank_you")
        # New since the member's last visit: the third reply only.
        divider = html.index('id="first-unread"')
        assert (
            html.index(f'id="reply-{second.pk}"') < divider < html.index(f'id="reply-{third.pk}"')
        )
        assert "Who reacted" in html and "Qui a réagi" not in html
        assert hour(first, "America/Halifax") in _article(html, first.pk)
        client.force_login(french)
        html = _page(client, thread)
        assert pressed(html, second, "thank_you") and not pressed(html, first, "me_too")
        assert 'class="reaction mine"' not in _article(html, first.pk)
        if _round == 0:  # never opened before: everything is new to them
            assert html.index('id="first-unread"') < html.index(f'id="reply-{first.pk}"')
        else:
            assert 'id="first-unread"' not in html
        assert "Qui a réagi" in html and "Who reacted" not in html
        assert hour(first, "America/Vancouver") in _article(html, first.pk)
        assert hour(first, "America/Halifax") not in _article(html, first.pk)
        # The member's first visit marked it read for them; reopen it as never read.
        ThreadRead.objects.filter(user=world.member).update(read_at=second.created_at)


def test_the_authors_and_facilitators_cached_posts_stay_theirs(
    client: Client, world: World
) -> None:
    """Every post comes from the cache now, the reader's own and a facilitator's view too:
    keyed by the reader's relation to the post, so each is only served to its own."""
    thread = _thread(world, 1)
    reply = thread.replies.get()  # the member's own
    edit = reverse("conversations:edit", args=["reply", reply.pk])
    hide = reverse("conversations:hide", args=["reply", reply.pk])
    for reader in (world.member, world.facilitator) * 2:  # both warm the cache first
        client.force_login(reader)
        _page(client, thread)
    client.force_login(make_member(world.community))
    html = _page(client, thread)
    assert edit not in html and hide not in html
    assert "csrfmiddlewaretoken" not in _article(html, reply.pk).split("reactions")[0]
