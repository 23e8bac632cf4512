"""The confidence check: when it is due, taking it, reminders, and the figures made of it
(hand-computed below), withheld below the threshold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import World
from fireside.demo.factories import CommunityFactory, make_member
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable
from fireside.notifications.models import Notification
from fireside.programs.models import CommitmentPeriod
from fireside.surveys import actions, confidence
from fireside.surveys.models import ConfidenceAnswer, ConfidenceCheck, Occasion
from fireside.surveys.report import confidence_by_community, confidence_change
from fireside.surveys.tests.factories import make_check

pytestmark = pytest.mark.django_db

EIGHT = len(confidence.ITEMS)
START = dt.date(2026, 9, 15)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def periods(world: World) -> None:
    CommitmentPeriod.objects.create(
        program=world.program, role="facilitator", start_month=9, end_month=6
    )
    CommitmentPeriod.objects.create(
        program=world.program, role="peer_mentor", start_month=10, end_month=5
    )


def test_the_scale_has_eight_statements_in_four_areas() -> None:
    assert EIGHT == 8
    assert len(set(confidence.ITEM_KEYS)) == 8
    assert {i.area for i in confidence.ITEMS} == set(confidence.AREAS)
    assert [v for v, _ in confidence.SCALE] == [1, 2, 3, 4, 5]


def test_terms_end_with_the_commitment_period_or_the_program(world: World) -> None:
    program = world.program  # 1 September 2026 to 30 June 2027
    assert confidence.term_ends(program, "peer_mentor") == [dt.date(2027, 6, 30)]
    periods(world)
    assert confidence.term_ends(program, "peer_mentor") == [dt.date(2027, 5, 31)]
    assert confidence.term_ends(program, "facilitator") == [dt.date(2027, 6, 30)]
    program.ends_on = dt.date(2028, 6, 30)  # two years: a term end each year
    assert confidence.term_ends(program, "peer_mentor") == [
        dt.date(2027, 5, 31),
        dt.date(2028, 5, 31),
    ]
    assert confidence.window(dt.date(2027, 5, 31)) == (dt.date(2027, 5, 1), dt.date(2027, 6, 30))


def test_what_is_due_when() -> None:
    ends = [dt.date(2027, 5, 31)]

    def check(taken_on: dt.date, term: dt.date | None = None) -> ConfidenceCheck:
        return ConfidenceCheck(
            occasion="term_end" if term else "start", term_ends_on=term, taken_on=taken_on
        )

    due = confidence.due_from
    assert due(checks=[], ends=ends, today=dt.date(2026, 11, 18)) == confidence.Due("start")
    baseline = [check(START)]
    assert due(checks=baseline, ends=ends, today=dt.date(2027, 4, 30)) is None
    assert due(checks=baseline, ends=ends, today=dt.date(2027, 5, 1)) == confidence.Due(
        "term_end", dt.date(2027, 5, 31)
    )
    assert due(checks=baseline, ends=ends, today=dt.date(2027, 6, 30)) is not None
    assert due(checks=baseline, ends=ends, today=dt.date(2027, 7, 1)) is None
    done = [*baseline, check(dt.date(2027, 5, 20), dt.date(2027, 5, 31))]
    assert due(checks=done, ends=ends, today=dt.date(2027, 5, 25)) is None
    # Someone who joined in May took their baseline inside the window: nothing more yet.
    late = [check(dt.date(2027, 5, 10))]
    assert due(checks=late, ends=ends, today=dt.date(2027, 5, 25)) is None


def test_a_member_takes_the_baseline_once(world: World) -> None:
    check = actions.check_take_confidence(
        user=world.member, program=world.program, answers=[1, 2, 3, 4, 5, 4, 3, 2]
    )
    assert (check.occasion, check.term_ends_on, check.taken_on) == (
        "start",
        None,
        dt.date(2026, 11, 18),
    )
    assert check.community == world.community
    assert check.score == Decimal("3.00")
    assert dict(ConfidenceAnswer.objects.values_list("item", "value"))["practice_new"] == 2
    with pytest.raises(Conflict, match="no confidence check to answer"):
        actions.check_take_confidence(user=world.member, program=world.program, answers=[3] * 8)
    assert ConfidenceCheck.objects.count() == 1


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        ("3", InvalidInput),
        ([3] * 7, InvalidInput),
        ([3] * 9, InvalidInput),
        ([3] * 7 + [True], InvalidInput),
        ([3] * 7 + ["3"], InvalidInput),
        ([3] * 7 + [3.5], InvalidInput),
        ([3] * 7 + [0], Unprocessable),
        ([3] * 7 + [6], Unprocessable),
    ],
)
def test_bad_answers_are_refused(world: World, answers: Any, error: type) -> None:
    with pytest.raises(error):
        actions.check_take_confidence(user=world.member, program=world.program, answers=answers)
    assert not ConfidenceCheck.objects.exists()


@pytest.mark.parametrize("who", ["waitlisted", "coordinator", "mentor", "staff"])
def test_the_check_is_for_participants(world: World, who: str) -> None:
    with pytest.raises(NotAllowed):
        actions.check_take_confidence(
            user=world.persona(who), program=world.program, answers=[3] * 8
        )


def test_the_end_of_term_check_and_its_reminder(world: World, time_machine: Any) -> None:
    periods(world)
    make_check(world.program, world.member, [2] * 8, community=world.community, taken_on=START)
    make_check(world.program, world.facilitator, [2] * 8, community=world.community, taken_on=START)
    time_machine.move_to(dt.datetime(2027, 5, 2, 20, 0, tzinfo=dt.UTC), tick=False)
    # Mina's peer-mentor term ends in May; Fay facilitates until June. Otto has no baseline.
    assert actions.send_confidence_reminders() == 1
    note = Notification.objects.get()
    assert note.user == world.member and note.kind == "survey"
    assert note.url == f"/surveys/programs/{world.program.pk}/confidence/"
    assert actions.send_confidence_reminders() == 0  # once per term
    check = actions.check_take_confidence(user=world.member, program=world.program, answers=[4] * 8)
    assert (check.occasion, check.term_ends_on) == ("term_end", dt.date(2027, 5, 31))
    time_machine.move_to(dt.datetime(2027, 6, 2, 20, 0, tzinfo=dt.UTC), tick=False)
    assert actions.send_confidence_reminders() == 1
    assert Notification.objects.filter(user=world.facilitator).count() == 1


# --- Figures ------------------------------------------------------------------------------


def _group(
    world: World, firsts: list[int], latests: list[int | None], community: Any = None
) -> None:
    """One person per entry: a baseline of all `first`s, a latest of all `latest`s."""
    community = community or world.community
    for first, latest in zip(firsts, latests, strict=True):
        person = make_member(community)
        make_check(world.program, person, [first] * 8, community=community, taken_on=START)
        if latest is not None:
            make_check(
                world.program,
                person,
                [latest] * 8,
                community=community,
                taken_on=dt.date(2027, 5, 20),
                term_ends_on=dt.date(2027, 5, 31),
            )


def test_confidence_change_by_hand(world: World) -> None:
    # Baselines 2,2,3,3,4,5 (six people); five took the end-of-term check: 3,4,3,4,4.
    _group(world, [2, 2, 3, 3, 4, 5], [3, 4, 3, 4, 4, None])
    summary = confidence_change(world.program)
    assert (summary.people, summary.paired, summary.withheld, summary.change_withheld) == (
        6,
        5,
        False,
        False,
    )
    # Latest per person: 3,4,3,4,4,5 → 23/6
    assert summary.mean_now == Decimal("3.83")
    # The five with two checks: first 2,2,3,3,4 → 2.8; latest 3,4,3,4,4 → 3.6; change +0.8
    assert (summary.mean_first, summary.mean_latest, summary.mean_change) == (
        Decimal("2.80"),
        Decimal("3.60"),
        Decimal("0.80"),
    )
    assert (summary.higher, summary.same, summary.lower) == (3, 2, 0)
    practice = summary.areas[0]
    assert (practice.area, practice.now, practice.first, practice.latest) == (
        "practice",
        Decimal("3.83"),
        Decimal("2.80"),
        Decimal("3.60"),
    )


def test_figures_are_withheld_below_the_threshold(world: World) -> None:
    _group(world, [2, 3, 4, 5], [3, 4, None, None])
    summary = confidence_change(world.program)
    assert summary.people == 4 and summary.withheld and summary.mean_now is None
    assert summary.areas == [] and summary.mean_change is None
    _group(world, [1], [None])
    summary = confidence_change(world.program)
    assert not summary.withheld and summary.mean_now is not None
    assert summary.change_withheld and summary.mean_change is None  # two people paired
    assert all(a.first is None and a.latest is None for a in summary.areas)
    assert "mean_change" in summary.as_dict() and summary.as_dict()["mean_change"] is None


def test_a_single_respondent_is_never_shown(world: World) -> None:
    _group(world, [1], [5])
    for summary in [
        confidence_change(world.program),
        confidence_change(world.program, world.community),
    ]:
        data = summary.as_dict()
        assert data["withheld"] and data["change_withheld"]
        assert {data[k] for k in ("mean_now", "mean_first", "mean_latest", "mean_change")} == {None}
        assert data["areas"] == []


def test_a_small_group_cannot_be_worked_out_from_the_others(world: World) -> None:
    big = CommunityFactory(program=world.program, capacity=12, name="Big")
    bigger = CommunityFactory(program=world.program, capacity=12, name="Bigger")
    _group(world, [3] * 5, [None] * 5, community=big)
    _group(world, [4] * 7, [None] * 7, community=bigger)
    _group(world, [1], [None], community=world.community)  # one person alone
    overall = confidence_change(world.program)
    assert overall.people == 13 and not overall.withheld
    groups = {c.name: s for c, s in confidence_by_community(world.program)}
    # The lone person's group is withheld, and so is the smallest group shown, or the
    # program's figure minus the other groups would give the lone person's answers away.
    assert groups[world.community.name].withheld
    assert groups["Big"].withheld and groups["Big"].mean_now is None
    assert not groups["Bigger"].withheld and groups["Bigger"].mean_now == Decimal("4.00")
    assert groups["Another circle"].people == 0 and groups["Another circle"].withheld
    assert confidence_change(world.program, big).withheld  # the same rule, one at a time


def test_figures_by_group_take_a_fixed_number_of_queries(world: World) -> None:
    _group(world, [3] * 5, [4] * 5)
    with CaptureQueriesContext(connection) as few:
        confidence_by_community(world.program)
    for i in range(4):
        group = CommunityFactory(program=world.program, capacity=12)
        _group(world, [2 + i % 3] * 6, [3] * 6, community=group)
    with CaptureQueriesContext(connection) as many:
        result = confidence_by_community(world.program)
    assert len(many) == len(few) == 2  # the checks with their area scores, the groups
    assert sum(1 for _, s in result if not s.withheld) == 5


def test_the_occasion_is_recorded(world: World) -> None:
    check = make_check(world.program, world.member, [3] * 8, taken_on=START)
    assert check.occasion == Occasion.START
