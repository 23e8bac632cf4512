"""Survey drafts: a survey its builder saved without opening it. A draft has no round,
is told to nobody and is seen by nobody but whoever may change it (its builder, while
they hold the role that let them build it). Publishing it is when it starts: the first
round opens (on its day) and its audience is told, exactly as for a survey created open.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, NotAllowed
from fireside.surveys.models import Round, Survey


def fresh_dates(survey: Survey, today: dt.date) -> tuple[dt.date, dt.date]:
    """A draft's days, moved to start today (for as long) when its opening day has passed
    while it waited."""
    if survey.opens_on >= today:
        return survey.opens_on, survey.closes_on
    return today, today + (survey.closes_on - survey.opens_on)


def may_change(user: User, survey: Survey) -> bool:
    from fireside.surveys.access import can_see_results

    return can_see_results(user, survey)


def check_publish_survey(*, actor: User, survey: Survey) -> Survey:
    """Open a draft: its first round starts on its opening day (today if that day has
    passed), and its audience is told when it opens."""
    from fireside.surveys.actions import announce_round, clean_schedule, program_today

    if not may_change(actor, survey):
        raise NotAllowed(_("Only the person who built a survey publishes it."))
    today = program_today(survey.program)
    with transaction.atomic():
        locked = Survey.objects.select_for_update().select_related("program").get(pk=survey.pk)
        if not locked.is_draft:
            raise Conflict(_("This survey is already published."))
        opens, closes = fresh_dates(locked, today)
        opens, closes, repeat = clean_schedule(
            program=locked.program,
            opens_on=opens,
            closes_on=closes,
            repeat=locked.repeat_every_months,
            today=today,
        )
        locked.opens_on, locked.closes_on = opens, closes
        locked.published_at = timezone.now()
        locked.save(update_fields=["opens_on", "closes_on", "published_at"])
        first = Round.objects.create(survey=locked, number=1, opens_on=opens, closes_on=closes)
        record(
            actor,
            "surveys.publish",
            locked,
            community_id=locked.community_id,
            questions=locked.questions.count(),
            anonymous=locked.anonymous,
            repeat_every_months=repeat,
        )
        if opens <= today:
            round_id = first.pk
            transaction.on_commit(lambda: announce_round.enqueue(round_id=round_id))
    survey.opens_on, survey.closes_on = opens, closes
    survey.published_at = locked.published_at
    return survey


def do_delete_draft(*, actor: User, survey: Survey) -> None:
    """A draft goes for good. A published survey is closed, never deleted: its answers
    are part of the program's results."""
    if not may_change(actor, survey):
        raise NotAllowed(_("Only the person who built a survey deletes its draft."))
    with transaction.atomic():
        locked = Survey.objects.select_for_update().filter(pk=survey.pk).first()
        if locked is None:
            return
        if not locked.is_draft:
            raise Conflict(
                _("Only a draft can be deleted. A published survey can be closed instead.")
            )
        record(actor, "surveys.delete_draft", locked, community_id=locked.community_id)
        locked.delete()
