"""Notifications: in the app always; by email at once, in a digest, or not at all."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.conversations import actions as talk
from fireside.lib.errors import InvalidInput
from fireside.notifications import actions
from fireside.notifications.models import Delivery, Kind, Notification, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _thread(world: World, body: str = "What works indoors?") -> Any:
    return talk.check_start_thread(
        author=world.member,
        community=world.community,
        title="Rainy days",
        body=body,
        kind="question",
    )


def test_a_new_thread_notifies_members_but_not_its_author_or_outsiders(world: World) -> None:
    _thread(world)
    assert list(Notification.objects.values_list("user__email", "kind")) == [
        ("facilitator@example.org", "new_thread")
    ]


def test_replies_reach_the_thread_author_at_once_with_an_unsubscribe_link(
    world: World, mailoutbox: list[Any], commits: Any, client: Client
) -> None:
    thread = _thread(world)
    with commits():
        talk.check_reply(author=world.facilitator, thread=thread, body="Try a mud kitchen")
    [mail] = mailoutbox
    assert mail.to == [world.member.email]
    assert "Fay Facilitator replied to “Rainy days”" in mail.subject
    link = re.search(r"http://testserver(/notifications/unsubscribe/\S+/)", mail.body)
    assert link is not None
    # One click, no sign-in: the page asks once, the button does it.
    assert client.get(link.group(1)).status_code == 200
    assert not Preference.objects.exists()
    client.post(link.group(1))
    pref = Preference.objects.get()
    assert (pref.user, pref.kind, pref.delivery) == (world.member, "reply", Delivery.NONE)
    mailoutbox.clear()
    with commits():
        talk.check_reply(author=world.facilitator, thread=thread, body="And sand timers")
    assert mailoutbox == []
    assert Notification.objects.filter(user=world.member, kind="reply").count() == 2


def test_a_forged_unsubscribe_link_changes_nothing(client: Client) -> None:
    response = client.post(reverse("notifications:unsubscribe", args=["forged:token"]))
    assert response.status_code == 400
    assert not Preference.objects.exists()
    with pytest.raises(InvalidInput):
        actions.do_unsubscribe(token="nope")


def test_mentions_notify_the_people_named(world: World) -> None:
    _thread(world, body="@Fay, and @Nobody Here, what do you think?")
    kinds = set(Notification.objects.filter(user=world.facilitator).values_list("kind", flat=True))
    assert kinds == {"new_thread", "mention"}


def test_digests_gather_what_was_not_emailed_yet(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    for n in range(3):
        talk.check_start_thread(
            author=world.member, community=world.community, title=f"T{n}", body="b", kind="idea"
        )
    assert mailoutbox == []  # new threads default to the daily digest
    with commits():
        assert actions.send_digests(period="daily") == 1
    [digest] = mailoutbox
    assert digest.to == [world.facilitator.email]
    assert all(f"started “T{n}”" in digest.body for n in range(3))
    assert "Stop emails like this" in digest.body
    with commits():
        assert actions.send_digests(period="daily") == 0  # nothing twice
    with pytest.raises(InvalidInput):
        actions.send_digests(period="hourly")


def test_the_weekly_digest_is_for_those_who_chose_it(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    actions.do_set_preferences(
        user=world.facilitator, community=world.community, choices={"new_thread": "weekly"}
    )
    _thread(world)
    with commits():
        call_command("send_digests", "daily")
    assert mailoutbox == []
    with commits():
        call_command("send_digests", "weekly")
    assert [m.to for m in mailoutbox] == [[world.facilitator.email]]


def test_the_inbox_and_preferences_pages(client: Client, world: World) -> None:
    _thread(world)
    client.force_login(world.facilitator)
    page = client.get(reverse("home")).content.decode()
    assert "Notifications" in page and 'class="badge">1' in page
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Mina Member started “Rainy days”" in inbox
    note = Notification.objects.get()
    opened = client.get(reverse("notifications:open", args=[note.pk]))
    assert opened["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    url = reverse("notifications:preferences", args=[world.community.pk])
    client.post(
        url,
        dict.fromkeys(Kind.values, "none"),
    )
    chosen = Preference.objects.filter(user=world.facilitator, delivery="none")
    assert chosen.count() == len(Kind.values)
    bad = client.post(url, {"new_thread": "hourly"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()


def test_people_only_open_their_own_notifications(client: Client, world: World) -> None:
    _thread(world)
    note = Notification.objects.get()
    client.force_login(world.outsider)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:inbox")
    note.refresh_from_db()
    assert note.read_at is None
