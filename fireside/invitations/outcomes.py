"""What a batch of invitations did, told to the person who sent it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import ngettext

from fireside.invitations.actions import (
    ALREADY_INVITED,
    ALREADY_MEMBER,
    INVITED,
    NOT_FOR_GROUP,
    InviteResult,
)


def tell(request: HttpRequest, result: InviteResult) -> None:
    invited = result.of(INVITED)
    if invited:
        messages.success(
            request,
            ngettext(
                "We emailed an invitation to %(emails)s.",
                "We emailed invitations to %(count)s people: %(emails)s.",
                len(invited),
            )
            % {"count": len(invited), "emails": ", ".join(o.email for o in invited)},
        )
    waiting = result.of(ALREADY_INVITED)
    if waiting:
        messages.info(
            request,
            ngettext(
                "Already invited, not answered yet: %(emails)s. Resend it from the list "
                "below if it got lost.",
                "Already invited, not answered yet: %(emails)s. Resend them from the list "
                "below if they got lost.",
                len(waiting),
            )
            % {"emails": ", ".join(o.email for o in waiting)},
        )
    for outcome in result.of(ALREADY_MEMBER) + result.of(NOT_FOR_GROUP):
        messages.warning(request, outcome.message)
