"""Between and after a gathering: RSVPs, who came (attendance), and the facilitator's debrief.

The other concerns live beside this module: scheduling.py (series, edits, cancelling),
agenda.py (agendas and proposed topics), notices.py (invitations, reminders, notes emails,
calendar feeds), feedback.py (activity feedback and scores) and checks.py (input checks).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.gatherings.checks import ID_MAX, _started, _text
from fireside.gatherings.models import (
    Attendance,
    Debrief,
    Gathering,
    Rsvp,
)
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, Unprocessable
from fireside.lib.i18n import join_words


def do_rsvp(*, user: User, gathering: Gathering, response: object) -> Rsvp:
    if not isinstance(response, str) or response not in Rsvp.Response.values:
        raise InvalidInput(
            _("Please answer yes, no or maybe."), {"response": [_("Choose yes, no or maybe.")]}
        )
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is nothing to answer."))
    if gathering.ends_at <= timezone.now():
        raise Unprocessable(
            _(
                "This gathering is over, so it no longer takes answers. The facilitator records "
                "who came."
            )
        )
    rsvp, _created = Rsvp.objects.update_or_create(
        gathering=gathering, user=user, defaults={"response": response}
    )
    return rsvp


def attendance_candidates(g: Gathering) -> QuerySet[Membership]:
    """The memberships of the people who were in the group when the gathering took place:
    joined by the day it ended (joined_on is a date, taken in settings.TIME_ZONE), and
    still active, or gone only after it began. Someone who rejoined has several rows."""
    day = timezone.localdate(g.ends_at)
    return Membership.objects.filter(
        Q(joined_on__lte=day)
        & (
            Q(status=Membership.Status.ACTIVE)
            | Q(status=Membership.Status.LEFT, left_at__gte=g.starts_at)
        ),
        community=g.community,
    )


def _eligible_attendees(g: Gathering) -> set[int]:
    return set(attendance_candidates(g).values_list("user_id", flat=True))


def _attendance_row(i: int, row: object, g: Gathering) -> Attendance:
    where = _("Attendance row %(n)s") % {"n": i + 1}
    if not isinstance(row, dict):
        raise InvalidInput(
            _("%(where)s must give a user_id, and whether the person was present.")
            % {"where": where}
        )
    user_id, present = row.get("user_id"), row.get("present", True)
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InvalidInput(_("%(where)s: the user_id must be a whole number.") % {"where": where})
    if not isinstance(present, bool):
        raise InvalidInput(_("%(where)s: present must be true or false.") % {"where": where})
    minutes = row.get("minutes")
    if minutes is None:
        minutes = g.duration_minutes if present else 0
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 1440:
        raise InvalidInput(
            _("%(where)s: the minutes must be a whole number from 0 to 1440 (24 hours).")
            % {"where": where},
            {"minutes": [_("From 0 to 1440.")]},
        )
    if present and minutes > g.duration_minutes:
        raise Unprocessable(
            _("%(where)s: at most %(length)s minutes, the length of the gathering.")
            % {"where": where, "length": g.duration_minutes},
            {"minutes": [_("At most %(length)s.") % {"length": g.duration_minutes}]},
        )
    return Attendance(
        gathering=g, user_id=user_id, present=present, minutes=minutes if present else 0
    )


def _not_members_message(g: Gathering, strangers: set[int]) -> str:
    """Name the people the group knows (they were members at some other time); only count
    the others, so a name from outside the group is never shown."""
    former = {
        m.user_id: m.user.display_name
        for m in Membership.objects.filter(
            community=g.community,
            user_id__in=[pk for pk in strangers if 0 < pk <= ID_MAX],
            joined_on__isnull=False,
        ).select_related("user")
    }
    names = sorted(former.values())
    others = len(strangers - set(former))
    parts = []
    if names:
        parts.append(
            ngettext(
                "%(names)s was not a member of the group at the time of this gathering",
                "%(names)s were not members of the group at the time of this gathering",
                len(names),
            )
            % {"names": join_words(names)}
        )
    if others and names:
        parts.append(
            ngettext(
                "%(n)s other person on the list is not in this group",
                "%(n)s other people on the list are not in this group",
                others,
            )
            % {"n": others}
        )
    elif others:
        parts.append(
            ngettext(
                "%(n)s person on the list is not in this group",
                "%(n)s people on the list are not in this group",
                others,
            )
            % {"n": others}
        )
    return _(
        "Attendance was not saved: %(problems)s. Only people who were members when the "
        "gathering took place can be listed."
    ) % {"problems": join_words(parts)}


def _credited(rows: Any) -> dict[int, int]:
    """The minutes each person is credited (fireside/hours counts only those present)."""
    return {a.user_id: a.minutes if a.present else 0 for a in rows}


def _record_corrections(
    actor: User, g: Gathering, before: dict[int, int], after: dict[int, int]
) -> None:
    """A change to an attendance already recorded changes someone's hours: keep it, one
    event per person (targeted at them), so their hours ledger can show its history."""
    if not before:
        return
    for user_id in sorted(before.keys() | after.keys()):
        was, now = before.get(user_id, 0), after.get(user_id, 0)
        if was != now:
            record(
                actor,
                "gatherings.attendance_corrected",
                User(pk=user_id),
                gathering_id=g.pk,
                was_minutes=was,
                now_minutes=now,
            )


def check_record_attendance(
    *, actor: User, gathering: Gathering, rows: list[dict[str, Any]]
) -> list[Attendance]:
    """Replace the attendance record. Minutes default to the gathering's length; a row saved
    unchanged keeps who recorded it, so a self check-in stays marked as one."""
    g = gathering
    if not _started(g):
        raise Conflict(_("Attendance can be recorded once the gathering has started."))
    if g.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is no attendance to record."))
    if not isinstance(rows, list) or len(rows) > 50:
        raise InvalidInput(
            _("Attendance must be a list with one row for each person: at most 50 rows.")
        )
    eligible = _eligible_attendees(g)
    seen: set[int] = set()
    clean: list[Attendance] = []
    for i, row in enumerate(rows):
        item = _attendance_row(i, row, g)
        if item.user_id in seen:
            raise InvalidInput(
                _(
                    "Attendance row %(value)s lists the same person twice; please list each "
                    "person once."
                )
                % {"value": i + 1}
            )
        seen.add(item.user_id)
        item.recorded_by = actor
        clean.append(item)
    strangers = seen - eligible
    if strangers:
        raise Unprocessable(
            _not_members_message(g, strangers), {"user_id": [_("Not a member of this group.")]}
        )
    with transaction.atomic():
        kept = {a.user_id: a for a in g.attendance.all()}
        before = _credited(kept.values())
        for item in clean:  # a row saved as it was keeps who recorded it (a self check-in)
            old = kept.get(item.user_id)
            if old and (old.present, old.minutes) == (item.present, item.minutes):
                item.recorded_by_id = old.recorded_by_id
        g.attendance.all().delete()
        Attendance.objects.bulk_create(clean)
        record(actor, "gatherings.attendance", g.community, gathering_id=g.pk, rows=len(clean))
        _record_corrections(actor, g, before, _credited(clean))
    return list(g.attendance.select_related("user"))


def check_file_debrief(
    *,
    actor: User,
    gathering: Gathering,
    logistics: object,
    common_threads: object,
    wonderings: object,
) -> tuple[Debrief, bool]:
    """The facilitator and a mentor look back. Returns (debrief, created)."""
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is nothing to debrief."))
    if not _started(gathering):
        raise Conflict(_("The debrief can be written once the gathering has started."))
    fields = {
        "logistics": _text(logistics, "logistics", 5000),
        "common_threads": _text(common_threads, "common_threads", 5000),
        "wonderings": _text(wonderings, "wonderings", 5000),
    }
    if not any(fields.values()):
        raise InvalidInput(
            _(
                "Please write something in at least one of the boxes: logistics, common threads "
                "or wonderings."
            )
        )
    with transaction.atomic():
        debrief, created = Debrief.objects.update_or_create(
            gathering=gathering, defaults={**fields, "written_by": actor}
        )
        record(actor, "gatherings.debrief", gathering.community, gathering_id=gathering.pk)
    return debrief, created


# A re-export, deliberately: reminders queued before the split name the task by its old path
# ("fireside.gatherings.actions.send_reminder") in the database, so it must stay resolvable here.
from fireside.gatherings.notices import send_reminder as send_reminder  # noqa: E402
