"""The home task of hours (fireside.lib.home): once a month, in a program that counts time in
online group conversations, a member who recorded none for last month in a group is asked
about how long they spent there. One query, none without an active group in such a program."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.hours.ledger import today_in
from fireside.hours.models import TimeEntry
from fireside.lib.home import Task, Urgency, Viewer, register_tasks


def _last_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def online_time_due(viewer: Viewer) -> list[Task]:
    due = []
    for place in viewer.places.active:
        program = place.community.program
        if not program.online_conversation_cap_minutes or place.joined_on is None:
            continue
        month = _last_month(today_in(program))
        in_program = program.starts_on.replace(day=1) <= month <= program.ends_on
        if in_program and place.joined_on.replace(day=1) <= month:
            due.append((place, month))
    if not due:
        return []
    recorded = set(
        TimeEntry.objects.filter(
            user=viewer.user,
            kind=TimeEntry.Kind.ONLINE,
            community_id__in={p.community_id for p, _m in due},
            month__in={m for _p, m in due},
        ).values_list("community_id", "month")
    )
    return [
        Task(
            kind="online-time-due",
            urgency=Urgency.THIS_MONTH,
            title=_("Your time in %(group)s's online conversations in %(month)s")
            % {"group": place.community.name, "month": date_format(month, "F")},
            detail=_("%(program)s · about how many minutes? It counts toward your hours.")
            % {"program": place.community.program.name},
            action=_("Record it"),
            url=reverse("hours:record", args=[place.community.program_id])
            + f"?community={place.community_id}&month={month:%Y-%m}",
        )
        for place, month in due
        if (place.community_id, month) not in recorded
    ]


def register_all() -> None:
    register_tasks(online_time_due, order=43)
