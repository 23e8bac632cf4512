"""Change the rhythm of a series (fireside/gatherings/rhythm.py): preview with dry_run,
then apply."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import ConfigDict

from fireside.api.core import me
from fireside.api.gatherings import summary
from fireside.communities.access import get_community_for
from fireside.gatherings import rhythm
from fireside.gatherings.models import Series
from fireside.lib.errors import Conflict, Unprocessable

router = Router(tags=["gatherings"])


class RhythmIn(Schema):
    model_config = ConfigDict(extra="forbid")

    rule: str
    from_gathering_id: int | None = None
    start_time: dt.time | None = None
    until: dt.date | None = None
    dry_run: bool = False


@router.post("/series/{series_id}/rhythm")
def change_rhythm(request: HttpRequest, series_id: int, payload: RhythmIn) -> dict[str, Any]:
    series = get_object_or_404(Series, pk=series_id)
    get_community_for(me(request), series.community_id, "plan")
    coming = series.gatherings.filter(cancelled_at__isnull=True).select_related(
        "community__program"
    )
    if payload.from_gathering_id is None:
        start = coming.filter(starts_at__gt=timezone.now()).order_by("starts_at", "pk").first()
        if start is None:
            raise Conflict(_("This series has no gatherings still to come: no rhythm to change."))
    else:
        start = coming.filter(pk=payload.from_gathering_id).first()
        if start is None:
            raise Unprocessable(
                _("from_gathering_id must be a gathering of this series that was not cancelled."),
                {"from_gathering_id": [_("Not a gathering of this series.")]},
            )
    arguments: dict[str, Any] = {
        "gathering": start,
        "rule": payload.rule,
        "start_time": payload.start_time,
        "until": payload.until,
    }
    if payload.dry_run:
        plan = rhythm.plan_rhythm(**arguments)
        return {
            "dry_run": True,
            "series_id": series.pk,
            "from_gathering_id": start.pk,
            "rule": plan.rule,
            "starts": plan.starts,
            "kept": [g.pk for g in plan.keep],
            "moved": [g.pk for g in plan.move],
            "cancelled": [g.pk for g in plan.drop],
            "new": plan.new,
        }
    done = rhythm.check_change_rhythm(actor=me(request), **arguments)
    return {
        "dry_run": False,
        "series_id": done.series.pk,
        "from_gathering_id": start.pk,
        "rule": done.series.rrule,
        "kept": [summary(g) for g in done.kept],
        "moved": [g.pk for g in done.moved],
        "cancelled": [summary(g) for g in done.cancelled],
        "created": [summary(g) for g in done.created],
    }
