"""Attendance in seconds: members check themselves in with a short code during the
gathering, and a facilitator can mark everyone present at once.

The code is derived from the gathering (no row to store): the same for everyone, shown by
the facilitator as text and as a QR code, and only taken from 15 minutes before the start
to the end. Wrong codes are counted per person, to slow down guessing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.gatherings.actions import attendance_candidates, check_record_attendance
from fireside.gatherings.models import Attendance, Gathering, Rsvp
from fireside.lib import ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, TooMany

EARLY = dt.timedelta(minutes=15)
# No 0/O, 1/I/L: easy to read off a screen across a room, and to type on a phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
WRONG_CODES = 10  # per person, per window below
WRONG_WINDOW = 15 * 60


def code_for(g: Gathering) -> str:
    digest = salted_hmac("fireside.gatherings.checkin", g.uid).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:CODE_LENGTH])


def opens_at(g: Gathering) -> dt.datetime:
    return g.starts_at - EARLY


def is_open(g: Gathering, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return not g.is_cancelled and opens_at(g) <= now <= g.ends_at


def _normal(code: object) -> str:
    if not isinstance(code, str):
        return ""
    return "".join(code.split()).upper().replace("-", "")


def _check_window(g: Gathering, now: dt.datetime) -> None:
    if g.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is nothing to check in to."))
    local = g.tz
    if now < opens_at(g):
        raise Conflict(
            _("Check-in opens at %(when)s, 15 minutes before the start.")
            % {"when": date_format(opens_at(g).astimezone(local), "j F Y, H:i")},
            {"code": [_("Not open yet.")]},
        )
    if now > g.ends_at:
        raise Conflict(
            _(
                "This gathering is over, so check-in is closed. Ask the facilitator to add you "
                "to the attendance sheet."
            ),
            {"code": [_("Closed.")]},
        )


def check_in(*, user: User, gathering: Gathering, code: object) -> Attendance:
    """Mark the person present for the gathering's whole length. Only during the window,
    only for members of the group at the time, only with the right code."""
    g = gathering
    now = timezone.now()
    _check_window(g, now)
    if not attendance_candidates(g).filter(user=user).exists():
        raise NotAllowed(_("Only members of this group can check in to its gatherings."))
    ident = str(user.pk)
    if not ratelimit.attempt("checkin", ident, WRONG_CODES, WRONG_WINDOW):
        raise TooMany(
            _("Too many wrong codes. Wait a few minutes, or ask the facilitator to tick you."),
            {"code": [_("Too many tries.")]},
        )
    typed = _normal(code)
    if not typed:
        ratelimit.refund("checkin", ident)
        raise InvalidInput(
            _("Please type the code the facilitator shows."), {"code": [_("Type the code.")]}
        )
    if typed != code_for(g):
        raise InvalidInput(
            _("That code is not the one for this gathering. Check it with the facilitator."),
            {"code": [_("Not this gathering's code.")]},
        )
    ratelimit.refund("checkin", ident)
    with transaction.atomic():
        row, created = Attendance.objects.get_or_create(
            gathering=g,
            user=user,
            defaults={"present": True, "minutes": g.duration_minutes, "recorded_by": user},
        )
        changed = created or not row.present
        if not row.present:  # marked absent earlier: they are here after all
            row.present, row.minutes, row.recorded_by = True, g.duration_minutes, user
            row.save(update_fields=["present", "minutes", "recorded_by", "recorded_at"])
        if changed:
            record(user, "gatherings.check_in", g.community, gathering_id=g.pk)
    return row


def check_everyone_present(*, actor: User, gathering: Gathering) -> list[Attendance]:
    """Everyone who was a member at the time, present for the gathering's whole length."""
    members = attendance_candidates(gathering).values_list("user_id", flat=True).distinct()
    return check_record_attendance(
        actor=actor, gathering=gathering, rows=[{"user_id": uid} for uid in members]
    )


def sheet_initial(
    g: Gathering, recorded: dict[int, Attendance], answers: dict[int, str]
) -> dict[str, Any]:
    """What the sheet starts with: what a facilitator saved; before that, the people who
    checked themselves in and those who answered Yes, ticked."""
    saved = any(a.recorded_by_id != uid for uid, a in recorded.items())
    initial: dict[str, Any] = {}
    for uid, row in recorded.items():
        initial[f"present_{uid}"] = row.present
        initial[f"minutes_{uid}"] = row.minutes if row.present else g.duration_minutes
    if not saved:
        for uid, answer in answers.items():
            if answer == Rsvp.Response.YES and uid not in recorded:
                initial[f"present_{uid}"] = True
    return initial


def checked_in(recorded: dict[int, Attendance]) -> set[int]:
    return {uid for uid, a in recorded.items() if a.present and a.recorded_by_id == uid}


def qr_svg(url: str) -> str:
    """The check-in address as an inline SVG QR code (no image file, no script)."""
    qr = segno.make(url, error="m")
    return str(qr.svg_inline(scale=6, dark="#111", light="#fff", title=_("Check-in code")))
