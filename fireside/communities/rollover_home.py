"""Where starting next year shows: the "keep your seat" task on a member's home, and the
calm note on last year's group pages that points to this year's."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fireside.communities.access import Standing
from fireside.communities.group_home import register_group_home
from fireside.communities.models import Community, Membership, SeatHold
from fireside.communities.places import register_membership_flag
from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.programs.models import Program


def _open_hold(field: str) -> Any:
    """One column of the seat kept next year for the member of this row, if any."""

    def make(user: Any) -> Subquery:
        held = SeatHold.objects.filter(
            from_membership=OuterRef("pk"),
            user=user,
            outcome=SeatHold.Outcome.PENDING,
            deadline__gt=timezone.now(),
        ).order_by("pk")
        return Subquery(held.values(field)[:1])

    return make


HOLD_COLUMNS = {
    "seat_hold_id": "pk",
    "seat_hold_group": "community__name",
    "seat_hold_program": "community__program__name",
    "seat_hold_deadline": "deadline",
}


def seats_to_keep(viewer: Viewer) -> list[Task]:
    """No query of its own: the memberships' rows carry the seat kept for each."""
    tasks = []
    for m in viewer.places.memberships:
        if not getattr(m, "seat_hold_id", None):
            continue
        local = m.seat_hold_deadline.astimezone(ZoneInfo(m.community.program.timezone))
        last_day = (local - dt.timedelta(microseconds=1)).date()
        tasks.append(
            Task(
                kind="keep-seat",
                urgency=Urgency.NOW,
                title=_("Keep your seat in %(group)s for next year?")
                % {"group": m.seat_hold_group},
                detail=_("%(program)s: your seat is kept for you until %(day)s.")
                % {"program": m.seat_hold_program, "day": date_format(last_day, "j F Y")},
                action=pgettext("button", "Answer"),
                url=reverse("programs:seat_hold", args=[m.seat_hold_id]),
            )
        )
    return tasks


def next_year(
    user: Any, community: Community, standing: Standing, membership: Membership | None
) -> Program | None:
    """This year's program when the group belongs to last year's (no query otherwise)."""
    program = community.program
    if not program.is_read_only():
        return None
    return Program.objects.filter(previous_year=program).first()


def register_all() -> None:
    for name, field in HOLD_COLUMNS.items():
        register_membership_flag(name, _open_hold(field))
    register_tasks(seats_to_keep, order=12)
    register_group_home("next_year", next_year)
