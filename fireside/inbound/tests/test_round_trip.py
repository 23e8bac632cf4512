"""The real round trip: a post on the web, its notification email, an answer written to that
email's Reply-To as a mail client writes it, taken in by `manage.py receive_email`, and the
answer on the page (without what it quoted) — for a thread and for a peer pair."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.conversations import actions
from fireside.conversations.models import Reply, Thread
from fireside.inbound.models import ReceivedMessage
from fireside.inbound.tests.mailers import (
    QUOTED_EN,
    QUOTED_FR,
    QUOTED_OUTLOOK,
    SIGNATURE,
    feed,
    reply_email,
    reply_to_of,
)
from fireside.mentoring.message_models import PairMessage
from fireside.mentoring.tests.factories import make_pairing
from fireside.notifications.models import Kind, Notification
from fireside.ops.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _inbound(settings: Any) -> None:
    settings.INBOUND_EMAIL_DOMAIN = "in.example.org"


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _thread(world: World) -> Thread:
    return actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Night shifts",
        body="How do you rest after a night shift?",
        kind="question",
    )


def _web_reply_emails_fay(world: World, thread: Thread, capture: Any) -> Any:
    """Mina replies on the web; the email it sends Fay, the thread's author."""
    mail.outbox.clear()
    with capture(execute=True):
        response = _client(world.member).post(
            thread.get_absolute_url(), {"body": "A nap before driving home."}
        )
    assert response.status_code == 302
    [email] = [m for m in mail.outbox if m.to == ["facilitator@example.org"]]
    return email


@pytest.mark.parametrize("quoted", [QUOTED_EN, QUOTED_FR, QUOTED_OUTLOOK])
def test_an_answer_to_a_reply_email_is_a_reply_on_the_thread_page(
    world: World, django_capture_on_commit_callbacks: Any, quoted: str
) -> None:
    thread = _thread(world)
    email = _web_reply_emails_fay(world, thread, django_capture_on_commit_callbacks)
    address = reply_to_of(email)
    assert address.startswith("reply+") and address.endswith("@in.example.org")
    assert "Reply to this email to answer in the thread." in email.body
    # Once sent, the queue keeps no reply address (it is a key to post as Fay).
    assert not OutgoingEmail.objects.exclude(reply_to="").exists()
    mail.outbox.clear()

    raw = reply_email(
        to=address,
        sender="Fay Facilitator <Facilitator@Example.org>",  # the case of an address differs
        text=f"Same here, @Mina Member: a nap, then **tea**.{SIGNATURE}{quoted}",
    )
    assert feed(raw, django_capture_on_commit_callbacks) == "posted"

    reply = Reply.objects.filter(thread=thread, author=world.facilitator).get()
    assert reply.body == "Same here, @Mina Member: a nap, then **tea**."
    page = _client(world.member).get(thread.get_absolute_url()).content.decode()
    assert "<strong>tea</strong>" in page
    for gone in ("Riverside Family Centre", "10:02", "10 h 02", "Sent: Monday", "&gt; Mina"):
        assert gone not in page
    # As a web reply: Mina is told of the mention, by email too.
    assert Notification.objects.filter(user=world.member, kind=Kind.MENTION).exists()
    assert [m.subject for m in mail.outbox if m.to == ["member@example.org"]] == [
        "Fay Facilitator mentioned you"
    ]
    assert ReceivedMessage.objects.get().outcome == "posted"


def test_an_answer_to_a_pair_message_email_is_a_message_to_the_partner(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    url = reverse("mentoring:messages", args=[pairing.pk])
    with django_capture_on_commit_callbacks(execute=True):
        _client(world.member).post(url, {"body": "Coffee on Thursday?"})
    [email] = [m for m in mail.outbox if m.to == ["facilitator@example.org"]]
    assert "Coffee" not in email.body  # a pair's words never leave by email
    mail.outbox.clear()

    raw = reply_email(
        to=reply_to_of(email), sender="facilitator@example.org", text=f"Yes, 10 am!{QUOTED_FR}"
    )
    assert feed(raw, django_capture_on_commit_callbacks) == "posted"

    assert PairMessage.objects.filter(author=world.facilitator).get().body == "Yes, 10 am!"
    page = _client(world.member).get(url).content.decode()
    assert "Yes, 10 am!" in page and "10 h 02" not in page
    assert [m.to for m in mail.outbox] == [["member@example.org"]]  # Mina hears of it


def test_a_digest_and_a_site_without_the_domain_give_no_reply_address(
    world: World, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.INBOUND_EMAIL_DOMAIN = ""
    thread = _thread(world)
    email = _web_reply_emails_fay(world, thread, django_capture_on_commit_callbacks)
    assert email.reply_to == []
    assert "Reply-To" not in email.message()
    assert "Reply to this email" not in email.body


def test_news_that_cannot_be_answered_has_no_reply_address(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    thread = _thread(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_flag(user=world.member, post=thread, reason="Off topic for the group")
    [email] = [m for m in mail.outbox if m.to == ["facilitator@example.org"]]
    assert email.reply_to == []
