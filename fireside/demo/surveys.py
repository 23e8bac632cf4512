"""Surveys and confidence checks for the demo program.

Created directly, without announcements: nobody should get emails from a demo. Answers take
the product's path: a past round's answers waited in the holding table and were mixed in when
it closed; an open round is answered through the action. The group survey of the demo
facilitator is open today with a few answers, still too few to show; it has two sections
and a required question. The program has one goal of its own in the confidence check. The
demo member and facilitator have no confidence check yet, so they can try it.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.programs.models import Program, ProgramStaff
from fireside.surveys.actions import (
    add_months,
    check_respond,
    clean_answers,
    mix_round,
    program_today,
    round_dates,
)
from fireside.surveys.confidence import ITEMS, area_scores
from fireside.surveys.models import (
    ConfidenceAnswer,
    ConfidenceCheck,
    ConfidenceGoal,
    ConfidenceGoalAnswer,
    Participation,
    PendingResponse,
    Question,
    Round,
    Survey,
)

PROGRAM_SURVEY: dict[str, Any] = {
    "title": "How is the year going?",
    "intro": (
        "A few minutes, every three months, so the program can keep doing what helps and "
        "change what does not. Your answers are anonymous."
    ),
    "questions": [
        ("likert", "I feel supported by my group.", []),
        ("likert", "I have tried something new in my practice because of the program.", []),
        ("choice", "How do you prefer to meet?", ["In person", "Online", "A mix of both"]),
        (
            "multiple",
            "What has helped you most so far?",
            ["Gatherings", "My peer partner", "The group space", "Writing reflections"],
        ),
        ("text", "What would make the program better for you?", []),
    ],
}
GROUP_SURVEY: dict[str, Any] = {
    "title": "Our gatherings on the trail",
    "intro": "Help us plan the winter season: three quick questions.",
    "questions": [
        # (kind, text, options[, required, section heading before it])
        ("likert", "Our trail gatherings feel safe and welcoming.", [], True, "Out on the trail"),
        ("choice", "Which start time suits you?", ["9:30, as now", "10:00", "An afternoon"]),
        ("text", "What should we try on the trail next?", [], False, "Looking ahead"),
    ],
}
WISHES = (
    "Knowing someone else had the same tricky afternoon helps more than I expected.",
    "More time between gatherings to try things before we talk about them.",
    "The walk-and-talk format works for me; sitting still after a shift is hard.",
    "Sometimes I am not sure what to post in the group space. Prompts would help.",
    "Having a partner to text after a hard day has made a real difference.",
    "More evening options, please, for those of us who close the centre.",
    "",
)


def _survey(program: Program, spec: dict[str, Any], **fields: Any) -> Survey:
    survey = Survey.objects.create(
        program=program, title=spec["title"], intro=spec["intro"], **fields
    )
    Question.objects.bulk_create(
        Question(
            survey=survey,
            position=i,
            kind=q[0],
            text=q[1],
            options=q[2],
            required=len(q) > 3 and q[3],
            section=q[4] if len(q) > 4 else "",
        )
        for i, q in enumerate(spec["questions"], start=1)
    )
    return survey


def _answers(questions: list[Question], rng: random.Random) -> list[Any]:
    """One person's answers, as the survey page sends them: one per question, in order."""
    answers: list[Any] = []
    for q in questions:
        if q.kind == "likert":
            answers.append(rng.choice([3, 4, 4, 5, 5, 2]))
        elif q.kind == "choice":
            answers.append(rng.choice(q.options))
        elif q.kind == "multiple":
            answers.append(rng.sample(q.options, rng.randint(1, 2)))
        else:
            answers.append(rng.choice(WISHES))
    return answers


def _answer_round(rnd: Round, people: list[int], rng: random.Random, *, still_open: bool) -> None:
    """People answer as the survey page has them answer: an open round through the action
    (which mixes answers in only once enough wait); a past round as the daily job left it,
    every waiting answer mixed in at its close."""
    survey = rnd.survey
    questions = list(survey.questions.order_by("position"))
    if still_open:
        for user in User.objects.filter(pk__in=people).order_by("pk"):
            check_respond(user=user, survey=survey, answers=_answers(questions, rng))
        return
    Participation.objects.bulk_create(Participation(round=rnd, user_id=uid) for uid in people)
    PendingResponse.objects.bulk_create(
        PendingResponse(
            round=rnd,
            respondent_id=None if survey.anonymous else uid,
            answers=clean_answers(questions, _answers(questions, rng)),
        )
        for uid in people
    )
    mix_round(rnd.pk, final=True)


# The demo program's own goal in the confidence check, in both languages.
GOAL = (
    "The families I work with see their own languages and traditions in the play we offer.",
    "Les familles avec qui je travaille retrouvent leurs langues et leurs traditions dans "
    "les jeux que nous proposons.",
)


def _seed_confidence(program: Program, places: list[Membership], skip: set[int]) -> None:
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    goal = ConfidenceGoal.objects.create(
        program=program, position=1, text_en=GOAL[0], text_fr=GOAL[1]
    )
    for place in places:
        if place.user_id in skip:
            continue
        values = [rng.choice([2, 3, 3, 4, 4, 5]) for _ in ITEMS]
        check = ConfidenceCheck.objects.create(
            user_id=place.user_id,
            program=program,
            community_id=place.community_id,
            occasion="start",
            taken_on=max(place.joined_on or program.starts_on, program.starts_on),
            score=(Decimal(sum(values)) / len(values)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            ),
            **area_scores({i.key: v for i, v in zip(ITEMS, values, strict=True)}),
        )
        ConfidenceAnswer.objects.bulk_create(
            ConfidenceAnswer(confidence_check=check, item=item.key, value=value)
            for item, value in zip(ITEMS, values, strict=True)
        )
        ConfidenceGoalAnswer.objects.create(
            confidence_check=check, goal=goal, value=rng.choice([2, 3, 3, 4])
        )


def seed_surveys(
    program: Program, *, keep_for_trying: set[str] | frozenset[str] = frozenset()
) -> int:
    """A program survey every three months (its past rounds answered), an open group
    survey with a few answers, and baseline confidence checks. `keep_for_trying`: emails
    of the people left without a check, to try it. Returns the number of surveys."""
    today = program_today(program)
    rng = random.Random(42)  # noqa: S311 - demo data, not security
    coordinator = (
        ProgramStaff.objects.filter(program=program, role=ProgramStaff.Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    places = list(
        Membership.objects.filter(community__program=program, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    )
    people = sorted({m.user_id for m in places})
    kept = {m.user_id for m in places if m.user.email in keep_for_trying}
    opens = min(add_months(program.starts_on, 1).replace(day=15), today)
    survey = _survey(
        program,
        PROGRAM_SURVEY,
        created_by=coordinator.user if coordinator else None,
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=13),
        repeat_every_months=3,
    )
    number = 1
    while True:
        start, end = round_dates(survey, number)
        if start > today or start > program.ends_on:
            break
        rnd = Round.objects.create(
            survey=survey, number=number, opens_on=start, closes_on=end, announced_at=timezone.now()
        )
        still_open = end >= today
        share = 0.4 if still_open else 0.7  # an open round is still filling up
        pool = [p for p in people if not (still_open and p in kept)]
        answered = rng.sample(pool, round(len(pool) * share))
        _answer_round(rnd, answered, rng, still_open=still_open)
        number += 1

    surveys = 1
    group = Community.objects.filter(program=program, name="Tidewater Outdoor Play Circle").first()
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=group, role__in=FACILITATING)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if group is not None and facilitator is not None:
        trail = _survey(
            program,
            GROUP_SURVEY,
            community=group,
            created_by=facilitator.user,
            opens_on=today,
            closes_on=today + dt.timedelta(days=13),
        )
        rnd = Round.objects.create(
            survey=trail,
            number=1,
            opens_on=today,
            closes_on=trail.closes_on,
            announced_at=timezone.now(),
        )
        skip = {facilitator.user_id} | kept
        members = [
            m.user_id for m in places if m.community_id == group.pk and m.user_id not in skip
        ]
        _answer_round(rnd, members[:3], rng, still_open=True)  # too few to show, so far
        surveys += 1
    _seed_confidence(program, places, kept)
    return surveys
