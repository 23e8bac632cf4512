"""Signed, expiring links for email verification: no table needed."""

from __future__ import annotations

from django.core import signing

from fireside.accounts.models import User

_SALT = "fireside.accounts.verify-email"
MAX_AGE = 60 * 60 * 24 * 7


def make_verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=_SALT)


def user_for_verification_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return User.objects.filter(pk=int(data["u"]), email=str(data.get("e")), is_active=True).first()
