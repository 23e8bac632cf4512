"""Where starting next year shows: the "keep your seat" task on a member's home, and the
calm note on last year's group pages that points to this year's."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fireside.communities.access import Standing
from fireside.communities.group_home import register_group_home
from fireside.communities.models import Community, SeatHold
from fireside.communities.places import register_membership_flag
from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.programs.models import Program
from fireside.programs.seat_holds import holds_waiting


def _has_seat_holds(user: Any) -> Exists:
    return Exists(
        SeatHold.objects.filter(
            user=user, outcome=SeatHold.Outcome.PENDING, deadline__gt=timezone.now()
        ).values("pk")
    )


def seats_to_keep(viewer: Viewer) -> list[Task]:
    """One query, and none when their groups' rows say no seat waits for them."""
    if viewer.places._flag("has_seat_holds") is False:
        return []
    holds = holds_waiting(viewer.user).select_related("community__program")
    return [
        Task(
            kind="keep-seat",
            urgency=Urgency.NOW,
            title=_("Keep your seat in %(group)s for next year?") % {"group": hold.community.name},
            detail=_("%(program)s: your seat is kept for you until %(day)s.")
            % {
                "program": hold.community.program.name,
                "day": date_format(hold.last_day, "j F Y"),
            },
            action=pgettext("button", "Answer"),
            url=reverse("programs:seat_hold", args=[hold.pk]),
        )
        for hold in holds
    ]


def next_year(user: Any, community: Community, standing: Standing) -> Program | None:
    """This year's program when the group belongs to last year's (no query otherwise)."""
    program = community.program
    if not program.is_read_only():
        return None
    return Program.objects.filter(previous_year=program).first()


def register_all() -> None:
    register_membership_flag("has_seat_holds", _has_seat_holds)
    register_tasks(seats_to_keep, order=12)
    register_group_home("next_year", next_year)
