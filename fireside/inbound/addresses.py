"""Reply addresses: PREFIX+<token>@INBOUND_EMAIL_DOMAIN, one per person and target.

The token is 34 letters and digits (base32, so a mail server that lowers the case of an
address does not break it): an 80-bit HMAC tag of what it names, then what it names
(target code, person, target id, day issued) encrypted with a keystream drawn from the tag.
Both keys derive from SECRET_KEY with this module's own salts (a rotated key is still
honoured while it is in SECRET_KEY_FALLBACKS). So the address is not guessable, says no id
in clear, cannot be altered into another person's or thread's, and expires after MAX_AGE_DAYS.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import re
import struct
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from fireside.inbound import registry

SALT = "fireside.inbound.reply-address"
MAX_AGE_DAYS = 180
EPOCH = dt.date(2020, 1, 1)
_PAYLOAD = struct.Struct(">cIIH")  # code, person, target id, day issued: 11 bytes
_TAG = 10


class BadToken(ValueError):
    """No reply address, or one that is garbled, forged or expired."""


@dataclass(frozen=True)
class Addressed:
    code: str
    user_id: int
    target_id: int
    issued: dt.date


def enabled() -> bool:
    return bool(settings.INBOUND_EMAIL_DOMAIN)


def _keys(secret: str | bytes) -> tuple[bytes, bytes]:
    return (
        salted_hmac(f"{SALT}.tag", b"", secret=secret, algorithm="sha256").digest(),
        salted_hmac(f"{SALT}.stream", b"", secret=secret, algorithm="sha256").digest(),
    )


def _tag(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, "sha256").digest()[:_TAG]


def _stream(key: bytes, tag: bytes) -> bytes:
    return hmac.new(key, tag, "sha256").digest()[: _PAYLOAD.size]


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def make_token(code: str, user_id: int, target_id: int, today: dt.date | None = None) -> str:
    day = ((today or timezone.localdate()) - EPOCH).days
    payload = _PAYLOAD.pack(code.encode("ascii"), user_id, target_id, day)
    tag_key, stream_key = _keys(settings.SECRET_KEY)
    tag = _tag(tag_key, payload)
    sealed = tag + _xor(payload, _stream(stream_key, tag))
    return base64.b32encode(sealed).decode("ascii").rstrip("=").lower()


def read_token(token: str, today: dt.date | None = None) -> Addressed:
    text = token.strip().upper()
    try:
        sealed = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError) as exc:
        raise BadToken("garbled") from exc
    # Canonical only: base32's unused last bits may not make a second spelling of a token.
    if len(sealed) != _TAG + _PAYLOAD.size or base64.b32encode(sealed).decode() != text + "=" * (
        -len(text) % 8
    ):
        raise BadToken("garbled")
    tag, hidden = sealed[:_TAG], sealed[_TAG:]
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        tag_key, stream_key = _keys(secret)
        payload = _xor(hidden, _stream(stream_key, tag))
        if hmac.compare_digest(_tag(tag_key, payload), tag):
            break
    else:
        raise BadToken("garbled")
    code, user_id, target_id, day = _PAYLOAD.unpack(payload)
    issued = EPOCH + dt.timedelta(days=day)
    if ((today or timezone.localdate()) - issued).days > MAX_AGE_DAYS:
        raise BadToken("expired")
    return Addressed(code.decode("ascii"), user_id, target_id, issued)


def reply_address(user: Any, subject_type: str, subject_id: int | None) -> str:
    """The address on which `user` answers news about this subject; "" when the feature is
    off or the news cannot be answered by email."""
    if not enabled():
        return ""
    found = registry.target_of(subject_type, subject_id)
    if found is None:
        return ""
    code, target_id = found
    token = make_token(code, user.pk, target_id)
    return f"{settings.INBOUND_EMAIL_PREFIX}+{token}@{settings.INBOUND_EMAIL_DOMAIN}"


def token_in(address: str) -> str | None:
    """The token of one of our reply addresses, else None."""
    local, _at, domain = address.strip().rpartition("@")
    if not enabled() or domain.lower() != settings.INBOUND_EMAIL_DOMAIN:
        return None
    match = re.fullmatch(
        rf"{re.escape(settings.INBOUND_EMAIL_PREFIX)}\+([a-z2-7]+)", local, re.IGNORECASE
    )
    return match.group(1) if match else None
