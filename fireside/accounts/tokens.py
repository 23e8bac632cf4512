"""Signed, expiring links for email verification: no table needed."""

from __future__ import annotations

from django.core import signing

from fireside.accounts.models import User

_SALT = "fireside.accounts.verify-email"
MAX_AGE = 60 * 60 * 24 * 7


def make_verification_token(user: User, then: str = "") -> str:
    """`then`: a page of this site to go on to once the address is confirmed (the group
    the person was joining when they signed up); the view checks it again on use."""
    data: dict[str, object] = {"u": user.pk, "e": user.email}
    if then:
        data["n"] = then
    return signing.dumps(data, salt=_SALT)


def verification_for(token: str) -> tuple[User, str] | None:
    """The person a verification link is for, and the page to go on to ("" for none)."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = User.objects.filter(pk=int(data["u"]), email=str(data.get("e")), is_active=True).first()
    then = data.get("n")
    return (user, then if isinstance(then, str) else "") if user is not None else None


def user_for_verification_token(token: str) -> User | None:
    found = verification_for(token)
    return found[0] if found else None


# --- Changing the email address ---------------------------------------------------------------
# The confirmation (to the new address) and the "was it you?" link (to the old one) carry the
# account and both addresses; what they may still do is decided by the account as it is now.

_CHANGE_SALT = "fireside.accounts.change-email"
_CANCEL_SALT = "fireside.accounts.cancel-email-change"
CANCEL_MAX_AGE = 60 * 60 * 24 * 30


def make_email_change_tokens(user: User, new_email: str) -> tuple[str, str]:
    """(confirm, cancel) for a change from the user's current address to new_email."""
    data = {"u": user.pk, "o": user.email, "n": new_email}
    return signing.dumps(data, salt=_CHANGE_SALT), signing.dumps(data, salt=_CANCEL_SALT)


def _change_for(token: str, salt: str, max_age: int) -> tuple[User, str, str] | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # tampered with, or expired (SignatureExpired)
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    old, new = data.get("o"), data.get("n")
    if not isinstance(old, str) or not isinstance(new, str):
        return None
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    return (user, old, new) if user is not None else None


def email_change_for_confirm_token(token: str) -> tuple[User, str, str] | None:
    from django.conf import settings

    return _change_for(token, _CHANGE_SALT, settings.EMAIL_CHANGE_MAX_AGE_SECONDS)


def email_change_for_cancel_token(token: str) -> tuple[User, str, str] | None:
    return _change_for(token, _CANCEL_SALT, CANCEL_MAX_AGE)
