"""An emailed reply's attachments: posted with the reply through the web's checks (type by
the bytes, count, pictures written again without their metadata), or nothing is posted and
the writer is told why; a signature's logo is left out; a pair message takes the words only."""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from PIL import Image

from conftest import World
from fireside.conversations import actions
from fireside.conversations.models import Attachment, Reply, Thread
from fireside.conversations.tests import files
from fireside.conversations.tests.test_attachments import GPS_IFD, photo_with_gps, stored
from fireside.inbound.addresses import reply_address
from fireside.inbound.attached import files_of
from fireside.inbound.receive import parse
from fireside.inbound.tests.mailers import QUOTED_EN, bounces, feed, reply_email, reply_to_of
from fireside.mentoring.message_models import PairMessage
from fireside.mentoring.tests.factories import make_pairing

pytestmark = pytest.mark.django_db

FAY = "facilitator@example.org"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200  # a Windows program's first bytes


@pytest.fixture(autouse=True)
def _inbound(settings: Any, tmp_path: Path) -> None:
    settings.INBOUND_EMAIL_DOMAIN = "in.example.org"
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def thread(world: World) -> Thread:
    return actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Night shifts",
        body="How do you rest after a night shift?",
        kind="question",
    )


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _to(world: World, thread: Thread) -> str:
    return reply_address(world.facilitator, "thread", thread.pk)


def _feed(raw: bytes, capture: Any) -> str:
    mail.outbox.clear()
    return feed(raw, capture)


def test_a_photo_sent_by_email_is_on_the_thread_page_without_its_gps_position(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _client(world.member).post(thread.get_absolute_url(), {"body": "A nap first."})
    [email] = [m for m in mail.outbox if m.to == [FAY]]
    photo = photo_with_gps()
    raw = reply_email(
        to=reply_to_of(email),
        sender=FAY,
        text=f"Our rest room after the night shift.{QUOTED_EN}",
        files=(("rest room.jpg", photo, "image/jpeg"),),
    )
    assert b"Content-Disposition: attachment" in raw
    assert _feed(raw, django_capture_on_commit_callbacks) == "posted"

    reply = Reply.objects.get(thread=thread, author=world.facilitator)
    assert reply.body == "Our rest room after the night shift."
    item = reply.attachments.get()
    assert (item.filename, item.content_type, item.uploader) == (
        "rest room.webp",
        "image/webp",
        world.facilitator,
    )
    for name in item.stored_names():
        data = (tmp_path / name).read_bytes()
        assert b"Exif" not in data and b"SecretCamera" not in data
        assert not Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
    page = _client(world.member).get(thread.get_absolute_url()).content.decode()
    assert reverse("conversations:attachment_thumb", args=[item.pk]) in page
    assert 'alt="rest room.webp"' in page
    assert bounces(FAY) == []


def test_a_program_named_as_a_photo_posts_nothing_and_the_bounce_says_why(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    raw = reply_email(
        to=_to(world, thread),
        sender=FAY,
        text="Here is the photo.",
        files=(("notes.pdf", files.pdf(), "application/pdf"), ("photo.jpg", EXE, "image/jpeg")),
    )
    assert _feed(raw, django_capture_on_commit_callbacks) == "refused"
    assert not Reply.objects.exists() and not Attachment.objects.exists()
    assert stored(tmp_path) == []  # the PDF that passed is not left behind either
    [bounce] = bounces(FAY)
    assert "photo.jpg: " in bounce.body and "This file is none of those." in bounce.body


def test_the_bounce_is_in_the_writers_language(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    world.facilitator.language = "fr-ca"
    world.facilitator.save()
    raw = reply_email(
        to=_to(world, thread),
        sender=FAY,
        text="Voici la photo.",
        files=(("photo.jpg", EXE, "image/jpeg"),),
    )
    assert _feed(raw, django_capture_on_commit_callbacks) == "refused"
    [bounce] = bounces(FAY)
    assert bounce.subject == "Votre courriel n’a pas été publié"
    assert "photo.jpg" in bounce.body and "This file" not in bounce.body


def test_six_attachments_are_refused_as_on_the_web(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    six = tuple((f"p{i}.png", files.png(), "image/png") for i in range(6))
    raw = reply_email(to=_to(world, thread), sender=FAY, text="All six.", files=six)
    assert _feed(raw, django_capture_on_commit_callbacks) == "refused"
    assert not Reply.objects.exists()
    [bounce] = bounces(FAY)
    assert "A post can carry at most 5 files." in bounce.body


def test_a_pair_reply_with_an_attachment_posts_its_words(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    url = reverse("mentoring:messages", args=[pairing.pk])
    with django_capture_on_commit_callbacks(execute=True):
        _client(world.member).post(url, {"body": "Coffee on Thursday?"})
    [email] = [m for m in mail.outbox if m.to == [FAY]]
    raw = reply_email(
        to=reply_to_of(email),
        sender=FAY,
        text="Yes, here is the map.",
        files=(("map.png", files.png(), "image/png"),),
    )
    assert _feed(raw, django_capture_on_commit_callbacks) == "posted"
    assert PairMessage.objects.get(author=world.facilitator).body == "Yes, here is the map."
    assert bounces(FAY) == []


def _html_with_pictures() -> bytes:
    """An HTML reply showing one picture in its text and a logo in its signature, and a
    picture of the quoted history: the three inline, by Content-ID."""
    message = EmailMessage()
    message["From"] = FAY
    message["To"] = "reply@in.example.org"
    message["Subject"] = "Re: news"
    message["Date"] = formatdate()
    message["Message-ID"] = make_msgid()
    message.set_content("Look at this.")
    html = (
        '<p>Look at this.</p><p><img src="cid:shown@x"></p>'
        '<div>-- </div><div>Fay<br><img src="cid:logo@x"></div>'
        '<blockquote><img src="CID:old@x"></blockquote>'
    )
    message.add_alternative(html, subtype="html")
    related = message.get_payload()[1]
    for cid in ("shown@x", "logo@x", "old@x"):
        related.add_related(files.png(), "image", "png", cid=f"<{cid}>")
    message.add_attachment(files.pdf(), "application", "pdf", filename="plan.pdf")
    return message.as_bytes()


def test_a_signatures_logo_and_quoted_pictures_are_left_out() -> None:
    found = files_of(parse(_html_with_pictures()))
    assert [f.name for f in found] == ["picture.png", "plan.pdf"]
    assert [f.size for f in found] == [len(files.png()), len(files.pdf())]
