"""The conversation pages, through the Django test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.conversations import actions
from fireside.conversations.models import Flag, Reply, Thread

pytestmark = pytest.mark.django_db


def test_a_member_posts_with_the_think_check_and_replies(client: Client, world: World) -> None:
    client.force_login(world.member)
    new = reverse("conversations:new", args=[world.community.pk])
    page = client.get(new)
    assert "THINK" in page.content.decode()
    # Ticking nothing in the THINK check never blocks a post.
    response = client.post(new, {"kind": "idea", "title": "Sand timers", "body": "Try *this*"})
    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url()
    response = client.post(thread.get_absolute_url(), {"body": "Loved it"})
    assert Reply.objects.get().body == "Loved it"
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "<em>this</em>" in html and "Loved it" in html


def test_a_community_can_switch_the_think_check_off(client: Client, world: World) -> None:
    world.community.think = "off"
    world.community.save()
    client.force_login(world.member)
    page = client.get(reverse("conversations:new", args=[world.community.pk]))
    assert "THINK" not in page.content.decode()


def test_bad_posts_show_a_message_and_save_nothing(client: Client, world: World) -> None:
    client.force_login(world.member)
    response = client.post(
        reverse("conversations:new", args=[world.community.pk]),
        {"kind": "rumour", "title": "", "body": ""},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Thread.objects.exists()


def test_flag_hide_and_restore(client: Client, world: World, mailoutbox: list[Any]) -> None:
    thread = actions.check_start_thread(
        author=world.member, community=world.community, title="T", body="b", kind="story"
    )
    client.force_login(world.facilitator)
    client.post(reverse("conversations:flag", args=["thread", thread.pk]), {"reason": "Names"})
    assert Flag.objects.count() == 1
    client.post(reverse("conversations:hide", args=["thread", thread.pk]), {"reason": "Names"})
    thread.refresh_from_db()
    assert thread.is_hidden
    client.force_login(world.member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Hidden by the facilitators: Names" in page
    client.force_login(world.facilitator)
    client.post(reverse("conversations:restore", args=["thread", thread.pk]))
    thread.refresh_from_db()
    assert not thread.is_hidden


def test_members_cannot_hide_or_edit_others_posts(client: Client, world: World) -> None:
    thread = actions.check_start_thread(
        author=world.facilitator, community=world.community, title="T", body="b", kind="idea"
    )
    client.force_login(world.member)
    hide = client.post(reverse("conversations:hide", args=["thread", thread.pk]), {"reason": "x"})
    edit = client.post(reverse("conversations:edit", args=["thread", thread.pk]), {"body": "x"})
    assert (hide.status_code, edit.status_code) == (403, 403)
    thread.refresh_from_db()
    assert (thread.is_hidden, thread.body) == (False, "b")


def test_recognition_page(client: Client, world: World) -> None:
    client.force_login(world.member)
    url = reverse("conversations:recognition", args=[world.community.pk])
    client.post(url, {"to_user": world.facilitator.pk, "note": "Thank you for the songs"})
    assert "Thank you for the songs" in client.get(url).content.decode()
    bad = client.post(url, {"to_user": world.outsider.pk, "note": "hi"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
