"""@mentions: who a post names, who hears about it (once), how names show, and the
members-only suggestion list."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.conversations import actions, mentions
from fireside.demo.factories import UserFactory, make_member
from fireside.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def _mentions_of(user: object) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=Kind.MENTION))


def test_a_reply_notifies_the_member_it_names_once_with_an_email(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    thread = actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Outdoor play",
        body="Rain or shine?",
        kind="question",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.check_reply(
            author=world.facilitator, thread=thread, body="@Mina Member what do you do?"
        )
    assert [n.url for n in _mentions_of(world.member)] == [reply.get_absolute_url()]
    to_mina = [m for m in mail.outbox if m.to == ["member@example.org"]]
    assert len(to_mina) == 1
    assert to_mina[0].subject == "Fay Facilitator mentioned you"
    assert "Message-ID" in to_mina[0].extra_headers
    assert reply.get_absolute_url() in to_mina[0].body
    # Edited with the same name: nobody hears again. A newly named member does.
    later = make_member(world.community, UserFactory(name="Noor Newcomer"))
    actions.check_edit_post(
        author=world.facilitator, post=reply, body="@Mina Member and @Noor Newcomer, ideas?"
    )
    assert len(_mentions_of(world.member)) == 1
    assert len(_mentions_of(later)) == 1


def test_outsiders_and_hidden_posts_notify_nobody(world: World) -> None:
    thread = actions.check_start_thread(
        author=world.member,
        community=world.community,
        title="Songs",
        body="@Otto Outsider @Cora Coord @Walt Waiting any songs?",
        kind="question",
    )
    assert Notification.objects.filter(kind=Kind.MENTION).count() == 0
    actions.do_hide(actor=world.facilitator, post=thread, reason="Check first")
    reply = actions.check_reply(author=world.member, thread=thread, body="@Fay Facilitator ok")
    assert not _mentions_of(world.facilitator)
    actions.do_unhide(actor=world.facilitator, post=thread)
    actions.do_hide(actor=world.facilitator, post=reply, reason="Again")
    actions.check_edit_post(author=world.member, post=reply, body="@Fay Facilitator fixed")
    assert not _mentions_of(world.facilitator)


def test_names_are_highlighted_in_text_but_never_in_links_or_code() -> None:
    names = ["Ana Lopez", "Ana", "Bo"]
    html = (
        '<p>Hi @Ana Lopez and @bo, not @Anaïs. <a href="/x">@Ana</a> <code>@Bo</code></p>'
        "<p>@Nobody &lt;script&gt;</p>"
    )
    out = mentions.highlight(html, names)
    assert '<strong class="mention">@Ana Lopez</strong>' in out
    assert '<strong class="mention">@bo</strong>' in out
    assert "@Anaïs" in out and '<a href="/x">@Ana</a>' in out and "<code>@Bo</code>" in out
    assert "<p>@Nobody &lt;script&gt;</p>" in out


def test_first_names_count_only_when_one_member_has_it(world: World) -> None:
    make_member(world.community, UserFactory(name="Mina Other"))
    names = mentions.mentionable_names(mentions.active_members(world.community))
    assert "Mina" not in names and "Mina Member" in names and "Fay" in names


def test_suggestions_are_the_groups_members_only(client: Client, world: World) -> None:
    make_member(world.other_community, UserFactory(name="Fiona Elsewhere"))
    url = reverse("conversations:mention_suggestions", args=[world.community.pk])
    client.force_login(world.member)
    found = client.get(url, {"q": "f"}).json()["members"]
    assert found == [
        {"id": world.facilitator.pk, "name": "Fay Facilitator", "handle": "@Fay Facilitator"}
    ]
    assert client.get(url, {"q": "mina"}).json()["members"] == []  # never yourself
    assert client.get(url, {"q": "facil"}).json()["members"][0]["name"] == "Fay Facilitator"
    api = client.get(f"/api/v1/communities/{world.community.pk}/mention-suggestions?q=fay")
    assert api.json()["members"][0]["id"] == world.facilitator.pk
    for person in (world.outsider, world.waitlisted, world.coordinator, world.staff):
        client.force_login(person)
        assert client.get(url, {"q": "f"}).status_code in (403, 404)


def test_the_reply_form_offers_suggestions(client: Client, world: World) -> None:
    thread = actions.check_start_thread(
        author=world.member, community=world.community, title="T", body="B", kind="idea"
    )
    client.force_login(world.member)
    html = client.get(thread.get_absolute_url()).content.decode()
    url = reverse("conversations:mention_suggestions", args=[world.community.pk])
    assert f'data-mentions="{url}"' in html and "js/mentions.js" in html
    new = client.get(reverse("conversations:new", args=[world.community.pk])).content.decode()
    assert f'data-mentions="{url}"' in new
