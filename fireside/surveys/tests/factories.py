"""Surveys and confidence checks for tests, made directly (no emails, no checks)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fireside.surveys.actions import program_today
from fireside.surveys.confidence import ITEMS, area_scores
from fireside.surveys.models import (
    ConfidenceAnswer,
    ConfidenceCheck,
    Question,
    Round,
    Survey,
)

QUESTIONS: list[dict[str, Any]] = [
    {"kind": "likert", "text": "I feel welcome in this group."},
    {"kind": "choice", "text": "When suits you best?", "options": ["Mornings", "Evenings"]},
    {
        "kind": "multiple",
        "text": "What would you like more of?",
        "options": ["Stories", "Guests", "Walks"],
    },
    {"kind": "text", "text": "Anything else?"},
]
ANSWERS: list[Any] = [4, "Evenings", ["Stories", "Walks"], "More tea, please."]


def make_survey(
    program: Any,
    *,
    community: Any = None,
    created_by: Any = None,
    questions: list[dict[str, Any]] | None = None,
    anonymous: bool = True,
    opens_on: dt.date | None = None,
    days: int = 14,
    repeat: int | None = None,
    title: str = "How are we doing?",
) -> Survey:
    """A survey whose first round opens on `opens_on` (today by default)."""
    opens = opens_on or program_today(program)
    survey = Survey.objects.create(
        program=program,
        community=community,
        title=title,
        anonymous=anonymous,
        created_by=created_by,
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=days - 1),
        repeat_every_months=repeat,
    )
    for i, q in enumerate(questions or QUESTIONS, start=1):
        Question.objects.create(
            survey=survey,
            position=i,
            kind=q["kind"],
            text=q["text"],
            options=q.get("options", []),
            required=q.get("required", False),
            section=q.get("section", ""),
        )
    Round.objects.create(
        survey=survey, number=1, opens_on=survey.opens_on, closes_on=survey.closes_on
    )
    return survey


def make_check(
    program: Any,
    user: Any,
    values: list[int],
    *,
    community: Any = None,
    taken_on: dt.date,
    term_ends_on: dt.date | None = None,
) -> ConfidenceCheck:
    check = ConfidenceCheck.objects.create(
        user=user,
        program=program,
        community=community,
        occasion="term_end" if term_ends_on else "start",
        term_ends_on=term_ends_on,
        taken_on=taken_on,
        score=(Decimal(sum(values)) / len(values)).quantize(Decimal("0.01")),
        **area_scores({i.key: v for i, v in zip(ITEMS, values, strict=True)}),
    )
    ConfidenceAnswer.objects.bulk_create(
        ConfidenceAnswer(confidence_check=check, item=item.key, value=value)
        for item, value in zip(ITEMS, values, strict=True)
    )
    return check


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def guard_values(world: Any) -> dict[str, int]:
    """Fay (the facilitator) surveys her group; it is open today. The program has a goal
    of its own in the confidence check."""
    from fireside.surveys.models import ConfidenceGoal

    survey = make_survey(world.program, community=world.community, created_by=world.facilitator)
    goal = ConfidenceGoal.objects.create(
        program=world.program,
        position=1,
        text_en="Play is learning.",
        text_fr="Jouer, c'est apprendre.",
    )
    return {"survey_id": survey.pk, "program_goal_id": goal.pk}


def guard_make_draft(world: Any) -> dict[str, Any]:
    """No body; makes Fay's guard survey a draft again, to publish or delete it."""
    from fireside.surveys.models import Round

    survey = Survey.objects.get(created_by=world.facilitator, community=world.community)
    Round.objects.filter(survey=survey).delete()
    Survey.objects.filter(pk=survey.pk).update(published_at=None)
    return {}


def guard_survey_body(world: Any) -> dict[str, Any]:
    """A program-wide survey: for coordinators only."""
    return {"title": "How is the year going?", "community": None, "questions": QUESTIONS[:2]}


def guard_goal_body(world: Any) -> dict[str, Any]:
    return {"text_en": "Families feel welcome.", "text_fr": "Les familles se sentent accueillies."}


def guard_response_body(world: Any) -> dict[str, Any]:
    return {"answers": ANSWERS}


def guard_confidence_body(world: Any) -> dict[str, Any]:
    return {"answers": [4] * len(ITEMS)}


# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------

from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:  # the leak test's module imports this one
    from fireside.lib.tests.leaks import Seeded


def leak_markers(world: Any) -> Seeded:
    """Fay surveys her group twice, anonymously and not; Mina answers both in free text.
    One answer is below the threshold: nobody else reads it."""
    from fireside.lib.tests.leaks import Seeded
    from fireside.surveys.actions import check_create_survey, check_respond

    s = Seeded()
    for anonymous, key in ((True, "anonymous_answer"), (False, "confidential_answer")):
        survey = check_create_survey(
            actor=world.facilitator,
            program=world.program,
            community=world.community,
            title="Our year so far",
            questions=QUESTIONS,
            anonymous=anonymous,
        )
        check_respond(
            user=world.member, survey=survey, answers=[*ANSWERS[:3], s.add(f"surveys.{key}")]
        )
    # Drafts: for their builder only, Fay's of her group and Cora's of the whole program.
    for who, community, key in (
        (world.facilitator, world.community, "draft"),
        (world.coordinator, None, "program_draft"),
    ):
        check_create_survey(
            actor=who,
            program=world.program,
            community=community,
            title=s.add(f"surveys.{key}_title"),
            intro=s.add(f"surveys.{key}_intro"),
            questions=[{**QUESTIONS[0], "text": s.add(f"surveys.{key}_question")}],
            draft=True,
        )
    return s
