"""What surveys keep about a person: their export, and what erasure does."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction

from fireside.accounts.models import User
from fireside.surveys.models import (
    ConfidenceCheck,
    ConfidenceReminder,
    Participation,
    PendingResponse,
    Response,
)


def export_for(user: User) -> dict[str, Any]:
    """What surveys store about this person. Anonymous answers cannot be found: only that
    they answered."""
    named: dict[int, list[Any]] = defaultdict(list)
    for r in Response.objects.filter(respondent=user).prefetch_related("answers__question"):
        for a in r.answers.all():
            named[r.round_id].append(
                {
                    "question": a.question.text,
                    "number": a.number,
                    "choice": a.choice,
                    "text": a.text,
                }
            )
    for p in PendingResponse.objects.filter(respondent=user):
        named[p.round_id].extend(p.answers)
    return {
        "surveys_answered": [
            {
                "survey": p.round.survey.title,
                "round": p.round.number,
                "opens_on": p.round.opens_on.isoformat(),
                "anonymous": p.round.survey.anonymous,
                "answers": named.get(p.round_id) if not p.round.survey.anonymous else None,
            }
            for p in Participation.objects.filter(user=user)
            .select_related("round__survey")
            .order_by("round__opens_on", "pk")
        ],
        "confidence_checks": [
            {
                "program_id": c.program_id,
                "occasion": c.occasion,
                "term_ends_on": c.term_ends_on.isoformat() if c.term_ends_on else None,
                "taken_on": c.taken_on.isoformat(),
                "score": str(c.score),
                "answers": {a.item: a.value for a in c.answers.all()},
                "goals": {a.goal.text_en: a.value for a in c.goal_answers.all()},
            }
            for c in ConfidenceCheck.objects.filter(user=user).prefetch_related(
                "answers", "goal_answers__goal"
            )
        ],
    }


def do_erase_for(*, user: User) -> None:
    """On erasure: confidence checks go; named survey answers lose their name (they stay in
    the figures, like anonymous ones)."""
    with transaction.atomic():
        ConfidenceCheck.objects.filter(user=user).delete()
        ConfidenceReminder.objects.filter(user=user).delete()
        Response.objects.filter(respondent=user).update(respondent=None)
        PendingResponse.objects.filter(respondent=user).update(respondent=None)
