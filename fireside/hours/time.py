"""Recording time that only the person knows: a member's minutes in their group's online
conversations in a month, and a facilitator's preparation and debrief for a gathering they
held (fireside/hours/models.py). `check_*` validates and writes nothing; `do_*` checks again
and writes, in one transaction. Recording again replaces what was recorded: nothing counts
twice.

The rules hold here, whatever the form or the API sent: the program must count the kind
(its cap above 0), the minutes are 1 to the cap, the month is within the program's dates and
not in the future, the person is a member of the group (or a facilitator of the gathering's
group, for a gathering that is over and not cancelled).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.access import resolve_standing
from fireside.communities.models import Community, Membership
from fireside.gatherings.models import Gathering
from fireside.hours.counting import today_in
from fireside.hours.models import TimeEntry
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput, NotAllowed, Unprocessable
from fireside.lib.text import clean_text
from fireside.programs.models import Program

NOTE_MAX = 300
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Checked:
    kind: str
    user: User
    program: Program
    community: Community
    gathering: Gathering | None
    month: dt.date
    minutes: int
    note: str


class Saved(NamedTuple):
    """The entry, and whether it is new (False: it replaced what was recorded)."""

    entry: TimeEntry
    created: bool


def parse_month(value: object) -> dt.date:
    """ "2026-11" (or a date) as the first of its month; anything else is refused."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.replace(day=1)
    match = _MONTH.match(value) if isinstance(value, str) else None
    if match:
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and year >= 1900:
            return dt.date(year, month, 1)
    raise InvalidInput(
        _("month must be a month written YYYY-MM, e.g. 2026-11."),
        {"month": [_("Choose a month.")]},
    )


def _minutes(value: object, cap: int) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(
            _("minutes must be a whole number."), {"minutes": [_("Enter a whole number.")]}
        )
    if value < 1:
        raise InvalidInput(_("minutes must be 1 or more."), {"minutes": [_("Enter 1 or more.")]})
    if value > cap:
        raise Unprocessable(
            _("This program counts at most %(cap)s minutes for this.") % {"cap": cap},
            {"minutes": [_("At most %(cap)s.") % {"cap": cap}]},
        )
    return value


def _within_program(program: Program, month: dt.date) -> None:
    last_day = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
    if last_day < program.starts_on or month > program.ends_on:
        raise InvalidInput(
            _("%(month)s is outside the program, which runs from %(start)s to %(end)s.")
            % {
                "month": date_format(month, "F Y"),
                "start": date_format(program.starts_on, "j F Y"),
                "end": date_format(program.ends_on, "j F Y"),
            },
            {"month": [_("A month of the program.")]},
        )


def online_months(program: Program, joined_on: dt.date | None = None) -> list[dt.date]:
    """The months someone can record online time for, newest first: the program's, up to
    this one, from the month they joined."""
    first = program.starts_on.replace(day=1)
    if joined_on:
        first = max(first, joined_on.replace(day=1))
    last = min(today_in(program), program.ends_on).replace(day=1)
    months, month = [], last
    while month >= first:
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


def check_online_time(
    *, user: User, community: Community, month: object, minutes: object, note: object = ""
) -> Checked:
    """A member records about how long they spent in their group's online conversations in
    a month. Refused: a program that does not count it, a month in the future, outside the
    program or before they joined, minutes over the program's monthly cap."""
    program = community.program
    cap = program.online_conversation_cap_minutes
    if cap == 0:
        raise Unprocessable(_("This program does not count time in online conversations."))
    place = (
        Membership.objects.filter(user=user, community=community, status=Membership.Status.ACTIVE)
        .exclude(joined_on__isnull=True)
        .first()
    )
    if place is None:
        raise NotAllowed(_("Only the group's members record time in its online conversations."))
    first = parse_month(month)
    _within_program(program, first)
    if first > today_in(program).replace(day=1):
        raise InvalidInput(
            _("%(month)s has not begun: record your time once it is spent.")
            % {"month": date_format(first, "F Y")},
            {"month": [_("This month or earlier.")]},
        )
    if place.joined_on and first < place.joined_on.replace(day=1):
        raise InvalidInput(
            _("You joined this group in %(month)s: choose that month or a later one.")
            % {"month": date_format(place.joined_on, "F Y")},
            {"month": [_("From the month you joined.")]},
        )
    return Checked(
        TimeEntry.Kind.ONLINE,
        user,
        program,
        community,
        None,
        first,
        _minutes(minutes, cap),
        clean_text(note, "note", NOTE_MAX),
    )


def check_preparation_time(
    *, user: User, gathering: Gathering, minutes: object, note: object = ""
) -> Checked:
    """A facilitator records their preparation and debrief for a gathering of their group,
    once it is over. Refused: a program that does not count it, a cancelled gathering, one
    not yet over or outside the program, minutes over the program's cap for a gathering."""
    community = gathering.community
    program = community.program
    cap = program.facilitation_cap_minutes
    if cap == 0:
        raise Unprocessable(_("This program does not count preparation and debrief time."))
    if not resolve_standing(user, community).is_facilitator:
        raise NotAllowed(_("Only the group's facilitators record preparation and debrief time."))
    if gathering.is_cancelled:
        raise Unprocessable(_("This gathering was cancelled, so it has no preparation to count."))
    if gathering.ends_at > timezone.now():
        raise Unprocessable(
            _("Record your preparation and debrief time once the gathering is over.")
        )
    on = gathering.starts_at.astimezone(ZoneInfo(program.timezone)).date()
    if not program.starts_on <= on <= program.ends_on:
        raise InvalidInput(
            _("This gathering is outside the program's dates, so its time does not count.")
        )
    return Checked(
        TimeEntry.Kind.PREPARATION,
        user,
        program,
        community,
        gathering,
        on.replace(day=1),
        _minutes(minutes, cap),
        clean_text(note, "note", NOTE_MAX),
    )


def _save(checked: Checked) -> Saved:
    key: dict[str, Any] = (
        {"community": checked.community, "month": checked.month}
        if checked.kind == TimeEntry.Kind.ONLINE
        else {"gathering": checked.gathering}
    )
    with transaction.atomic():
        # The person's row locks their recording against a second one racing it; the unique
        # constraints stand behind it.
        User.objects.select_for_update().filter(pk=checked.user.pk).first()
        entry, created = TimeEntry.objects.update_or_create(
            kind=checked.kind,
            user=checked.user,
            **key,
            defaults={
                "program": checked.program,
                "community": checked.community,
                "month": checked.month,
                "minutes": checked.minutes,
                "note": checked.note,
            },
        )
        record(
            checked.user,
            "hours.record_time" if created else "hours.change_time",
            entry,
            kind=checked.kind,
            minutes=checked.minutes,
        )
    return Saved(entry, created)


def do_record_online_time(
    *, user: User, community: Community, month: object, minutes: object, note: object = ""
) -> Saved:
    return _save(
        check_online_time(user=user, community=community, month=month, minutes=minutes, note=note)
    )


def do_record_preparation_time(
    *, user: User, gathering: Gathering, minutes: object, note: object = ""
) -> Saved:
    return _save(check_preparation_time(user=user, gathering=gathering, minutes=minutes, note=note))


def do_remove_time(*, user: User, entry: TimeEntry) -> None:
    """Recorded by mistake: its author removes it."""
    if entry.user_id != user.pk:
        raise NotAllowed(_("Only the person who recorded this time can remove it."))
    with transaction.atomic():
        record(user, "hours.remove_time", entry, kind=entry.kind, minutes=entry.minutes)
        entry.delete()
