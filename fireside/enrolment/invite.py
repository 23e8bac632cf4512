"""Turning a clean file's rows into invitations (fireside.invitations), in bulk.

create_invitation makes one invitation with about eight queries (its checks, the row, the
audit event, the email); for 5,000 rows that is 40,000 queries in one transaction. The rows
here are already checked together (fireside/enrolment/check.py: audience, eligibility, seats,
live places and invitations), so the invitations are written with one INSERT per 500, and
their emails go out afterwards, each with its own small transaction, the progress counter
moving as they do. An invitation whose email has not gone yet is complete and idempotent:
sending again (send_invitations) only sends those never sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import get_template
from django.utils import timezone
from django_tasks import task

from fireside.accounts.models import User
from fireside.enrolment.check import Plan
from fireside.invitations.actions import email_context
from fireside.invitations.models import Invitation, new_token
from fireside.lib.i18n import speaking_to
from fireside.lib.mail import deliver, render_plain
from fireside.ops.models import OutgoingEmail
from fireside.programs.models import Program

_CHUNK = 900
BATCH = 500
SEND_CHUNK = 250


def live_invitations(program: Program, emails: Sequence[str]) -> set[tuple[str, int | None]]:
    """(address, group or None) of every live invitation in the program to these addresses."""
    found: set[tuple[str, int | None]] = set()
    for start in range(0, len(emails), _CHUNK):
        found.update(
            Invitation.objects.live()
            .filter(program=program, email__in=emails[start : start + _CHUNK])
            .values_list("email", "community_id")
        )
    return found


def create_invitations_in_bulk(
    *, actor: User | None, program: Program, plans: Sequence[Plan]
) -> dict[int, str]:
    """One invitation (source "import") per planned row, inside the caller's transaction.
    Returns each invitation's id with its raw token, for the emails."""
    expires_at = timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS)
    raws: list[str] = []
    made: list[Invitation] = []
    for plan in plans:
        raw, digest = new_token()
        raws.append(raw)
        made.append(
            Invitation(
                program=program,
                community_id=plan.community_id,
                email=plan.email,
                name=plan.name,
                role_type=plan.role_type,
                region=plan.region,
                role=plan.role,
                joined_on=plan.joined_on,
                user_id=plan.user_id,
                invited_by=actor if getattr(actor, "pk", None) else None,
                source=Invitation.Source.IMPORT,
                token_hash=digest,
                expires_at=expires_at,
            )
        )
    with transaction.atomic():
        created = Invitation.objects.bulk_create(made, batch_size=BATCH)
    if any(i.pk is None for i in created):  # a database that cannot return the new ids
        by_hash = dict(
            Invitation.objects.filter(token_hash__in=[i.token_hash for i in created]).values_list(
                "token_hash", "pk"
            )
        )
        for item in created:
            item.pk = by_hash[item.token_hash]
    return {item.pk: raw for item, raw in zip(created, raws, strict=True)}


def _context(invitation: Invitation, raw: str) -> dict[str, Any]:
    return {"site_url": settings.SITE_URL, **email_context(invitation, raw)}


def _render(invitation: Invitation, raw: str) -> OutgoingEmail:
    context = _context(invitation, raw)
    with speaking_to(invitation.user):  # no account yet: the site's language
        subject = " ".join(render_plain("emails/invitation.subject.txt", context).split())
        body = render_plain("emails/invitation.txt", context)
        html = get_template("emails/invitation.html").render(context)
    return OutgoingEmail(
        template="invitation", to=[invitation.email], subject=subject, body=body, html=html
    )


def send_invitations(tokens: dict[int, str], progress: Callable[[int], None]) -> int:
    """Queue the email of each invitation not yet sent, a part at a time: rendered here in
    each person's language, written with one INSERT a part, and handed to the worker as one
    task a part (fireside.lib.mail.deliver sends each at most once; `send_queued_email`
    hourly picks up any a lost task left). Returns how many were queued."""
    ids = sorted(tokens)
    queued = 0
    for start in range(0, len(ids), SEND_CHUNK):
        part = ids[start : start + SEND_CHUNK]
        with transaction.atomic():
            items = list(
                Invitation.objects.select_related("program", "community", "invited_by", "user")
                .select_for_update(of=("self",))
                .filter(pk__in=part, sent_at__isnull=True)
            )
            emails = OutgoingEmail.objects.bulk_create(
                [_render(item, tokens[item.pk]) for item in items]
            )
            Invitation.objects.filter(pk__in=[i.pk for i in items]).update(
                sent_at=timezone.now(), send_count=F("send_count") + 1
            )
            email_ids = [e.pk for e in emails]
            if email_ids:
                transaction.on_commit(partial(deliver_emails.enqueue, email_ids=email_ids))
            queued += len(items)
        progress(start + len(part))
    return queued


@task()
def deliver_emails(*, email_ids: list[int]) -> int:
    """Send queued emails one after the other; each is claimed, so none goes twice."""
    return sum(deliver(pk) == "sent" for pk in email_ids)
