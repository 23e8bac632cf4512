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

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fireside.accounts.models import User
from fireside.enrolment.check import Plan

# Their email, as create_invitation sends it (private there: one sender for both).
from fireside.invitations.actions import _send as send_invitation_email
from fireside.invitations.models import Invitation, new_token
from fireside.programs.models import Program

_CHUNK = 900
BATCH = 500
SEND_CHUNK = 50


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


def send_invitations(tokens: dict[int, str], progress: Callable[[int], None]) -> int:
    """Email each invitation not yet sent; returns how many were sent."""
    ids = sorted(tokens)
    sent = 0
    for start in range(0, len(ids), SEND_CHUNK):
        part = ids[start : start + SEND_CHUNK]
        with transaction.atomic():
            for invitation in Invitation.objects.select_related(
                "program", "community", "invited_by", "user"
            ).filter(pk__in=part, sent_at__isnull=True):
                send_invitation_email(invitation, tokens[invitation.pk])
                sent += 1
        progress(start + len(part))
    return sent
