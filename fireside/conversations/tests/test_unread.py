"""Unread markers per person and thread, and where the THINK check is offered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.accounts.personal_data import erase, export
from fireside.audit.models import AuditEvent
from fireside.communities.actions import check_leave
from fireside.communities.models import Think
from fireside.conversations import actions
from fireside.conversations.models import Reply, Thread, ThreadRead
from fireside.conversations.unread import Unread, unread_in

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def _later(time_machine: Any, by: dt.timedelta = MINUTE) -> None:
    time_machine.move_to(timezone.now() + by, tick=False)


def _thread(world: World, author: Any, title: str = "Circle time") -> Thread:
    return actions.check_start_thread(
        author=author, community=world.community, title=title, body="b", kind="idea"
    )


def _text(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def _api(client: Client, method: str, url: str, user: Any, **data: Any) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    call = getattr(client, method)
    return call(url, data, content_type="application/json", headers=headers)


def test_others_replies_are_unread_until_the_thread_is_opened(
    client: Client, world: World, time_machine: Any
) -> None:
    time_machine.move_to(timezone.now() + dt.timedelta(hours=1), tick=False)
    fay, mina = world.facilitator, world.member
    thread = _thread(world, fay)
    assert unread_in(mina, world.community) == Unread(replies=0, threads=1, unopened=1)
    client.force_login(mina)
    page = _text(client.get(thread.get_absolute_url()))
    assert 'id="first-unread"' not in page  # nothing but the thread itself was new
    _later(time_machine)
    first = actions.check_reply(author=fay, thread=thread, body="First new")
    actions.check_reply(author=fay, thread=thread, body="Second new")
    actions.check_reply(author=mina, thread=thread, body="My own")  # never new to me
    assert unread_in(mina, world.community) == Unread(replies=2, threads=1, unopened=0)
    listing = _text(client.get(reverse("conversations:list", args=[world.community.pk])))
    assert f'href="{thread.get_absolute_url()}#first-unread">2 new' in listing
    assert "New since your last visit:" in listing and "2 replies" in listing
    _later(time_machine)
    page = _text(client.get(thread.get_absolute_url()))
    divider = page.index('id="first-unread"')
    assert divider < page.index("First new") and page.index(f"reply-{first.pk}") > divider
    assert unread_in(mina, world.community) == Unread()
    page = _text(client.get(thread.get_absolute_url()))
    assert 'id="first-unread"' not in page


def test_hidden_replies_and_threads_are_not_counted(world: World, time_machine: Any) -> None:
    time_machine.move_to(timezone.now() + dt.timedelta(hours=1), tick=False)
    fay, mina = world.facilitator, world.member
    thread = _thread(world, fay)
    hidden = _thread(world, fay, "Taken down")
    actions.do_hide(actor=fay, post=hidden, reason="Names a child")
    reply = actions.check_reply(author=fay, thread=thread, body="Oops")
    actions.do_hide(actor=fay, post=reply, reason="Private")
    assert unread_in(mina, world.community) == Unread(replies=0, threads=1, unopened=1)


def test_mark_all_read_and_the_api(client: Client, world: World, time_machine: Any) -> None:
    time_machine.move_to(timezone.now() + dt.timedelta(hours=1), tick=False)
    fay, mina = world.facilitator, world.member
    one, two = _thread(world, fay, "One"), _thread(world, fay, "Two")
    actions.check_reply(author=fay, thread=one, body="r")
    base = f"/api/v1/communities/{world.community.pk}"
    body = _api(client, "get", f"{base}/unread", mina).json()
    assert body["threads"] == 2 and body["unopened"] == 2 and body["replies"] == 0
    assert {r["thread"] for r in body["per_thread"]} == {one.pk, two.pk}
    assert _api(client, "post", f"/api/v1/threads/{one.pk}/read", mina).status_code == 200
    assert _api(client, "get", f"{base}/unread", mina).json()["threads"] == 1
    assert _api(client, "post", f"{base}/read", mina).status_code == 200
    assert _api(client, "get", f"{base}/think", mina).json() == {"think": "threads"}
    wrong = _api(client, "put", f"{base}/think", fay, think="sometimes")
    assert wrong.status_code == 400
    assert _api(client, "put", f"{base}/think", mina, think="off").status_code == 403
    assert _api(client, "put", f"{base}/think", fay, think="off").json() == {"think": "off"}
    assert unread_in(mina, world.community) == Unread()
    _later(time_machine)
    actions.check_reply(author=fay, thread=two, body="after")
    client.force_login(mina)
    response = client.post(reverse("conversations:mark_read", args=[world.community.pk]))
    assert response.status_code == 302
    assert unread_in(mina, world.community) == Unread()
    # Outsiders learn nothing.
    assert _api(client, "get", f"{base}/unread", world.outsider).status_code == 404


def test_read_markers_go_when_leaving_and_on_erasure(world: World) -> None:
    thread = _thread(world, world.facilitator)
    ThreadRead.objects.create(user=world.member, thread=thread, read_at=timezone.now())
    assert export(world.member)["threads_read"][0]["thread_id"] == thread.pk
    check_leave(user=world.member, community=world.community)
    assert not ThreadRead.objects.filter(user=world.member).exists()
    ThreadRead.objects.create(user=world.facilitator, thread=thread, read_at=timezone.now())
    erase(world.facilitator)
    assert not ThreadRead.objects.exists()


def test_the_list_and_the_thread_keep_flat_query_counts(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    fay, mina = world.facilitator, world.member
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        [
            Thread(
                community=world.community,
                author=fay,
                kind="idea",
                title=f"Thread {i}",
                body="b",
                body_html="<p>b</p>",
                last_activity_at=now,
            )
            for i in range(50)
        ]
    )
    Reply.objects.bulk_create(
        [
            Reply(thread=threads[0], author=fay, body=f"r{i}", body_html=f"<p>r{i}</p>")
            for i in range(200)
        ]
    )
    client.force_login(mina)
    listing = reverse("conversations:list", args=[world.community.pk])
    _text(client.get(listing))
    with django_assert_max_num_queries(24):
        page = _text(client.get(listing))
    assert page.count("Not opened yet") >= 25
    with django_assert_max_num_queries(24):
        page = _text(client.get(threads[0].get_absolute_url()))
    assert page.count('id="first-unread"') == 1
    with django_assert_max_num_queries(24):
        _text(client.get(threads[0].get_absolute_url()))


def test_a_facilitator_chooses_where_think_is_offered(client: Client, world: World) -> None:
    thread = _thread(world, world.facilitator)
    client.force_login(world.member)
    assert "THINK" not in _text(client.get(thread.get_absolute_url()))
    url = reverse("conversations:think", args=[world.community.pk])
    assert client.get(url).status_code == 403  # a member may not change it
    client.force_login(world.facilitator)
    listing = _text(client.get(reverse("conversations:list", args=[world.community.pk])))
    assert url in listing
    assert "On new conversations" in _text(client.get(url))
    response = client.post(url, {"think": "sometimes"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    response = client.post(url, {"think": Think.EVERYWHERE})
    assert response.status_code == 302
    world.community.refresh_from_db()
    assert world.community.think == Think.EVERYWHERE
    event = AuditEvent.objects.get(verb="communities.set_think")
    assert event.data == {"think": "everywhere", "was_think": "threads"}
    client.force_login(world.member)
    page = _text(client.get(thread.get_absolute_url()))
    assert "Before you post, THINK (optional)" in page and 'name="think"' in page
    # Ticking is optional on a reply too.
    response = client.post(thread.get_absolute_url(), {"body": "Agreed", "think": ["kind"]})
    assert response.status_code == 302
    client.post(url, {"think": Think.OFF})  # a member's post changes nothing
    client.force_login(world.facilitator)
    client.post(url, {"think": Think.OFF})
    client.force_login(world.member)
    new = _text(client.get(reverse("conversations:new", args=[world.community.pk])))
    assert "THINK" not in new
    assert AuditEvent.objects.filter(verb="communities.set_think").count() == 2


# A reply: (by the reader?, hidden?, minutes after the thread started).
REPLIES = st.lists(
    st.tuples(st.booleans(), st.booleans(), st.integers(min_value=1, max_value=120)), max_size=8
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    replies=REPLIES,
    read_after=st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
    mine=st.booleans(),
    hidden_thread=st.booleans(),
)
def test_the_counts_follow_the_rule(
    world: World,
    replies: list[tuple[bool, bool, int]],
    read_after: int | None,
    mine: bool,
    hidden_thread: bool,
) -> None:
    """Unread: others' visible replies after the reader's last opening (or after they
    joined, for a thread never opened, which has a dot unless they wrote it); a hidden
    thread counts for nothing."""
    mina, fay = world.member, world.facilitator
    Thread.objects.all().delete()
    start = timezone.now() + dt.timedelta(days=1)
    thread = Thread.objects.create(
        community=world.community,
        author=mina if mine else fay,
        kind="idea",
        title="t",
        body="b",
        body_html="b",
        last_activity_at=start,
        hidden_at=start if hidden_thread else None,
    )
    Thread.objects.filter(pk=thread.pk).update(created_at=start)
    for by_me, hidden, minutes in replies:
        reply = Reply.objects.create(
            thread=thread,
            author=mina if by_me else fay,
            body="r",
            body_html="r",
            hidden_at=start if hidden else None,
        )
        Reply.objects.filter(pk=reply.pk).update(created_at=start + dt.timedelta(minutes=minutes))
    if read_after is not None:
        ThreadRead.objects.create(
            user=mina, thread=thread, read_at=start + dt.timedelta(minutes=read_after)
        )
    since = read_after if read_after is not None else -1  # joined before the thread
    new = sum(1 for by_me, hidden, m in replies if not by_me and not hidden and m > since)
    unopened = read_after is None and not mine
    expected = (
        Unread()
        if hidden_thread
        else Unread(
            replies=0 if unopened else new,
            threads=1 if new or unopened else 0,
            unopened=1 if unopened else 0,
        )
    )
    assert unread_in(mina, world.community) == expected
