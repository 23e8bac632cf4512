"""Survey rounds: when a survey opens and closes, who it is for, and the privacy
threshold its results wait for."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.communities.models import Community, Membership
from fireside.lib.errors import Conflict
from fireside.programs.models import Program
from fireside.surveys import confidence
from fireside.surveys.models import Round, Survey


def threshold() -> int:
    """How many people must have answered before any result is shown (k-anonymity)."""
    return int(settings.SURVEY_MIN_RESPONSES)


def program_today(program: Program) -> dt.date:
    return confidence.program_today(program)


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def round_dates(survey: Survey, number: int) -> tuple[dt.date, dt.date]:
    """Round n opens (n-1) repeats after the first and lasts as long as the first did."""
    opens = add_months(survey.opens_on, (survey.repeat_every_months or 0) * (number - 1))
    return opens, opens + (survey.closes_on - survey.opens_on)


def is_open(survey: Survey, rnd: Round, today: dt.date) -> bool:
    return survey.closed_at is None and rnd.opens_on <= today <= rnd.closes_on


def current_round(
    survey: Survey, today: dt.date, rounds: Iterable[Round] | None = None
) -> Round | None:
    """The latest round that has opened (open now or since closed); None before the first.
    Pass `rounds` when they are prefetched."""
    candidates = survey.rounds.all() if rounds is None else rounds
    begun = [r for r in candidates if r.opens_on <= today]
    return max(begun, key=lambda r: r.number) if begun else None


def _open_round(survey: Survey, today: dt.date) -> Round:
    rnd = current_round(survey, today, list(survey.rounds.all()))
    if rnd is not None and is_open(survey, rnd, today):
        return rnd
    if rnd is None and survey.closed_at is None:
        raise Conflict(_("This survey opens on %(day)s.") % {"day": _day(survey.opens_on)})
    if rnd is not None and survey.closed_at is None and survey.repeat_every_months:
        upcoming = round_dates(survey, rnd.number + 1)[0]
        if upcoming <= survey.program.ends_on:
            raise Conflict(
                _("This round closed on %(closed)s. The next one opens around %(next)s.")
                % {"closed": _day(rnd.closes_on), "next": _day(upcoming)}
            )
    raise Conflict(_("This survey has closed. Thank you for your interest!"))


def audience(survey: Survey) -> QuerySet[Membership]:
    """Active memberships of the people a survey is for."""
    qs = Membership.objects.filter(status=Membership.Status.ACTIVE)
    if survey.community_id is not None:
        return qs.filter(community_id=survey.community_id)
    return qs.filter(community__program_id=survey.program_id)


def in_audience(user: Any, survey: Survey) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return audience(survey).filter(user=user).exists()


def audience_size(survey: Survey) -> int:
    return audience(survey).values("user_id").distinct().count()


def surveys_for_community(community: Community) -> QuerySet[Survey]:
    """The surveys a group's members may answer: the group's own and the program's."""
    return Survey.objects.filter(
        Q(community=community) | Q(program_id=community.program_id, community__isnull=True)
    )
