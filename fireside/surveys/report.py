"""Survey results and confidence figures: aggregates only, with the threshold applied.

This is what pages, the API and the program report read. Nothing here returns a name, a
person's id, or any figure made of fewer than SURVEY_MIN_RESPONSES people:

- `results_for(survey, rnd=None)`: one round's per-question aggregates (counts, means,
  free text without names in random order), or only the counts of people while too few
  have answered.
- `program_survey_results(program)`: the same for every program-wide survey's latest
  round, in a fixed number of queries whatever the number of surveys.
- `confidence_change(program, community=None)`: the confidence scale now (each person's
  latest check) and its change (each person's latest against their first), for a program
  or one of its groups.
- `confidence_by_community(program)`: `confidence_change` for every group of a program,
  in a fixed number of queries; `confidence_overview(program)` gives both at once.

A group's confidence figures are withheld below the threshold, and so are as many more
groups as it takes for the program's figure minus the groups shown never to describe
fewer than the threshold of people.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q

from fireside.communities.models import Community, Membership
from fireside.programs.models import Program
from fireside.surveys import confidence
from fireside.surveys.actions import current_round, is_open, program_today, threshold
from fireside.surveys.models import (
    LIKERT_LABELS,
    Answer,
    ConfidenceCheck,
    Participation,
    Question,
    QuestionKind,
    Response,
    Round,
    Survey,
)

_shuffler = random.SystemRandom()


def _area_labels() -> dict[str, str]:
    return {key: str(label) for key, label in confidence.AREAS.items()}


def _mean(total: int | Decimal, n: int) -> Decimal | None:
    if not n:
        return None
    return (Decimal(total) / n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _percent(count: int, of: int) -> int:
    return round(100 * count / of) if of else 0


@dataclass(frozen=True)
class Bar:
    """One row of a chart: a label, how many, and the share of those who answered."""

    label: str
    count: int
    percent: int
    value: str = ""  # the stored value (a likert number, an option) when it differs


@dataclass(frozen=True)
class QuestionResult:
    position: int
    kind: str
    text: str
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: Decimal | None = None  # likert only
    texts: list[str] = field(default_factory=list)  # free text, no names, random order
    # The texts grouped for a page (surveys.free_text.PageFreeText.in_results), never kept.
    free_text: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    title: str
    community_id: int | None
    anonymous: bool
    round_number: int
    opens_on: dt.date
    closes_on: dt.date
    is_open: bool
    answered: int  # people who answered the round so far
    included: int  # responses in the figures (mixed in several at a time)
    audience: int  # people the survey is for now
    threshold: int
    questions: list[QuestionResult]

    @property
    def withheld(self) -> bool:
        return self.included < self.threshold

    @property
    def waiting(self) -> int:
        """Answers not in the figures yet: they are added several at a time."""
        return max(0, self.answered - self.included)

    def as_dict(self) -> dict[str, Any]:
        """For the API and the program report. Aggregates are left out while withheld."""
        questions = []
        for q in self.questions:
            item: dict[str, Any] = {"position": q.position, "kind": q.kind, "text": q.text}
            if self.withheld:
                item["withheld"] = True
            else:
                item.update(withheld=False, answered=q.answered)
                if q.kind == QuestionKind.LIKERT:
                    item["counts"] = {b.value: b.count for b in q.bars}
                    item["mean"] = float(q.mean) if q.mean is not None else None
                elif q.kind == QuestionKind.TEXT:
                    item["answers"] = list(q.texts)
                else:
                    item["counts"] = {b.label: b.count for b in q.bars}
            questions.append(item)
        return {
            "survey": self.survey_id,
            "title": self.title,
            "community": self.community_id,
            "anonymous": self.anonymous,
            "round": {
                "number": self.round_number,
                "opens_on": self.opens_on,
                "closes_on": self.closes_on,
                "is_open": self.is_open,
            },
            "responses": self.answered,
            "included": self.included,
            "audience": self.audience,
            "threshold": self.threshold,
            "withheld": self.withheld,
            "questions": questions,
        }


def _question_result(
    q: Question, responses: int, counts: dict[tuple[int | None, str], int], texts: list[str]
) -> QuestionResult:
    if q.kind == QuestionKind.LIKERT:
        bars = [
            Bar(f"{n} · {label}", counts.get((n, ""), 0), 0, str(n)) for n, label in LIKERT_LABELS
        ]
        answered = sum(b.count for b in bars)
        bars = [Bar(b.label, b.count, _percent(b.count, answered), b.value) for b in bars]
        total = sum(int(b.value) * b.count for b in bars)
        return QuestionResult(q.position, q.kind, q.text, answered, bars, _mean(total, answered))
    if q.kind == QuestionKind.TEXT:
        shuffled = list(texts)
        _shuffler.shuffle(shuffled)
        return QuestionResult(q.position, q.kind, q.text, len(shuffled), texts=shuffled)
    # Choice and multiple choice: the share is of everyone who answered the survey (a
    # multiple-choice question may be left with nothing ticked).
    bars = [
        Bar(
            option,
            counts.get((None, option), 0),
            _percent(counts.get((None, option), 0), responses),
        )
        for option in q.options
    ]
    return QuestionResult(q.position, q.kind, q.text, responses, bars)


def _results(pairs: list[tuple[Survey, Round]]) -> list[SurveyResults]:
    """Results for several (survey, round) pairs in a fixed number of queries: people who
    answered, responses mixed in, audience sizes, questions, counts, free text."""
    if not pairs:
        return []
    round_ids = [r.pk for _, r in pairs]
    survey_ids = [s.pk for s, _ in pairs]
    answered = dict(
        Participation.objects.filter(round_id__in=round_ids)
        .values_list("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    included = dict(
        Response.objects.filter(round_id__in=round_ids)
        .values_list("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    audiences = _audiences([s for s, _ in pairs])
    questions: dict[int, list[Question]] = defaultdict(list)
    for q in Question.objects.filter(survey_id__in=survey_ids).order_by("survey_id", "position"):
        questions[q.survey_id].append(q)
    k = threshold()
    shown = [r.pk for _, r in pairs if included.get(r.pk, 0) >= k]
    counts: dict[tuple[int, int], dict[tuple[int | None, str], int]] = defaultdict(dict)
    texts: dict[tuple[int, int], list[str]] = defaultdict(list)
    if shown:
        closed = (
            Answer.objects.filter(response__round_id__in=shown)
            .filter(Q(number__isnull=False) | ~Q(choice=""))
            .values("response__round_id", "question_id", "number", "choice")
            .annotate(n=Count("id"))
        )
        for row in closed:
            key = (row["response__round_id"], row["question_id"])
            counts[key][(row["number"], row["choice"])] = row["n"]
        for round_id, question_id, text in (
            Answer.objects.filter(response__round_id__in=shown)
            .exclude(text="")
            .values_list("response__round_id", "question_id", "text")
        ):
            texts[(round_id, question_id)].append(text)
    results = []
    for survey, rnd in pairs:
        n_in = included.get(rnd.pk, 0)
        results.append(
            SurveyResults(
                survey_id=survey.pk,
                title=survey.title,
                community_id=survey.community_id,
                anonymous=survey.anonymous,
                round_number=rnd.number,
                opens_on=rnd.opens_on,
                closes_on=rnd.closes_on,
                is_open=is_open(survey, rnd, program_today(survey.program)),
                answered=answered.get(rnd.pk, 0),
                included=n_in,
                audience=audiences.get(survey.pk, 0),
                threshold=k,
                questions=[
                    _question_result(
                        q, n_in, counts.get((rnd.pk, q.pk), {}), texts.get((rnd.pk, q.pk), [])
                    )
                    if n_in >= k
                    else QuestionResult(q.position, q.kind, q.text)
                    for q in questions[survey.pk]
                ],
            )
        )
    return results


def _audiences(surveys: list[Survey]) -> dict[int, int]:
    """How many people each survey is for now, in at most two queries."""
    group_ids = {s.community_id for s in surveys if s.community_id}
    program_ids = {s.program_id for s in surveys if not s.community_id}
    active = Membership.objects.filter(status=Membership.Status.ACTIVE)
    by_group = (
        dict(
            active.filter(community_id__in=group_ids)
            .values_list("community_id")
            .annotate(n=Count("user_id", distinct=True))
            .values_list("community_id", "n")
        )
        if group_ids
        else {}
    )
    by_program = (
        dict(
            active.filter(community__program_id__in=program_ids)
            .values_list("community__program_id")
            .annotate(n=Count("user_id", distinct=True))
            .values_list("community__program_id", "n")
        )
        if program_ids
        else {}
    )
    return {
        s.pk: by_group.get(s.community_id, 0) if s.community_id else by_program.get(s.program_id, 0)
        for s in surveys
    }


def results_for(survey: Survey, rnd: Round | None = None) -> SurveyResults | None:
    """One round's results (the latest round that has opened, by default); None before the
    survey first opens."""
    if rnd is None:
        rnd = current_round(survey, program_today(survey.program), list(survey.rounds.all()))
        if rnd is None:
            return None
    return _results([(survey, rnd)])[0]


def program_survey_results(program: Program) -> list[SurveyResults]:
    """The latest round of each program-wide survey that has opened, newest first."""
    today = program_today(program)
    surveys = list(
        Survey.objects.filter(program=program, community__isnull=True)
        .select_related("program")
        .prefetch_related("rounds")
    )
    pairs = [(s, r) for s in surveys if (r := current_round(s, today, s.rounds.all()))]
    pairs.sort(key=lambda p: (p[1].opens_on, p[0].pk), reverse=True)
    return _results(pairs)


# --- Confidence -------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaMean:
    area: str
    label: str
    now: Decimal | None  # over each person's latest check
    first: Decimal | None  # over the first checks of people with two or more
    latest: Decimal | None  # over the latest checks of those same people


@dataclass(frozen=True)
class ConfidenceSummary:
    """The confidence scale (1–5) for a program or a group, in aggregate only.

    `people` took at least one check; the "now" figures use each one's latest check.
    `paired` took two or more; the change is each one's latest score minus their first,
    averaged. Figures made of fewer than `threshold` people are None (withheld)."""

    people: int
    paired: int
    threshold: int
    withheld: bool = True
    change_withheld: bool = True
    mean_now: Decimal | None = None
    mean_first: Decimal | None = None
    mean_latest: Decimal | None = None
    mean_change: Decimal | None = None
    higher: int | None = None
    same: int | None = None
    lower: int | None = None
    areas: list[AreaMean] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(_floats(asdict(self)))


def _floats(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats(v) for v in value]
    return value


@dataclass
class _Check:
    user_id: int
    community_id: int | None
    score: Decimal
    areas: tuple[float, ...]  # in the order of confidence.AREAS


AREA_FIELDS = tuple(f"area_{area}" for area in confidence.AREAS)


def _checks(program: Program) -> list[_Check]:
    """Every check of the program, each person's in the order taken (so a person's first
    check comes first and their latest last): one query, no answers read."""
    rows = (
        ConfidenceCheck.objects.filter(program=program)
        .order_by("user_id", "taken_on", "pk")
        .values_list("user_id", "community_id", "score", *AREA_FIELDS)
    )
    return [_Check(user_id, group, score, tuple(areas)) for user_id, group, score, *areas in rows]


def _area_means(checks: list[_Check]) -> list[Decimal | None]:
    # Each area is the mean of two answers (a whole or half number), so sums are exact.
    totals = [0.0] * len(AREA_FIELDS)
    for c in checks:
        for i, value in enumerate(c.areas):
            totals[i] += value
    return [_mean(Decimal(total), len(checks)) for total in totals]


def _summary(
    checks: list[_Check],
    *,
    hide_all: bool = False,
    hide_change: bool = False,
    labels: dict[str, str] | None = None,
) -> ConfidenceSummary:
    """`checks` in the order _checks returns them."""
    k = threshold()
    by_person: dict[int, list[_Check]] = defaultdict(list)
    for c in checks:
        by_person[c.user_id].append(c)
    latest = [cs[-1] for cs in by_person.values()]
    pairs = [(cs[0], cs[-1]) for cs in by_person.values() if len(cs) > 1]
    people, paired = len(by_person), len(pairs)
    if people < k or hide_all:
        return ConfidenceSummary(people=people, paired=paired, threshold=k)
    show_change = paired >= k and not hide_change
    now = _mean(sum(c.score for c in latest), people)
    change: dict[str, Any] = {}
    none: list[Decimal | None] = [None] * len(AREA_FIELDS)
    first_areas, latest_areas = none, none
    if show_change:
        deltas = [b.score - a.score for a, b in pairs]
        change = {
            "mean_first": _mean(sum(a.score for a, _ in pairs), paired),
            "mean_latest": _mean(sum(b.score for _, b in pairs), paired),
            "mean_change": _mean(sum(deltas), paired),
            "higher": sum(1 for d in deltas if d > 0),
            "same": sum(1 for d in deltas if d == 0),
            "lower": sum(1 for d in deltas if d < 0),
        }
        first_areas = _area_means([a for a, _ in pairs])
        latest_areas = _area_means([b for _, b in pairs])
    labels = labels or _area_labels()
    areas = [
        AreaMean(area=key, label=labels[key], now=now_mean, first=first, latest=last)
        for key, now_mean, first, last in zip(
            confidence.AREAS, _area_means(latest), first_areas, latest_areas, strict=True
        )
    ]
    return ConfidenceSummary(
        people=people,
        paired=paired,
        threshold=k,
        withheld=False,
        change_withheld=not show_change,
        mean_now=now,
        areas=areas,
        **change,
    )


def _also_hidden(counts: dict[int, int], k: int) -> set[int]:
    """Groups to withhold besides the small ones, so that the program's figure minus the
    groups shown never gives away the figure of fewer than k people: while the withheld
    groups add up to fewer than k, the smallest group still shown is withheld too."""
    small = {g for g, n in counts.items() if 0 < n < k}
    hidden: set[int] = set()
    shown = sorted((n, g) for g, n in counts.items() if n >= k)
    total = sum(counts[g] for g in small)
    while small and 0 < total < k and shown:
        n, g = shown.pop(0)
        hidden.add(g)
        total += n
    return hidden


def _by_group(checks: list[_Check], group_ids: list[int]) -> dict[int, ConfidenceSummary]:
    k = threshold()
    grouped: dict[int | None, list[_Check]] = defaultdict(list)
    for c in checks:
        grouped[c.community_id].append(c)

    def counts(paired: bool) -> dict[int, int]:
        result = {}
        for g in group_ids:
            people: dict[int, int] = defaultdict(int)
            for c in grouped.get(g, []):
                people[c.user_id] += 1
            result[g] = sum(1 for n in people.values() if n > 1) if paired else len(people)
        return result

    hide_all, hide_change = _also_hidden(counts(False), k), _also_hidden(counts(True), k)
    labels = _area_labels()
    return {
        g: _summary(
            grouped.get(g, []),
            hide_all=g in hide_all,
            hide_change=g in hide_change,
            labels=labels,
        )
        for g in group_ids
    }


def confidence_change(program: Program, community: Community | None = None) -> ConfidenceSummary:
    """For a program, or for one of its groups (the checks taken while in that group).
    A group's figures are withheld exactly as in `confidence_by_community`."""
    checks = _checks(program)
    if community is None:
        return _summary(checks)
    group_ids = list(Community.objects.filter(program=program).values_list("pk", flat=True))
    return _by_group(checks, group_ids).get(community.pk) or _summary([])


def confidence_by_community(program: Program) -> list[tuple[Community, ConfidenceSummary]]:
    """Every group of the program with its figures, by name: two queries."""
    return confidence_overview(program)[1]


def confidence_overview(
    program: Program,
) -> tuple[ConfidenceSummary, list[tuple[Community, ConfidenceSummary]]]:
    """The program's figures and every group's, reading the checks once: two queries."""
    checks = _checks(program)
    communities = list(Community.objects.filter(program=program).order_by("name", "pk"))
    summaries = _by_group(checks, [c.pk for c in communities])
    return _summary(checks), [(c, summaries[c.pk]) for c in communities]
