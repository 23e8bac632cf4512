"""A peer pair's private message thread: who reads and writes it, what its notifications say,
the unread counts, deletion, export and erasure, and the query counts of its pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib import admin
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.accounts.actions import do_erase_user
from fireside.accounts.personal_data import export
from fireside.communities.places import places_of
from fireside.demo.factories import UserFactory, make_member
from fireside.lib import ratelimit
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, TooMany
from fireside.lib.home import Viewer, tasks_for
from fireside.mentoring import pair_messages
from fireside.mentoring.message_models import BODY_MAX, PairMessage, PairMessageRead
from fireside.mentoring.models import Pairing, PairMember
from fireside.mentoring.tests.factories import make_pairing
from fireside.notifications.models import Delivery, Kind, Notification, Preference
from fireside.notifications.render import render_notifications

pytestmark = pytest.mark.django_db

SECRET = "Our walk by the river helped more than I said."


@pytest.fixture
def pair(world: World) -> Pairing:
    return make_pairing(world.community, world.member, world.facilitator)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def thread_url(pairing: Pairing) -> str:
    return reverse("mentoring:messages", args=[pairing.pk])


def send(world: World, pair: Pairing, body: str = SECRET, author: Any = None) -> PairMessage:
    return pair_messages.check_send_message(author=author or world.member, pairing=pair, body=body)


# --- Writing ---------------------------------------------------------------------------


def test_it_sends_a_message_rendered_as_markdown(world: World, pair: Pairing) -> None:
    m = send(world, pair, "Thank you for **today** <script>alert(1)</script>")
    assert m.author == world.member
    assert "<strong>today</strong>" in m.body_html
    assert "<script>" not in m.body_html


@pytest.mark.parametrize("body", ["", "   ", None, 12, "x" * (BODY_MAX + 1), "a\x00b"])
def test_it_refuses_bad_bodies_and_writes_nothing(world: World, pair: Pairing, body: Any) -> None:
    with pytest.raises(InvalidInput):
        send(world, pair, body)
    assert not PairMessage.objects.exists()


def test_it_takes_a_body_at_the_limit(world: World, pair: Pairing) -> None:
    assert len(send(world, pair, "x" * BODY_MAX).body) == BODY_MAX


def test_it_refuses_to_write_in_an_ended_pair(world: World, pair: Pairing) -> None:
    Pairing.objects.filter(pk=pair.pk).update(ended_on=timezone.localdate())
    pair.refresh_from_db()
    with pytest.raises(Conflict):
        send(world, pair)
    assert not PairMessage.objects.exists()


def test_it_refuses_a_person_whose_seat_ended(world: World, pair: Pairing) -> None:
    PairMember.objects.filter(pairing=pair, user=world.member).update(ended_on=timezone.localdate())
    pair = Pairing.objects.with_people().get(pk=pair.pk)
    with pytest.raises(NotAllowed):
        send(world, pair)


def test_it_limits_how_fast_one_person_sends(world: World, pair: Pairing) -> None:
    ratelimit.clear(pair_messages.SUBJECT, str(world.member.pk))
    for i in range(pair_messages.RATE_LIMIT):
        send(world, pair, f"message {i}")
    with pytest.raises(TooMany):
        send(world, pair, "one too many")
    assert PairMessage.objects.count() == pair_messages.RATE_LIMIT
    # The partner is not slowed down by it.
    send(world, pair, "answer", author=world.facilitator)


# --- Who reads ---------------------------------------------------------------------------


def test_only_the_pair_opens_the_thread(world: World, pair: Pairing) -> None:
    send(world, pair)
    other_facilitator = make_member(world.community, UserFactory(), "facilitator")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    for who in (world.member, world.facilitator):
        assert SECRET in client_for(who).get(thread_url(pair)).content.decode()
    for who in (
        other_facilitator,
        world.outsider,
        world.mentor,
        world.coordinator,
        world.staff,
        superuser,
    ):
        response = client_for(who).get(thread_url(pair))
        # 404 for the group's own people; the program's staff are refused at the group.
        assert response.status_code in (403, 404), who
        assert SECRET not in response.content.decode()
    assert Client().get(thread_url(pair)).status_code in (302, 404)


def test_the_admin_knows_nothing_of_messages(world: World, pair: Pairing) -> None:
    send(world, pair)
    assert PairMessage not in admin.site._registry
    assert PairMessageRead not in admin.site._registry
    superuser = UserFactory(is_staff=True, is_superuser=True)
    c = client_for(superuser)
    for url in (
        reverse("admin:index"),
        reverse("admin:mentoring_pairing_change", args=[pair.pk]),
        reverse("admin:mentoring_pairing_changelist"),
    ):
        response = c.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode()


def test_a_former_member_of_the_group_no_longer_reads_it(world: World, pair: Pairing) -> None:
    send(world, pair)
    world.member.memberships.filter(community=world.community).update(status="left")
    assert client_for(world.member).get(thread_url(pair)).status_code == 404


def test_an_ended_pair_keeps_its_thread_to_read(world: World, pair: Pairing) -> None:
    send(world, pair)
    Pairing.objects.filter(pk=pair.pk).update(ended_on=timezone.localdate())
    text = client_for(world.facilitator).get(thread_url(pair)).content.decode()
    assert SECRET in text
    assert 'name="body"' not in text


# --- Notifications -----------------------------------------------------------------------


def test_the_partner_is_told_by_email_without_the_words(
    world: World, pair: Pairing, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        m = send(world, pair)
    note = Notification.objects.get(kind=Kind.PAIR_MESSAGE)
    assert note.user == world.facilitator
    assert note.subject_type == "pair_message" and note.subject_id == m.pk
    [rendered] = render_notifications(Notification.objects.filter(pk=note.pk))
    assert rendered.message == "New message from Mina"
    [email] = mail.outbox
    assert email.to == [world.facilitator.email]
    assert "New message from Mina" in email.subject
    assert "New message from Mina" in email.body
    assert thread_url(pair) in email.body
    assert SECRET not in email.body and SECRET not in email.subject
    # Nobody else hears of it, the writer included.
    assert not Notification.objects.exclude(user=world.facilitator).exists()


def test_a_burst_of_messages_is_one_notice_until_it_is_read(
    world: World, pair: Pairing, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            send(world, pair, f"part {i}")
    assert Notification.objects.filter(user=world.facilitator).count() == 1
    assert len(mail.outbox) == 1
    pair_messages.do_mark_read(user=world.facilitator, pairing=pair)
    send(world, pair, "and one more")
    assert Notification.objects.filter(user=world.facilitator).count() == 2


def test_the_partner_s_settings_are_respected(world: World, pair: Pairing) -> None:
    Preference.objects.create(
        user=world.facilitator,
        community=world.community,
        kind=Kind.PAIR_MESSAGE,
        delivery=Delivery.NONE,
    )
    mail.outbox.clear()
    send(world, pair)
    assert mail.outbox == []
    assert Notification.objects.filter(user=world.facilitator).count() == 1


def test_the_settings_page_lists_the_kind(world: World) -> None:
    url = reverse("notifications:preferences", args=[world.community.pk])
    assert "Messages from my peer partner" in client_for(world.member).get(url).content.decode()


def test_a_deleted_message_leaves_a_neutral_notice(world: World, pair: Pairing) -> None:
    m = send(world, pair)
    pair_messages.check_delete_message(user=world.member, message=m)
    [note] = render_notifications(Notification.objects.filter(kind=Kind.PAIR_MESSAGE))
    assert note.message == "A message from your peer partner"


# --- Unread ------------------------------------------------------------------------------


def test_unread_counts_show_on_the_pair_page_and_home_until_opened(
    world: World, pair: Pairing
) -> None:
    send(world, pair, "first")
    send(world, pair, "second")
    fay = client_for(world.facilitator)
    pair_page = fay.get(reverse("mentoring:pair", args=[pair.pk])).content.decode()
    assert "2 new messages" in pair_page
    tasks = tasks_for(Viewer(world.facilitator, places_of(world.facilitator)))
    [task] = [t for t in tasks if t.kind == "pair-messages"]
    assert task.count == 2 and "2 new messages" in task.title
    # The writer has nothing new.
    assert pair_messages.unread_count(world.member, pair) == 0
    text = fay.get(thread_url(pair)).content.decode()
    assert "2 new messages" in text  # said once, as the page opens
    assert pair_messages.unread_count(world.facilitator, pair) == 0
    assert Notification.objects.get(user=world.facilitator).read_at is not None
    assert "new message" not in fay.get(reverse("mentoring:pair", args=[pair.pk])).content.decode()
    tasks = tasks_for(Viewer(world.facilitator, places_of(world.facilitator)))
    assert not [t for t in tasks if t.kind == "pair-messages"]


def test_the_thread_page_stays_flat_with_200_messages(
    world: World, pair: Pairing, django_assert_max_num_queries: Any
) -> None:
    PairMessage.objects.bulk_create(
        PairMessage(
            pairing=pair,
            author=world.member if i % 2 else world.facilitator,
            body=f"m{i}",
            body_html=f"<p>m{i}</p>",
        )
        for i in range(200)
    )
    fay = client_for(world.facilitator)
    fay.get(thread_url(pair))  # warm the session and caches
    PairMessageRead.objects.all().delete()
    # Session and user, standing (membership, roles), the pairing with its people, the
    # messages with their writers, the unread count, marking read (marker, notices, count),
    # the base template's counters.
    with django_assert_max_num_queries(25) as first:
        text = fay.get(thread_url(pair)).content.decode()
    assert text.count('class="prose break"') == 200
    PairMessage.objects.bulk_create(
        PairMessage(pairing=pair, author=world.member, body="x", body_html="<p>x</p>")
        for _ in range(200)
    )
    with django_assert_max_num_queries(len(first.captured_queries)):
        fay.get(thread_url(pair))
    with django_assert_max_num_queries(20):
        fay.get(reverse("mentoring:pair", args=[pair.pk]))


def test_the_pair_page_glimpses_the_latest_message(world: World, pair: Pairing) -> None:
    send(world, pair, "Coffee on Thursday?")
    text = client_for(world.facilitator).get(reverse("mentoring:pair", args=[pair.pk]))
    body = text.content.decode()
    assert "Coffee on Thursday?" in body
    assert thread_url(pair) in body


# --- Sending and deleting through the page -----------------------------------------------


def test_the_page_sends_and_shows_errors(world: World, pair: Pairing) -> None:
    mina = client_for(world.member)
    response = mina.post(thread_url(pair), {"body": "See you soon"})
    assert response.status_code == 302
    assert PairMessage.objects.get().body == "See you soon"
    response = mina.post(thread_url(pair), {"body": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert PairMessage.objects.count() == 1


def test_one_deletes_only_one_s_own_message_within_the_window(
    world: World, pair: Pairing, time_machine: Any
) -> None:
    m = send(world, pair)
    url = reverse("mentoring:delete_message", args=[m.pk])
    assert client_for(world.facilitator).post(url).status_code == 404
    assert PairMessage.objects.filter(pk=m.pk).exists()
    late = send(world, pair, "later")
    assert client_for(world.member).post(url).status_code == 302
    assert not PairMessage.objects.filter(pk=m.pk).exists()
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=16))
    with pytest.raises(NotAllowed):
        pair_messages.check_delete_message(user=world.member, message=late)
    assert PairMessage.objects.filter(pk=late.pk).exists()


# --- Personal data -----------------------------------------------------------------------


def test_both_exports_hold_the_whole_thread(world: World, pair: Pairing) -> None:
    send(world, pair, "From Mina")
    send(world, pair, "From Fay", author=world.facilitator)
    for who in (world.member, world.facilitator):
        thread = export(who)["peer_messages"]
        assert [m["body"] for m in thread] == ["From Mina", "From Fay"]
        assert [m["mine"] for m in thread] == [who == world.member, who == world.facilitator]
        json.dumps(export(who))  # as the export page writes it
    assert "From Mina" not in str(export(world.outsider))


def test_erasure_keeps_the_words_for_the_partner_under_a_former_member(
    world: World, pair: Pairing
) -> None:
    m = send(world, pair, "From Mina")
    pair_messages.do_mark_read(user=world.member, pairing=pair)
    do_erase_user(user=world.member)
    m.refresh_from_db()
    assert m.author is None and m.body == "From Mina"
    assert not PairMessageRead.objects.filter(user=world.member).exists()
    [row] = export(world.facilitator)["peer_messages"]
    assert row["author"] == "A former member"
    text = client_for(world.facilitator).get(thread_url(pair)).content.decode()
    assert "From Mina" in text and "A former member" in text and "Mina Member" not in text
