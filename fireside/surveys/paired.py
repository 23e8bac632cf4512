"""Confidence before and after, paired: the same people's first and latest answers.

Only people who answered both count, so the picture shows change, not who happened to
answer. The distributions are kept as anonymous, sorted numbers (never with a person) and
only when at least the survey threshold of people answered both; below it, only the
number of people is known and every chart says "too few answers yet".

The fixed scale's score pairs each person's first check with their latest (as the report's
change does); each of the program's own goals pairs the answer on joining with the latest
end-of-term answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import get_language

from fireside.communities.models import Community
from fireside.programs.models import Program
from fireside.surveys.actions import threshold
from fireside.surveys.models import ConfidenceCheck, ConfidenceGoal, ConfidenceGoalAnswer, Occasion


@dataclass
class PairedGoal:
    text_en: str
    text_fr: str
    people: int
    before: list[int] = field(default_factory=list)  # how many answered 1, 2 … 5
    after: list[int] = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        return not self.before

    def text(self) -> str:
        french = (get_language() or "").startswith("fr")
        return self.text_fr if french and self.text_fr else self.text_en


@dataclass
class PairedConfidence:
    threshold: int
    people: int  # answered at least twice
    before: list[float] = field(default_factory=list)  # sorted; empty below the threshold
    after: list[float] = field(default_factory=list)
    goals: list[PairedGoal] = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        return not self.before


def _counts(values: list[int]) -> list[int]:
    return [sum(1 for v in values if v == point) for point in range(1, 6)]


def paired_confidence(
    program: Program, community: Community | None = None, hide: bool = False
) -> PairedConfidence:
    """Three queries. `hide` withholds everything (a group whose figures would give away
    another's, as `report._also_hidden` decides)."""
    k = threshold()
    checks = ConfidenceCheck.objects.filter(program=program)
    if community is not None:
        checks = checks.filter(community=community)
    scores: dict[int, list[Decimal]] = defaultdict(list)
    for user_id, score in checks.order_by("user_id", "taken_on", "pk").values_list(
        "user_id", "score"
    ):
        scores[user_id].append(score)
    pairs = [(s[0], s[-1]) for s in scores.values() if len(s) > 1]
    result = PairedConfidence(threshold=k, people=len(pairs))
    if len(pairs) >= k and not hide:
        result.before = sorted(float(a) for a, _b in pairs)
        result.after = sorted(float(b) for _a, b in pairs)

    answers = ConfidenceGoalAnswer.objects.filter(goal__program=program)
    if community is not None:
        answers = answers.filter(confidence_check__community=community)
    before: dict[int, dict[int, int]] = defaultdict(dict)
    after: dict[int, dict[int, tuple[object, int]]] = defaultdict(dict)
    for goal_id, user_id, occasion, taken_on, value in answers.values_list(
        "goal_id",
        "confidence_check__user_id",
        "confidence_check__occasion",
        "confidence_check__taken_on",
        "value",
    ):
        if occasion == Occasion.START:
            before[goal_id][user_id] = value
        else:
            latest = after[goal_id].get(user_id)
            if latest is None or str(latest[0]) < str(taken_on):
                after[goal_id][user_id] = (taken_on, value)
    goals = (
        ConfidenceGoal.objects.filter(program=program)
        .filter(Q(active=True) | Q(answers__isnull=False))
        .distinct()
        .order_by("-active", "position", "pk")
    )
    for goal in goals:
        both = sorted(set(before[goal.pk]) & set(after[goal.pk]))
        paired = PairedGoal(goal.text_en, goal.text_fr, people=len(both))
        if len(both) >= k and not hide:
            paired.before = _counts([before[goal.pk][u] for u in both])
            paired.after = _counts([after[goal.pk][u][1] for u in both])
        result.goals.append(paired)
    return result
