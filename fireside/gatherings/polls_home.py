"""On a member's home: each open date poll of their groups they have not answered yet
(see fireside.lib.home). One query however many groups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.communities.places import flagged, register_membership_flag
from fireside.gatherings.models import DatePoll, PollAnswer
from fireside.gatherings.polls import today_for
from fireside.lib.home import Task, Urgency, Viewer, register_tasks

_WEST = dt.timezone(dt.timedelta(hours=-12))


def _polls_to_answer(user: Any) -> Exists:
    """Whether the membership's group has an open date poll the person has not answered,
    for the home's membership query (fireside.communities.places). Closing days are checked
    below, in each program's zone; here the earliest day anywhere (UTC-12)."""
    earliest = (timezone.now().astimezone(_WEST)).date()
    return Exists(
        DatePoll.objects.filter(
            community=OuterRef("community"), state=DatePoll.State.OPEN, closes_on__gte=earliest
        ).exclude(Exists(PollAnswer.objects.filter(option__poll=OuterRef("pk"), user=user)))
    )


def polls_to_answer(viewer: Viewer) -> list[Task]:
    groups = {m.community_id: m.community for m in flagged(viewer.places, "polls_to_answer")}
    if not groups:
        return []
    # The earliest day anywhere (UTC-12) in the query; each group's own day below.
    earliest = (viewer.now.astimezone(_WEST)).date()
    answered = PollAnswer.objects.filter(option__poll=OuterRef("pk"), user=viewer.user)
    rows = (
        DatePoll.objects.filter(
            community_id__in=groups, state=DatePoll.State.OPEN, closes_on__gte=earliest
        )
        .exclude(Exists(answered))
        .order_by("closes_on", "pk")
        .values("pk", "title", "community_id", "closes_on")[:20]
    )
    return [
        Task(
            kind="date-poll-to-answer",
            urgency=Urgency.THIS_WEEK,
            title=_("Answer the date poll for %(group)s")
            % {"group": groups[r["community_id"]].name},
            detail=_("“%(title)s”: answers close on %(day)s.")
            % {"title": r["title"], "day": date_format(r["closes_on"], "j F")},
            action=_("Answer the poll"),
            url=reverse("gatherings:poll", args=[r["pk"]]),
        )
        for r in rows
        if r["closes_on"] >= today_for(groups[r["community_id"]])
    ]


def register_all() -> None:
    register_membership_flag("polls_to_answer", _polls_to_answer)
    register_tasks(polls_to_answer, order=35)
