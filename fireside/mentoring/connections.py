"""Peer connections: a pair member logs the time they spent together (one a day per pair,
within the program's limit) and removes one logged by mistake. The note stays its writer's:
audit events and emails never carry it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, NotFoundError, Unprocessable
from fireside.lib.text import clean_text
from fireside.mentoring import review
from fireside.mentoring.actions import today_for
from fireside.mentoring.models import MAX_MINUTES, Connection, Format, Pairing
from fireside.programs.models import Program

NOTE_MAX = 2000


def _connection_minutes(minutes: object, program: Program) -> int:
    """Whole minutes, no longer than the program lets one connection count."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidInput(
            _("minutes must be a whole number."), {"minutes": [_("A whole number.")]}
        )
    if not 1 <= minutes <= MAX_MINUTES:
        raise InvalidInput(
            _("minutes must be from 1 to %(MAX_MINUTES)s (a day).") % {"MAX_MINUTES": MAX_MINUTES},
            {"minutes": [_("From 1 to %(MAX_MINUTES)s.") % {"MAX_MINUTES": MAX_MINUTES}]},
        )
    longest = program.max_connection_minutes
    if minutes > longest:
        raise Unprocessable(
            _("A peer connection counts at most %(longest)s minutes in this program.")
            % {"longest": longest},
            {"minutes": [_("At most %(longest)s.") % {"longest": longest}]},
        )
    return minutes


def check_log_connection(
    *,
    user: User,
    pairing: Pairing,
    happened_on: object,
    minutes: object,
    format: object,
    note: object = "",
) -> Connection:
    """Either member of a pair logs a connection; their partner sees it, not the note."""
    if user.pk not in pairing.user_ids():
        raise NotFoundError(_("Not found."))
    if not isinstance(happened_on, dt.date) or isinstance(happened_on, dt.datetime):
        raise InvalidInput(_("date must be a date (YYYY-MM-DD)."), {"date": [_("Enter a date.")]})
    today = today_for(user, pairing.community.program)
    if happened_on > today:
        raise InvalidInput(
            _("That date is in the future: log a connection once it has happened."),
            {"date": [_("Today or earlier.")]},
        )
    if happened_on < pairing.starts_on:
        raise InvalidInput(
            _("This pair started on %(date_format)s: choose a date from then on.")
            % {"date_format": date_format(pairing.starts_on, "j F Y")},
            {"date": [_("On or after the day the pair started.")]},
        )
    minutes = _connection_minutes(minutes, pairing.community.program)
    if not isinstance(format, str) or format not in Format.values:
        raise InvalidInput(
            _("format must be one of: %(values)s.") % {"values": ", ".join(Format.values)},
            {"format": [_("Choose one.")]},
        )
    note_text = clean_text(note, "note", NOTE_MAX)
    with transaction.atomic():
        # The lock makes the two partners' logs of one day wait for each other; the unique
        # constraint stands behind it.
        locked = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if locked.ended_on is not None:
            raise Conflict(_("This pair has ended, so no more connections can be logged for it."))
        if Connection.objects.filter(pairing=locked, happened_on=happened_on).exists():
            raise Conflict(
                _(
                    "A connection is already logged for %(day)s for this pair (by you or your "
                    "partner): one a day counts. Remove it and log it again to change it."
                )
                % {"day": date_format(happened_on, "j F Y")},
                {"date": [_("One connection a day per pair.")]},
            )
        connection = Connection.objects.create(
            pairing=locked,
            logged_by=user,
            happened_on=happened_on,
            minutes=minutes,
            format=format,
            note=note_text,
        )
        record(user, "mentoring.log_connection", locked, connection_id=connection.pk)
    review.tell_partners(connection, user)
    return connection


def do_remove_connection(*, user: User, connection: Connection) -> None:
    """Logged by mistake: its writer removes it."""
    if connection.logged_by_id != user.pk:
        raise NotAllowed(_("Only the person who logged a connection can remove it."))
    with transaction.atomic():
        record(user, "mentoring.remove_connection", connection.pairing, connection_id=connection.pk)
        connection.delete()
