"""The ways mail comes in: the HTTP endpoint a mail service posts to (its secret, its
limits), a Maildir, standard input; and the reply addresses themselves."""

from __future__ import annotations

import datetime as dt
import io
import mailbox
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from conftest import World
from fireside.conversations import actions
from fireside.conversations.models import Reply, Thread
from fireside.inbound.addresses import BadToken, make_token, read_token, reply_address
from fireside.inbound.tests.mailers import feed, reply_email
from fireside.inbound.views import RATE_LIMIT

pytestmark = pytest.mark.django_db
SECRET = "a-long-random-inbound-secret"
URL = "/inbound/email"


@pytest.fixture(autouse=True)
def _inbound(settings: Any) -> None:
    settings.INBOUND_EMAIL_DOMAIN = "in.example.org"
    settings.INBOUND_EMAIL_SECRET = SECRET


@pytest.fixture
def thread(world: World) -> Thread:
    return actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Night shifts",
        body="How do you rest?",
        kind="question",
    )


def _raw(world: World, thread: Thread, text: str = "By the endpoint") -> bytes:
    return reply_email(
        to=reply_address(world.member, "thread", thread.pk), sender=world.member.email, text=text
    )


def _post(raw: bytes, secret: str | None = SECRET, **extra: Any) -> Any:
    headers = {"Authorization": f"Bearer {secret}"} if secret is not None else {}
    return Client().post(URL, raw, content_type="message/rfc822", headers=headers, **extra)


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x"])
def test_the_endpoint_refuses_without_the_secret(
    world: World, thread: Thread, secret: str | None
) -> None:
    response = _post(_raw(world, thread), secret)
    assert response.status_code == 403
    assert not Reply.objects.exists()


def test_the_endpoint_is_closed_while_no_secret_is_set(
    world: World, thread: Thread, settings: Any
) -> None:
    settings.INBOUND_EMAIL_SECRET = ""
    assert _post(_raw(world, thread), "").status_code == 403


def test_the_endpoint_takes_an_email_in(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(_raw(world, thread))
    assert response.status_code == 202
    assert response.json()["outcome"] == "posted"
    assert Reply.objects.get().body == "By the endpoint"
    assert _post(_raw(world, thread, "Twice?")).status_code == 202
    assert Client().get(URL).status_code == 405


def test_the_endpoint_refuses_an_email_too_large(
    world: World, thread: Thread, settings: Any
) -> None:
    # Past the site's general body limit too: this route checks its own, after the secret.
    settings.INBOUND_EMAIL_MAX_BYTES = 3 * 1024 * 1024
    big = _raw(world, thread, "x" * (4 * 1024 * 1024))
    assert _post(big, "wrong").status_code == 403
    assert _post(big).status_code == 413
    assert not Reply.objects.exists()
    within = _raw(world, thread, "y " * (1024 * 1024))  # 2.5 MB and more, within its own limit
    assert _post(within).status_code == 202


def test_the_endpoint_is_rate_limited(world: World, thread: Thread) -> None:
    raw = reply_email(to="nobody@in.example.org", sender="who@nowhere.example", text="Hi")
    codes = {_post(raw).status_code for _ in range(RATE_LIMIT)}
    assert codes == {202}
    assert _post(raw).status_code == 429


def test_a_maildir_is_taken_in_once(
    world: World, thread: Thread, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    box = mailbox.Maildir(tmp_path / "inbox", create=True)
    box.add(_raw(world, thread, "From the Maildir"))
    box.add(reply_email(to="x@in.example.org", sender="who@nowhere.example", text="Hi"))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("receive_email", maildir=str(tmp_path / "inbox"), stdout=out)
    assert out.getvalue().strip() == "1 posted, 1 unaddressed"
    assert Reply.objects.get().body == "From the Maildir"
    assert all("S" in m.get_flags() and m.get_subdir() == "cur" for m in box)
    out = io.StringIO()
    call_command("receive_email", maildir=str(tmp_path / "inbox"), stdout=out)
    assert out.getvalue().strip() == "nothing new"
    assert Reply.objects.count() == 1


def test_the_command_needs_an_email_or_a_maildir(tmp_path: Any) -> None:
    with pytest.raises(CommandError):
        call_command("receive_email", stdin=io.BytesIO(b""))
    with pytest.raises(CommandError):
        call_command("receive_email", maildir=str(tmp_path / "none"))


def test_the_envelope_recipient_can_be_given(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    address = reply_address(world.member, "thread", thread.pk)
    raw = reply_email(to="group-list@example.org", sender=world.member.email, text="Bcc'd")
    assert feed(raw, django_capture_on_commit_callbacks, recipient=address) == "posted"


def test_a_reply_address_names_its_person_and_thread_without_showing_them(
    world: World, thread: Thread
) -> None:
    address = reply_address(world.member, "thread", thread.pk)
    local, domain = address.split("@")
    token = local.removeprefix("reply+")
    assert domain == "in.example.org" and len(local) <= 64
    assert token.isalnum() and token == token.lower()
    read = read_token(token.upper())  # a server may change the case of an address
    assert (read.code, read.user_id, read.target_id) == ("t", world.member.pk, thread.pk)
    # Each person's differs; another secret key reads none of them.
    assert reply_address(world.facilitator, "thread", thread.pk) != address


def test_a_reply_address_survives_a_key_rotation_and_expires(settings: Any) -> None:
    token = make_token("t", 7, 9)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-secret-key-" * 3
    assert read_token(token).user_id == 7
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(BadToken):
        read_token(token)
    old = make_token("t", 7, 9, timezone.localdate() - dt.timedelta(days=181))
    with pytest.raises(BadToken):
        read_token(old)
    for garbled in ("", "abc", "!" * 34, token[:-1], token + "a"):
        with pytest.raises(BadToken):
            read_token(garbled)
