"""Answering a survey, and mixing the answers into its results; closing it early.

Audit events never carry an answer."""

from __future__ import annotations

import datetime as dt
import random

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, NotAllowed
from fireside.surveys.models import Answer, Participation, PendingResponse, Response, Round, Survey
from fireside.surveys.questions import clean_answers
from fireside.surveys.rounds import _open_round, in_audience, program_today, threshold

_shuffler = random.SystemRandom()


def _already() -> Conflict:
    return Conflict(_("You have already answered this survey. Thank you!"))


def check_respond(*, user: User, survey: Survey, answers: object) -> Round:
    """Answer the open round, once. The fact of answering and the answers are stored
    apart; see PendingResponse for how the answers reach the results."""
    questions = list(survey.questions.order_by("position"))
    entries = clean_answers(questions, answers)
    today = program_today(survey.program)
    rnd = _open_round(survey, today)
    if not in_audience(user, survey):
        raise NotAllowed(_("This survey is for the members of another group."))
    if Participation.objects.filter(round=rnd, user=user).exists():
        raise _already()
    try:
        with transaction.atomic():
            Participation.objects.create(round=rnd, user=user)
            PendingResponse.objects.create(
                round=rnd,
                respondent=None if survey.anonymous else user,
                answers=entries,
            )
            record(user, "surveys.respond", survey, round=rnd.number)
    except IntegrityError as exc:  # the same person, twice at once
        raise _already() from exc
    # In its own transaction, after the answer is saved: see PendingResponse.
    mix_round(rnd.pk)
    return rnd


def mix_round(round_id: int, *, final: bool = False) -> int:
    """Move the waiting responses of a round into the results, all at once and in random
    order, when at least `threshold()` are waiting — or whatever waits, once the round has
    closed (`final`). Returns how many moved."""
    with transaction.atomic():
        rnd = Round.objects.select_for_update().filter(pk=round_id).first()
        if rnd is None:
            return 0
        waiting = list(PendingResponse.objects.filter(round=rnd))
        if not waiting or (len(waiting) < threshold() and not final):
            return 0
        _shuffler.shuffle(waiting)
        responses = [Response(round=rnd, respondent_id=p.respondent_id) for p in waiting]
        Response.objects.bulk_create(responses)
        answers = []
        for response, pending in zip(responses, waiting, strict=True):
            for entry in pending.answers:
                if "number" in entry:
                    answers.append(
                        Answer(
                            response=response, question_id=entry["question"], number=entry["number"]
                        )
                    )
                for choice in entry.get("choices", []):
                    answers.append(
                        Answer(response=response, question_id=entry["question"], choice=choice)
                    )
                if entry.get("text"):
                    answers.append(
                        Answer(response=response, question_id=entry["question"], text=entry["text"])
                    )
        _shuffler.shuffle(answers)
        Answer.objects.bulk_create(answers)
        PendingResponse.objects.filter(pk__in=[p.pk for p in waiting]).delete()
        record(None, "surveys.mix", rnd, count=len(waiting), final=final)
    return len(waiting)


def mix_closed_rounds(*, today: dt.date | None = None) -> int:
    """Add what still waits in rounds that have closed: the final figures count everyone."""
    moved = 0
    waiting = (
        Round.objects.filter(pending__isnull=False).distinct().select_related("survey__program")
    )
    for rnd in waiting:
        day = today or program_today(rnd.survey.program)
        if rnd.survey.closed_at is not None or rnd.closes_on < day:
            moved += mix_round(rnd.pk, final=True)
    return moved


def do_close_survey(*, actor: User, survey: Survey) -> Survey:
    """Close the open round now and open no further rounds."""
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if locked.closed_at is not None:
            raise Conflict(_("This survey is already closed."))
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        record(actor, "surveys.close", locked)
    for rnd in Round.objects.filter(survey=locked, pending__isnull=False).distinct():
        mix_round(rnd.pk, final=True)
    survey.closed_at = locked.closed_at
    return survey
