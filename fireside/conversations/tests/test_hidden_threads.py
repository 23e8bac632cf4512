"""A hidden thread, or a thread's earlier title, reaches nobody through its replies: not
through search, notifications, digests, or a reply's own pages (security finding 1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.actions import do_erase_user
from fireside.accounts.models import ApiToken
from fireside.conversations import actions as talk
from fireside.conversations.models import Reply, Thread
from fireside.notifications.actions import send_digests
from fireside.notifications.models import Delivery, Notification, Preference

pytestmark = pytest.mark.django_db

TITLE = "Zanzibar quarrel"


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _thread_with_reply(world: World) -> tuple[Thread, Reply]:
    thread = talk.check_start_thread(
        author=world.facilitator, community=world.community, title=TITLE, body="?", kind="idea"
    )
    reply = talk.check_reply(author=world.member, thread=thread, body="Cardamom answer")
    return thread, reply


def _hidden(world: World) -> tuple[Thread, Reply]:
    thread, reply = _thread_with_reply(world)
    talk.do_hide(actor=world.facilitator, post=thread, reason="Off topic")
    return thread, reply


def _search_web(client: Client, q: str) -> str:
    return client.get(reverse("search:search"), {"q": q}).content.decode()


def _search_api(user: Any, q: str) -> dict[str, Any]:
    token = ApiToken.issue(user)
    response = Client().get(
        "/api/v1/search", {"q": q}, headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_it_finds_nothing_of_a_hidden_thread_through_its_replies(
    client: Client, world: World
) -> None:
    _thread_with_reply(world)
    client.force_login(world.member)
    # The search box shows the query back: ask in lower case, look for the capitals.
    assert "Zanzibar" in _search_web(client, "zanzibar")  # the attack needs it visible first
    talk.do_hide(actor=world.facilitator, post=Thread.objects.get(), reason="Off topic")
    assert "Zanzibar" not in _search_web(client, "zanzibar")
    assert "Cardamom" not in _search_web(client, "cardamom")
    assert _search_api(world.member, "Zanzibar")["count"] == 0
    assert _search_api(world.member, "Cardamom")["count"] == 0


def test_it_finds_the_replies_again_with_the_thread_once_restored(world: World) -> None:
    thread, reply = _hidden(world)
    talk.do_unhide(actor=world.facilitator, post=thread)
    found = _search_api(world.member, "Cardamom")["items"]
    assert [(h["type"], h["id"], h["title"]) for h in found] == [("reply", reply.pk, TITLE)]


def test_an_edited_titles_old_words_are_not_found(world: World) -> None:
    thread, reply = _thread_with_reply(world)
    talk.check_edit_post(author=world.facilitator, post=thread, body="?", title="Gentle weather")
    assert _search_api(world.member, "Zanzibar")["count"] == 0
    items = _search_api(world.member, "Cardamom")["items"]
    assert [(h["id"], h["title"]) for h in items] == [(reply.pk, "Gentle weather")]


def test_a_reply_under_a_hidden_thread_is_a_404_for_members(client: Client, world: World) -> None:
    _thread, reply = _hidden(world)
    client.force_login(world.member)  # the reply's own author
    for name in ("edit", "flag"):
        url = reverse(f"conversations:{name}", kwargs={"kind": "reply", "post_id": reply.pk})
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"body": "x", "reason": "x"}).status_code == 404, name
    assert not reply.flags.exists()
    # The facilitators see hidden posts, as on the thread's own page.
    client.force_login(world.facilitator)
    flag = reverse("conversations:flag", kwargs={"kind": "reply", "post_id": reply.pk})
    assert client.get(flag).status_code == 200


def test_notifications_never_show_a_hidden_threads_title(client: Client, world: World) -> None:
    _hidden(world)
    client.force_login(world.member)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert Notification.objects.filter(user=world.member, kind="new_thread").exists()
    assert "Zanzibar" not in page
    assert "A new conversation in your group" in page
    assert not Notification.objects.filter(text__contains="Zanzibar").exists()


def test_notifications_show_the_live_title_not_an_edited_one(client: Client, world: World) -> None:
    thread, _reply = _thread_with_reply(world)
    talk.check_edit_post(author=world.facilitator, post=thread, body="?", title="Gentle weather")
    client.force_login(world.facilitator)  # told of the reply
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Mina Member replied to “Gentle weather”" in page
    assert "Zanzibar" not in page


def test_digests_leave_out_a_hidden_threads_title(world: World, commits: Any) -> None:
    _hidden(world)
    mail.outbox.clear()
    with commits():
        assert send_digests(period=Delivery.DAILY) == 1  # the member's daily new-thread news
    [email] = mail.outbox
    assert email.to == [world.member.email]
    assert "Zanzibar" not in email.body
    assert "A new conversation in your group" in email.body


def test_an_erased_persons_name_leaves_the_notifications(client: Client, world: World) -> None:
    Preference.objects.create(
        user=world.facilitator, community=world.community, kind="reply", delivery="none"
    )
    _thread_with_reply(world)
    do_erase_user(user=world.member)
    client.force_login(world.facilitator)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Mina" not in page
    assert f"A former member replied to “{TITLE}”" in page


def _news_for_the_member(world: World) -> None:
    """Of each kind the member hears about: a thread (hidden), a reply, a recognition."""
    _hidden(world)
    mine = talk.check_start_thread(
        author=world.member, community=world.community, title="Mine", body="?", kind="idea"
    )
    talk.check_reply(author=world.facilitator, thread=mine, body="@Mina, yes")
    talk.check_recognise(
        giver=world.facilitator, community=world.community, receiver=world.member, note="Kind"
    )


def test_the_inbox_reads_in_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    client.force_login(world.member)
    url = reverse("notifications:inbox")
    _news_for_the_member(world)
    # session, user, count, the page of notifications (with community and actor), then one
    # query per kind of subject: threads, replies (with threads), recognitions; who
    # facilitates (for the hidden thread), the unread count, their groups (each linked to its
    # email choices).
    with django_assert_num_queries(10):
        page = client.get(url).content.decode()
    assert "Fay Facilitator replied to “Mine”" in page
    assert "Fay Facilitator mentioned you" in page
    assert "Fay Facilitator recognised you: Kind" in page
    for _ in range(3):
        _news_for_the_member(world)
    with django_assert_num_queries(10):
        client.get(url)
