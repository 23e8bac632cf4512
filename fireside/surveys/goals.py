"""A program's own goals in the confidence check: coordinators add, reword, reorder and
remove statements (in English and French), asked after the fixed scale.

Answers point at their goal. Rewording keeps them (say the same thing better; a different
aim is a new goal). Removing a goal makes it inactive: new checks no longer ask it, and the
answers already given stay in the results, marked as no longer asked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, NotAllowed, Unprocessable
from fireside.programs.models import Program
from fireside.surveys.models import ConfidenceCheck, ConfidenceGoal
from fireside.surveys.questions import _words

GOAL_MAX = 200
MAX_GOALS = 6


def _may_manage(actor: User, program: Program) -> None:
    from fireside.programs.access import program_standing

    if not program_standing(actor, program).is_coordinator:
        raise NotAllowed(_("Only the program's coordinators set its goals."))


def _texts(text_en: object, text_fr: object) -> tuple[str, str]:
    en = _words(
        text_en, label=_("The statement in English"), key="text_en", limit=GOAL_MAX, required=True
    )
    fr = _words(
        text_fr, label=_("The statement in French"), key="text_fr", limit=GOAL_MAX, required=True
    )
    return en, fr


def active_goals(program: Program) -> list[ConfidenceGoal]:
    return list(ConfidenceGoal.objects.filter(program=program, active=True))


def check_add_goal(
    *, actor: User, program: Program, text_en: object, text_fr: object
) -> ConfidenceGoal:
    _may_manage(actor, program)
    en, fr = _texts(text_en, text_fr)
    with transaction.atomic():
        Program.objects.select_for_update().filter(pk=program.pk).first()
        if ConfidenceGoal.objects.filter(program=program, active=True).count() >= MAX_GOALS:
            raise Unprocessable(
                _("A program has at most %(n)s goals of its own: keep the check short.")
                % {"n": MAX_GOALS},
                {"text_en": [_("At most %(n)s goals.") % {"n": MAX_GOALS}]},
            )
        last = ConfidenceGoal.objects.filter(program=program).aggregate(m=Max("position"))["m"]
        goal = ConfidenceGoal.objects.create(
            program=program, position=(last or 0) + 1, text_en=en, text_fr=fr
        )
        record(actor, "surveys.goal_add", program, goal=goal.pk)
    return goal


def check_edit_goal(
    *, actor: User, goal: ConfidenceGoal, text_en: object, text_fr: object
) -> ConfidenceGoal:
    _may_manage(actor, goal.program)
    goal.text_en, goal.text_fr = _texts(text_en, text_fr)
    with transaction.atomic():
        goal.save(update_fields=["text_en", "text_fr"])
        record(actor, "surveys.goal_edit", goal.program, goal=goal.pk)
    return goal


def do_move_goal(*, actor: User, goal: ConfidenceGoal, by: int) -> None:
    """One place up (by=-1) or down (by=1) among the active goals."""
    _may_manage(actor, goal.program)
    with transaction.atomic():
        goals = list(
            ConfidenceGoal.objects.select_for_update().filter(program=goal.program, active=True)
        )
        at = next((i for i, g in enumerate(goals) if g.pk == goal.pk), None)
        if at is None or not 0 <= at + by < len(goals):
            return
        goals[at], goals[at + by] = goals[at + by], goals[at]
        for position, each in enumerate(goals, start=1):
            if each.position != position:
                ConfidenceGoal.objects.filter(pk=each.pk).update(position=position)
        record(actor, "surveys.goal_move", goal.program, goal=goal.pk)


def do_remove_goal(*, actor: User, goal: ConfidenceGoal) -> None:
    _may_manage(actor, goal.program)
    if not goal.active:
        raise Conflict(_("This goal is already removed."))
    with transaction.atomic():
        if goal.answers.exists():
            ConfidenceGoal.objects.filter(pk=goal.pk).update(active=False)
        else:  # never answered: nothing to keep
            goal.delete()
        record(actor, "surveys.goal_remove", goal.program, goal=goal.pk)


# --- Answering and results ----------------------------------------------------------------


def clean_goal_answers(goals: list[ConfidenceGoal], answers: object) -> list[int]:
    """One whole number from 1 to 5 per active goal, in order; none when not sent."""
    from fireside.lib.errors import InvalidInput
    from fireside.surveys.models import LIKERT_MAX, LIKERT_MIN

    if answers is None:
        return []
    if not isinstance(answers, list) or len(answers) != len(goals):
        raise InvalidInput(
            _("goals must be a list of %(n)s whole numbers from 1 to 5, one per goal, in order.")
            % {"n": len(goals)},
            {"goals": [_("%(n)s answers.") % {"n": len(goals)}]},
        )
    for n, value in enumerate(answers, start=1):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(
                _("Goal %(n)s: the answer must be a whole number from 1 to 5.") % {"n": n},
                {f"goal_{goals[n - 1].pk}": [_("Choose one.")]},
            )
        if not LIKERT_MIN <= value <= LIKERT_MAX:
            raise Unprocessable(
                _("Goal %(n)s: the answer must be from 1 to 5, not %(value)s.")
                % {"n": n, "value": value},
                {f"goal_{goals[n - 1].pk}": [_("Choose one.")]},
            )
    return list(answers)


def save_goal_answers(
    check: ConfidenceCheck, goals: list[ConfidenceGoal], values: list[int]
) -> None:
    """Within the check's own transaction."""
    from fireside.surveys.models import ConfidenceGoalAnswer

    ConfidenceGoalAnswer.objects.bulk_create(
        ConfidenceGoalAnswer(confidence_check=check, goal=goal, value=value)
        for goal, value in zip(goals, values, strict=True)
    )


@dataclass(frozen=True)
class GoalResult:
    goal: ConfidenceGoal
    people_before: int
    people_after: int
    before: float | None  # the mean on joining; None below the threshold
    after: float | None  # the mean of each person's latest end-of-term answer

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


def goal_results(program: Program) -> list[GoalResult]:
    """Each goal that is asked or was answered: the mean on joining and at the latest end
    of term, each shown only when at least the survey threshold of people answered. Two
    queries, however many goals and answers."""
    from fireside.surveys.models import ConfidenceGoalAnswer, Occasion

    k = int(settings.SURVEY_MIN_RESPONSES)  # the same threshold as every survey figure
    goals = list(
        ConfidenceGoal.objects.filter(program=program)
        .filter(Q(active=True) | Q(answers__isnull=False))
        .distinct()
        .order_by("-active", "position", "pk")
    )
    rows = ConfidenceGoalAnswer.objects.filter(goal__program=program).values_list(
        "goal_id",
        "confidence_check__user_id",
        "confidence_check__occasion",
        "confidence_check__taken_on",
        "value",
    )
    before: dict[int, dict[int, int]] = defaultdict(dict)
    after: dict[int, dict[int, tuple[Any, int]]] = defaultdict(dict)
    for goal_id, user_id, occasion, taken_on, value in rows:
        if occasion == Occasion.START:
            before[goal_id][user_id] = value
        else:
            latest = after[goal_id].get(user_id)
            if latest is None or latest[0] < taken_on:
                after[goal_id][user_id] = (taken_on, value)

    def mean(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 2) if len(values) >= k else None

    return [
        GoalResult(
            goal=goal,
            people_before=len(before[goal.pk]),
            people_after=len(after[goal.pk]),
            before=mean(list(before[goal.pk].values())),
            after=mean([v for _day, v in after[goal.pk].values()]),
        )
        for goal in goals
    ]
