"""A person's API tokens: listed (never shown again after they are made) and revoked one by
one, or all at once when their password changes."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from fireside.accounts.models import ApiToken, User
from fireside.lib.audit import record
from fireside.lib.errors import NotFoundError

NAME_MAX = 100


def tokens_of(user: User) -> list[ApiToken]:
    return ApiToken.objects.live_for(user)


def token_of(user: User, token_id: int) -> ApiToken:
    """One of the person's own live tokens; anyone else's is "not found"."""
    token = next((t for t in tokens_of(user) if t.pk == token_id), None)
    if token is None:
        raise NotFoundError(_("You have no API token with that id."))
    return token


def do_revoke_token(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise NotFoundError(_("You have no API token with that id."))
    with transaction.atomic():
        token.delete()
        record(user, "accounts.revoke_token", user, name=token.name)


def do_revoke_all_tokens(*, user: User, why: str) -> int:
    """On a new password: every token made under the old one goes (they no longer work
    anyway, see ApiToken.password_stamp; this keeps the list and the trail true)."""
    with transaction.atomic():
        count, _deleted = ApiToken.objects.filter(user=user).delete()
        if count:
            record(user, "accounts.revoke_tokens", user, why=why, count=count)
    return count
