"""Answering a gathering from its email: Yes / Maybe / No links that need no sign-in.

Each link is signed (django.core.signing, a salt of its own) and says who answers what for
which gathering, with a nonce of its own. Opening it (GET) only reads: mail scanners that
follow links answer nothing. The confirm page's button (a POST with a CSRF token) records
the answer. A link works for its one person while they are an active member, until the
gathering ends; a cancelled gathering takes no answers.

Replays: a link used once may be used again to say the same thing (nothing changes, the
page says the answer is in). It is refused (409) once the person's answer has changed since:
an old email never overturns a newer answer given on the site or through another link.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.gatherings.models import AnswerLinkUse, Gathering, Rsvp
from fireside.lib.errors import Conflict, Gone, InvalidInput, NotAllowed

SALT = "fireside.gatherings.email-answer"


def answer_token(*, user: User, gathering: Gathering, response: str) -> str:
    # A list, not a dict, and a short nonce: the address stays short enough to tap in an email.
    payload = [gathering.pk, user.pk, response, secrets.token_urlsafe(9)]
    return signing.dumps(payload, salt=SALT, compress=True)


def answer_links(*, user: User, gathering: Gathering) -> dict[str, str]:
    """Full addresses for an email: {"yes": …, "maybe": …, "no": …}, each with its nonce."""
    return {
        response: settings.SITE_URL
        + reverse(
            "gatherings:email_answer",
            kwargs={
                "answer_token": answer_token(user=user, gathering=gathering, response=response)
            },
        )
        for response in Rsvp.Response.values
    }


@dataclass(frozen=True)
class Link:
    gathering: Gathering
    user: User
    response: str
    nonce: str
    current: str | None  # the person's answer now
    used: bool  # this very link was used before

    @property
    def already_in(self) -> bool:
        return self.current == self.response


def _payload(token: str) -> tuple[int, int, str, str]:
    try:
        data: Any = signing.loads(token, salt=SALT)
        gathering_id, user_id, response, nonce = data
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidInput(_("This link is not valid. Was it copied in full?")) from exc
    valid = (
        isinstance(gathering_id, int)
        and isinstance(user_id, int)
        and response in Rsvp.Response.values
        and isinstance(nonce, str)
        and 0 < len(nonce) <= 32
    )
    if not valid:
        raise InvalidInput(_("This link is not valid. Was it copied in full?"))
    return gathering_id, user_id, response, nonce


def check_answer_link(*, token: str, visitor: Any) -> Link:
    """What a link would record, or why it cannot: 400 forged or damaged, 403 someone
    else's or no longer a member, 410 over or cancelled, 409 a replay that would overturn a
    newer answer. Reads only."""
    gathering_id, user_id, response, nonce = _payload(token)
    gathering = Gathering.objects.select_related("community").filter(pk=gathering_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if gathering is None:
        raise Gone(_("This gathering is no longer in the calendar."))
    if getattr(visitor, "is_authenticated", False) and visitor.pk != user_id:
        raise NotAllowed(
            _(
                "This link was sent to someone else, and you are signed in as %(name)s. "
                "To answer for yourself, open the gathering."
            )
            % {"name": visitor.display_name}
        )
    member = (
        user is not None
        and Membership.objects.filter(
            community=gathering.community, user=user, status=Membership.Status.ACTIVE
        ).exists()
    )
    if user is None or not member:
        raise NotAllowed(_("This link is for a member of the group, and they are no longer one."))
    if gathering.is_cancelled:
        raise Gone(_("This gathering was cancelled, so there is nothing to answer."))
    if gathering.ends_at <= timezone.now():
        raise Gone(_("This gathering is over, so its links no longer work."))
    rsvp = Rsvp.objects.filter(gathering=gathering, user=user).first()
    used = rsvp is not None and AnswerLinkUse.objects.filter(rsvp=rsvp, nonce=nonce).exists()
    link = Link(gathering, user, response, nonce, rsvp.response if rsvp else None, used)
    if used and not link.already_in:
        raise Conflict(
            _(
                "This link was used already, and the answer changed since then. An older "
                "email cannot undo a newer answer: open the gathering to change it."
            )
        )
    return link


def do_answer_by_link(*, token: str, visitor: Any) -> tuple[Link, bool]:
    """Record the link's answer. Returns the link and whether anything changed: using a
    link again to say the same thing changes nothing."""
    with transaction.atomic():
        link = check_answer_link(token=token, visitor=visitor)
        if link.already_in and link.used:
            return link, False
        rsvp, _created = Rsvp.objects.update_or_create(
            gathering=link.gathering, user=link.user, defaults={"response": link.response}
        )
        try:
            with transaction.atomic():
                AnswerLinkUse.objects.create(rsvp=rsvp, nonce=link.nonce)
        except IntegrityError:
            # The same link, posted twice at once: the first one's answer stands.
            raise Conflict(_("This link was just used. Reload the page.")) from None
    return link, not link.already_in
