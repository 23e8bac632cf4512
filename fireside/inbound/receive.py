"""Take in one emailed reply: check it as the web checks a post, post it through the same
action, and record that it came (never what it said).

Who hears back (the bounce rule, also in the README): a bounce goes only to an address that
belongs to an active account, at most BOUNCE_LIMIT an hour per person, and never for an
automatic reply. A reply from the person its address was made for is told why it was not
posted. Mail to a reply address from anyone else is "forged": its sender, when they have an
account (a colleague answering a forwarded notification), is told only that the address is
someone else's; the address's owner is told nothing (a stranger could otherwise make Fireside
write them at will, and nothing of theirs was touched). Mail the sender's own domain says is
forged (Authentication-Results: dmarc=fail) gets no bounce at all.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from fireside.accounts.models import User
from fireside.inbound import registry
from fireside.inbound.addresses import BadToken, read_token, token_in
from fireside.inbound.attached import files_of
from fireside.inbound.models import ReceivedMessage
from fireside.inbound.text import body_text, reply_only
from fireside.lib import ratelimit
from fireside.lib.errors import ActionError, Refused
from fireside.lib.i18n import language_of, lazy_format
from fireside.lib.mail import send_templated

logger = logging.getLogger(__name__)
Outcome = ReceivedMessage.Outcome

REPEAT = "repeat"  # what receive() says of a message already received (its row keeps its outcome)
BOUNCE_LIMIT = 10  # bounces to one person an hour: a mail loop ends there
_RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
_BULK = {"bulk", "junk", "list", "auto_reply"}

UNADDRESSED = _(
    "The address you wrote to is not a reply address Fireside knows, or it has expired. "
    "Answer from a recent notification email, or on the site."
)
SOMEONE_ELSES = _(
    "You answered an email that was sent to someone else: its reply address works only "
    "from that person's email address. Nothing was posted."
)
EMPTY = _(
    "Fireside found no words of yours in your email (quoted earlier messages and "
    "signatures are left out), so nothing was posted."
)
REPLAYED = _("This email had already been received: it is never posted twice.")
NO_LONGER = _(
    "You can no longer post there: the conversation may be hidden, or you may no longer be "
    "in the group or the pair."
)


@dataclass(frozen=True)
class Received:
    outcome: str
    url: str = ""  # of what was posted
    bounced: bool = False


def parse(raw: bytes, *, headers_only: bool = False) -> EmailMessage:
    parser = BytesParser(policy=policy.default)
    return cast(EmailMessage, parser.parsebytes(raw, headersonly=headers_only))


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "").strip()
    except (ValueError, TypeError, IndexError):  # a header too broken to read
        return ""


def is_automatic(message: EmailMessage) -> bool:
    """Out-of-office answers, vacation notices, bounces and bulk mail: dropped silently, so
    two robots never write each other forever."""
    auto = _header(message, "Auto-Submitted").lower()
    if auto and not auto.startswith("no"):
        return True
    if _header(message, "Precedence").lower() in _BULK:
        return True
    if any(_header(message, h) for h in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")):
        return True
    return message.get_content_type() == "multipart/report" or (
        _header(message, "Return-Path") == "<>"
    )


def message_key(message: EmailMessage, raw: bytes) -> str:
    """Names the message: its Message-ID, else its sender, date and content."""
    message_id = _header(message, "Message-ID").strip("<> ").lower()
    if message_id:
        seed = f"id:{message_id}".encode()
    else:
        seed = b"|".join(
            [_header(message, "From").lower().encode(), _header(message, "Date").encode(), raw]
        )
    return hashlib.sha256(seed).hexdigest()


def sender_of(message: EmailMessage) -> str:
    """The one From address, lower case; "" for none, several or an unreadable one."""
    try:
        header: Any = message["From"]
        addresses = list(getattr(header, "addresses", ()) if header is not None else ())
    except (ValueError, TypeError, IndexError):
        return ""
    if len(addresses) != 1:
        return ""
    return str(addresses[0].addr_spec or "").strip().lower()


def token_of(message: EmailMessage, recipient: str = "") -> str | None:
    candidates = [recipient] if recipient else []
    for name in _RECIPIENT_HEADERS:
        try:
            for header in message.get_all(name, []) or []:
                candidates += [a.addr_spec for a in getattr(header, "addresses", ())]
        except (ValueError, TypeError, IndexError):
            continue
    for address in candidates:
        token = token_in(address or "")
        if token:
            return token
    return None


def _fails_dmarc(message: EmailMessage) -> bool:
    results = message.get_all("Authentication-Results", []) or []
    return any("dmarc=fail" in str(r).lower() for r in results)


def _account(address: str) -> User | None:
    if not address:
        return None
    return User.objects.filter(email__iexact=address, is_active=True).first()


_size = lazy(filesizeformat, str)


def _too_large_reason() -> Any:
    return lazy_format(
        _(
            "Your email is larger than %(size)s, the most Fireside takes in, so nothing was "
            "posted. Write your reply again without attachments, or on the site."
        ),
        size=_size(settings.INBOUND_EMAIL_MAX_BYTES),  # "10.0 MB", "10,0 Mo": the reader's
    )


class _Intake:
    """One message's way through: every exit records the outcome once, and bounces (or not)."""

    def __init__(self, record: ReceivedMessage, fresh: bool) -> None:
        self.record = record
        self.fresh = fresh

    def done(
        self, outcome: str, *, to: User | None = None, reason: Any = "", target: str = ""
    ) -> Received:
        if self.fresh:
            self.record.outcome = outcome
            self.record.target = target
            self.record.save(update_fields=["outcome", "target"])
        else:
            ReceivedMessage.objects.filter(pk=self.record.pk).update(
                repeats=F("repeats") + 1, last_repeat_at=timezone.now()
            )
            outcome = REPEAT
        logger.info("Inbound email %s: %s", self.record.pk, outcome)
        bounced = to is not None and bool(reason) and _bounce(to, reason)
        return Received(outcome=outcome, bounced=bounced)


def _bounce(user: User, reason: Any) -> bool:
    if not ratelimit.attempt("inbound-bounce", str(user.pk), BOUNCE_LIMIT, 60 * 60):
        return False
    send_templated("inbound_bounce", {"user": user, "reason": reason}, user.email)
    return True


def receive(raw: bytes, *, recipient: str = "") -> Received:
    """Take in one raw RFC 5322 message. `recipient`: the envelope's, when the mail server
    tells it (Postfix's ${recipient}); else the message's own headers say it."""
    too_large = len(raw) > settings.INBOUND_EMAIL_MAX_BYTES
    message = parse(raw, headers_only=too_large)
    key = message_key(message, raw)
    with transaction.atomic():
        record, fresh = ReceivedMessage.objects.get_or_create(
            key=key, defaults={"outcome": Outcome.REFUSED}
        )
        return _take(_Intake(record, fresh), message, too_large, recipient)


def _take(intake: _Intake, message: EmailMessage, too_large: bool, recipient: str) -> Received:
    if is_automatic(message):
        return intake.done(Outcome.AUTOMATIC)
    sender = sender_of(message)
    token = token_of(message, recipient)
    try:
        addressed = read_token(token) if token else None
    except BadToken:
        addressed = None
    target = registry.target(addressed.code) if addressed else None
    person = (
        User.objects.filter(pk=addressed.user_id, is_active=True).first() if addressed else None
    )
    if addressed is None or target is None or person is None:
        return intake.done(Outcome.UNADDRESSED, to=_account(sender), reason=UNADDRESSED)
    if sender != person.email.lower() or _fails_dmarc(message):
        writer = None if _fails_dmarc(message) else _account(sender)
        to = writer if writer is not None and writer.pk != person.pk else None
        return intake.done(Outcome.FORGED, to=to, reason=SOMEONE_ELSES)
    if not intake.fresh:
        return intake.done(Outcome.REFUSED, to=person, reason=REPLAYED)
    if too_large:
        return intake.done(Outcome.TOO_LARGE, to=person, reason=_too_large_reason())
    text = reply_only(body_text(message))
    if not text:
        return intake.done(Outcome.EMPTY, to=person, reason=EMPTY)
    with translation.override(language_of(person)):  # the action's refusal, in their words
        try:
            with transaction.atomic():
                url = target.post(person, addressed.target_id, text, files_of(message))
        except ActionError as exc:
            return intake.done(Outcome.REFUSED, to=person, reason=exc.message, target=target.code)
        except (Refused, Http404):
            return intake.done(Outcome.REFUSED, to=person, reason=NO_LONGER, target=target.code)
    result = intake.done(Outcome.POSTED, target=target.code)
    return Received(outcome=result.outcome, url=url)
