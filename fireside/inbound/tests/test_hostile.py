"""Mail that must post nothing: forged, someone else's address, garbled or expired, too
large, replayed, automatic, to a hidden thread, after leaving the group or the pair — and who
hears back (the bounce rule: only an account's address, never the address's owner for mail
someone else sent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from conftest import World
from fireside.communities.actions import check_leave, do_update_agreement
from fireside.conversations import actions
from fireside.conversations.models import Reply, Thread
from fireside.inbound.addresses import make_token, reply_address
from fireside.inbound.models import ReceivedMessage
from fireside.inbound.tests.mailers import QUOTED_EN, bounces, feed, reply_email
from fireside.mentoring.message_models import PairMessage
from fireside.mentoring.tests.factories import make_pairing
from fireside.mentoring.tests.pair_message_factories import make_message

pytestmark = pytest.mark.django_db
MINA = "member@example.org"
FAY = "facilitator@example.org"


@pytest.fixture(autouse=True)
def _inbound(settings: Any) -> None:
    settings.INBOUND_EMAIL_DOMAIN = "in.example.org"


@pytest.fixture
def thread(world: World) -> Thread:
    return actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Night shifts",
        body="How do you rest?",
        kind="question",
    )


def _to(user: Any, thread: Thread) -> str:
    return reply_address(user, "thread", thread.pk)


def _feed(raw: bytes, capture: Any) -> str:
    mail.outbox.clear()
    return feed(raw, capture)


def _nothing_posted() -> None:
    assert not Reply.objects.exists()


def test_a_forged_sender_posts_nothing_and_nobody_is_written(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    raw = reply_email(to=_to(world.member, thread), sender="mina@evil.example", text="Spam")
    assert _feed(raw, django_capture_on_commit_callbacks) == "forged"
    _nothing_posted()
    assert mail.outbox == []  # the stranger has no account; Mina is told nothing


def test_someone_elses_reply_address_is_refused_and_only_its_sender_is_told(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    raw = reply_email(to=_to(world.member, thread), sender=FAY, text="Answering as Mina?")
    assert _feed(raw, django_capture_on_commit_callbacks) == "forged"
    _nothing_posted()
    [bounce] = bounces(FAY)
    assert "sent to someone else" in bounce.body
    assert "Night shifts" not in bounce.body and "Mina" not in bounce.body
    assert [m.to for m in mail.outbox] == [[FAY]]


def test_mail_its_domain_says_is_forged_gets_no_bounce(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    raw = reply_email(
        to=_to(world.member, thread),
        sender=MINA,
        text="Hi",
        headers={"Authentication-Results": "mx.example.org; dmarc=fail header.from=example.org"},
    )
    assert _feed(raw, django_capture_on_commit_callbacks) == "forged"
    _nothing_posted()
    assert mail.outbox == []


def test_an_html_only_reply_is_posted_as_text_without_its_script(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>Sounds <b>good</b> &amp; "
        "fair</p><script>alert('x')</script><img src=x onerror=alert(1)>"
        "<blockquote>Earlier: How do you rest?</blockquote></body></html>"
    )
    raw = reply_email(to=_to(world.member, thread), sender=MINA, html=html)
    assert _feed(raw, django_capture_on_commit_callbacks) == "posted"
    reply = Reply.objects.get()
    assert reply.body == "Sounds good & fair"
    for bad in ("script", "alert", "onerror", "<img", "color:red", "Earlier"):
        assert bad not in reply.body and bad not in reply.body_html


def test_a_30_mb_email_is_refused_and_its_writer_told(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    raw = reply_email(
        to=_to(world.member, thread),
        sender=MINA,
        text="Photos of the garden",
        attachment=b"\0" * (30 * 1024 * 1024),
    )
    assert _feed(raw, django_capture_on_commit_callbacks) == "too_large"
    _nothing_posted()
    [bounce] = bounces(MINA)
    assert "10.0\xa0MB" in bounce.body


def test_a_hidden_thread_takes_no_reply(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    actions.do_hide(actor=world.facilitator, post=thread, reason="Names a child")
    for user, words in ((world.member, "no longer post there"), (world.facilitator, "hidden")):
        raw = reply_email(to=_to(user, thread), sender=user.email, text="Still here")
        assert _feed(raw, django_capture_on_commit_callbacks) == "refused"
        [bounce] = bounces(user.email)
        assert words in bounce.body
    _nothing_posted()


def test_after_leaving_the_group_nothing_is_posted_and_the_bounce_is_in_french(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    world.member.language = "fr-ca"
    world.member.save()
    address = _to(world.member, thread)
    check_leave(user=world.member, community=world.community)
    raw = reply_email(to=address, sender=MINA, text="Encore moi")
    assert _feed(raw, django_capture_on_commit_callbacks) == "refused"
    _nothing_posted()
    [bounce] = bounces(MINA)
    assert bounce.subject == "Votre courriel n’a pas été publié"
    assert "Bonjour" in bounce.body


def test_the_agreement_applies_to_email_too(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    do_update_agreement(actor=world.facilitator, community=world.community, text="Be kind.")
    raw = reply_email(to=_to(world.member, thread), sender=MINA, text="Hello")
    assert _feed(raw, django_capture_on_commit_callbacks) == "refused"
    _nothing_posted()
    assert "agreement has changed" in bounces(MINA)[0].body


def test_a_message_is_posted_once_however_often_it_comes(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    raw = reply_email(to=_to(world.member, thread), sender=MINA, text=f"Once only{QUOTED_EN}")
    assert _feed(raw, django_capture_on_commit_callbacks) == "posted"
    assert _feed(raw, django_capture_on_commit_callbacks) == "repeat"
    assert Reply.objects.count() == 1
    assert "already been received" in bounces(MINA)[0].body
    record = ReceivedMessage.objects.get()
    assert (record.outcome, record.repeats) == ("posted", 1)


def test_a_message_without_message_id_is_named_by_its_content(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    raw = reply_email(to=_to(world.member, thread), sender=MINA, text="No id")
    raw = b"\n".join(line for line in raw.split(b"\n") if not line.startswith(b"Message-ID"))
    assert _feed(raw, django_capture_on_commit_callbacks) == "posted"
    assert _feed(raw, django_capture_on_commit_callbacks) == "repeat"
    assert Reply.objects.count() == 1


@pytest.mark.parametrize("garble", ["missing", "changed", "expired", "other domain"])
def test_a_garbled_or_expired_address_posts_nothing(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any, garble: str
) -> None:
    address = _to(world.member, thread)
    local, domain = address.split("@")
    token = local.split("+")[1]
    address = {
        "missing": f"reply@{domain}",
        "changed": f"reply+{token[:-3]}{'aaa' if token[-3:] != 'aaa' else 'bbb'}@{domain}",
        "expired": "reply+{}@{}".format(
            make_token("t", world.member.pk, thread.pk, timezone.localdate() - dt.timedelta(200)),
            domain,
        ),
        "other domain": f"{local}@elsewhere.example",
    }[garble]
    raw = reply_email(to=address, sender=MINA, text="Hello")
    assert _feed(raw, django_capture_on_commit_callbacks) == "unaddressed"
    _nothing_posted()
    assert "not a reply address Fireside knows" in bounces(MINA)[0].body
    # From a stranger: no bounce at all (no backscatter).
    raw = reply_email(to=address, sender="who@nowhere.example", text="Hello")
    assert _feed(raw, django_capture_on_commit_callbacks) == "unaddressed"
    assert mail.outbox == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X-Autoreply": "yes"},
    ],
)
def test_automatic_replies_are_dropped_silently(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any, headers: Any
) -> None:
    raw = reply_email(to=_to(world.member, thread), sender=MINA, text="I am away", headers=headers)
    assert _feed(raw, django_capture_on_commit_callbacks) == "automatic"
    _nothing_posted()
    assert mail.outbox == []


def test_an_empty_answer_is_not_posted(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    raw = reply_email(to=_to(world.member, thread), sender=MINA, text=f"\n-- \nMina{QUOTED_EN}")
    assert _feed(raw, django_capture_on_commit_callbacks) == "empty"
    _nothing_posted()
    assert "no words of yours" in bounces(MINA)[0].body


def test_an_answer_too_long_is_refused_with_the_limit(
    world: World, thread: Thread, django_capture_on_commit_callbacks: Any
) -> None:
    raw = reply_email(to=_to(world.member, thread), sender=MINA, text="word " * 5000)
    assert _feed(raw, django_capture_on_commit_callbacks) == "refused"
    _nothing_posted()
    assert "20000" in bounces(MINA)[0].body.replace(",", "").replace("\u202f", "")


def test_a_pair_that_ended_takes_no_message(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    message = make_message(pairing, world.facilitator)
    address = reply_address(world.member, "pair_message", message.pk)
    pairing.ended_on = timezone.localdate()
    pairing.save()
    raw = reply_email(to=address, sender=MINA, text="Thanks for everything")
    assert _feed(raw, django_capture_on_commit_callbacks) == "refused"
    assert PairMessage.objects.count() == 1
    assert "This pair has ended" in bounces(MINA)[0].body


def test_a_pair_address_is_not_a_way_into_another_pair(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_message(pairing, world.facilitator)
    # A token for a pair Otto is not in, in his own name: refused like the web's 404.
    address = reply_address(world.outsider, "pair_message", PairMessage.objects.get().pk)
    raw = reply_email(to=address, sender="outsider@example.org", text="Let me in")
    assert _feed(raw, django_capture_on_commit_callbacks) == "refused"
    assert PairMessage.objects.count() == 1
