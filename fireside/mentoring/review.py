"""Connections that can be trusted: the partner of whoever logged a connection confirms it
or says it did not happen, and a facilitator of the group settles a disputed one.

How a connection counts toward hours is decided in one place, `counting_q` in
fireside/mentoring/models.py: confirmed, settled as counting, or undisputed for REVIEW_DAYS
after it was logged. A dispute's note is for the pair and the group's facilitators; audit
events and emails never carry it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, NotFoundError
from fireside.lib.i18n import lazy_format
from fireside.lib.text import clean_text
from fireside.mentoring.models import DISPUTE_NOTE_MAX, Connection, PairMember, counting_q


def _lock(connection: Connection) -> Connection:
    return Connection.objects.select_for_update().select_related("pairing").get(pk=connection.pk)


def _reviewer_ids(connection: Connection) -> set[int]:
    """The people in the pair who did not log it (everyone, once its writer is erased)."""
    seats = PairMember.objects.filter(pairing_id=connection.pairing_id)
    return set(
        seats.exclude(user_id=connection.logged_by_id or 0).values_list("user_id", flat=True)
    )


def _check_reviewer(user: User, connection: Connection) -> None:
    if connection.logged_by_id == user.pk:
        raise NotAllowed(
            _("You logged this connection: your partner confirms it, not you."),
        )
    if user.pk not in _reviewer_ids(connection):
        raise NotFoundError(_("Not found."))


def check_confirm_connection(*, user: User, connection: Connection) -> Connection:
    """The partner says: yes, we met. It counts from now on, whatever happens later."""
    with transaction.atomic():
        locked = _lock(connection)
        _check_reviewer(user, locked)
        if locked.confirmed_at is not None:
            raise Conflict(_("This connection is already confirmed."))
        if locked.settled_at is not None:
            raise Conflict(_("A facilitator has already settled this connection."))
        if locked.disputed_at is not None and locked.disputed_by_id != user.pk:
            raise Conflict(
                _("Someone in your pair disputed this connection: a facilitator will settle it.")
            )
        locked.confirmed_at, locked.confirmed_by = timezone.now(), user
        locked.save(update_fields=["confirmed_at", "confirmed_by"])
        record(
            user,
            "mentoring.confirm_connection",
            locked.pairing,
            connection_id=locked.pk,
            was_disputed=locked.disputed_at is not None,
        )
    return locked


def check_dispute_connection(
    *, user: User, connection: Connection, note: object = ""
) -> Connection:
    """The partner says: this did not happen (or not like this). It stops counting until a
    facilitator of the group settles it."""
    note_text = clean_text(note, "note", DISPUTE_NOTE_MAX)
    with transaction.atomic():
        locked = _lock(connection)
        _check_reviewer(user, locked)
        if locked.confirmed_at is not None:
            raise Conflict(_("This connection is already confirmed, so it cannot be disputed."))
        if locked.settled_at is not None:
            raise Conflict(_("A facilitator has already settled this connection."))
        if locked.disputed_at is not None:
            raise Conflict(_("This connection is already disputed: a facilitator will settle it."))
        locked.disputed_at, locked.disputed_by = timezone.now(), user
        locked.dispute_note = note_text
        locked.save(update_fields=["disputed_at", "disputed_by", "dispute_note"])
        record(user, "mentoring.dispute_connection", locked.pairing, connection_id=locked.pk)
    return locked


def parse_counts(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(
            _("counts must be true or false."), {"counts": [_("Choose whether it counts.")]}
        )
    return value


def check_settle_connection(*, actor: User, connection: Connection, counts: object) -> Connection:
    """A facilitator of the group decides whether a disputed connection counts. The caller
    has checked that `actor` facilitates the pair's group (access.get_dispute_to_settle)."""
    outcome = parse_counts(counts)
    with transaction.atomic():
        locked = _lock(connection)
        if locked.disputed_at is None:
            raise NotFoundError(_("Not found."))
        if PairMember.objects.filter(pairing_id=locked.pairing_id, user=actor).exists():
            raise NotAllowed(
                _("You are in this pair: another facilitator of the group settles it.")
            )
        if locked.settled_at is not None:
            raise Conflict(_("This connection is already settled."))
        if locked.confirmed_at is not None:
            raise Conflict(_("The partner confirmed this connection after all: it counts."))
        locked.settled_at, locked.settled_by = timezone.now(), actor
        locked.settled_counts = outcome
        locked.save(update_fields=["settled_at", "settled_by", "settled_counts"])
        record(
            actor,
            "mentoring.settle_connection",
            locked.pairing,
            connection_id=locked.pk,
            counts=outcome,
        )
    return locked


# --- Telling the partner ------------------------------------------------------------------

# The date in each reader's language, when their notification is written.
_date_words = lazy(date_format, str)
CONNECTION_LOGGED = gettext_lazy(
    "A connection on %(day)s was logged for your pair: confirm it, or say it did not happen."
)


def tell_partners(connection: Connection, writer: User) -> None:
    """The partners hear of a new connection by their notification settings. The words
    name no one (an erased writer's name would stay in them) and never carry the note."""
    from fireside.mentoring.partner_requests import pair_places
    from fireside.notifications.actions import notify
    from fireside.notifications.models import Kind

    pairing = connection.pairing
    users = [m.user for m in PairMember.objects.filter(pairing=pairing).select_related("user")]
    # A partner from another group of the program (members chose across it) hears through
    # their own group, whose settings they chose.
    for community, people in pair_places(pairing, users):
        notify(
            users=people,
            community=community,
            kind=Kind.CONNECTION,
            url=reverse("mentoring:pair", args=[pairing.pk]) + f"#connection-{connection.pk}",
            text=lazy_format(CONNECTION_LOGGED, day=_date_words(connection.happened_on, "j F")),
            actor=writer,
        )


# --- Reading -------------------------------------------------------------------------------


def disputes_for(community_ids: list[int]) -> list[Connection]:
    """The disputed connections a facilitator settles: date, minutes, people and the
    dispute's note — never the writer's private note."""
    return list(
        Connection.objects.disputed_unsettled()
        .filter(pairing__community_id__in=community_ids)
        .select_related("logged_by", "disputed_by", "pairing__community")
        .prefetch_related("pairing__pair_members__user")
        .defer("note")
        .order_by("disputed_at", "pk")
    )


def dispute_out(c: Connection) -> dict[str, Any]:
    return {
        "id": c.pk,
        "pairing_id": c.pairing_id,
        "date": c.happened_on,
        "minutes": c.minutes,
        "people": [m.user.display_name for m in c.pairing.pair_members.all()],
        "logged_by": c.logged_by.display_name if c.logged_by else None,
        "disputed_by": c.disputed_by.display_name if c.disputed_by else None,
        "dispute_note": c.dispute_note,
    }


def counts_for_program(program_id: int, now: dt.datetime) -> dict[str, int]:
    """For coordinators: how many connections wait for a partner and how many are disputed,
    numbers only (one query)."""
    from django.db.models import Count, Q

    waiting = ~counting_q(now) & Q(disputed_at__isnull=True)
    disputed = Q(disputed_at__isnull=False, settled_at__isnull=True, confirmed_at__isnull=True)
    return Connection.objects.filter(pairing__community__program_id=program_id).aggregate(
        waiting=Count("pk", filter=waiting), disputed=Count("pk", filter=disputed)
    )


def counts_from_day(connection: Connection) -> dt.date:
    return timezone.localdate(connection.counts_from())
