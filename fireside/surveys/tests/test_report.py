"""What the program report reads: program-wide results in a fixed number of queries,
aggregates only, withheld below the threshold."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import World
from fireside.demo.factories import CommunityFactory, make_member
from fireside.surveys import actions
from fireside.surveys.report import program_survey_results, results_for
from fireside.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def _answered(world: World, n: int, title: str, people: list[Any]) -> None:
    survey = make_survey(world.program, created_by=world.coordinator, title=title)
    for i, person in enumerate(people[:n]):
        actions.check_respond(
            user=person, survey=survey, answers=[1 + i % 5, "Mornings", ["Walks"], f"{title} {i}"]
        )


def test_program_results_take_a_fixed_number_of_queries(world: World) -> None:
    group = CommunityFactory(program=world.program, capacity=12)
    people = [make_member(group) for _ in range(7)]
    _answered(world, 6, "First", people)
    make_survey(world.program, community=world.community, title="The group's own")
    with CaptureQueriesContext(connection) as one:
        assert [r.title for r in program_survey_results(world.program)] == ["First"]
    for i in range(4):
        _answered(world, 3 + i, f"More {i}", people)
    with CaptureQueriesContext(connection) as five:
        results = program_survey_results(world.program)
    assert len(five) == len(one)
    by_title = {r.title: r for r in results}
    assert len(by_title) == 5 and "The group's own" not in by_title
    assert by_title["First"].included == 5 and by_title["First"].answered == 6
    assert by_title["More 0"].withheld and by_title["More 0"].as_dict()["questions"][3] == {
        "position": 4,
        "kind": "text",
        "text": "Anything else?",
        "withheld": True,
    }
    assert "More 0 1" not in str(by_title["More 0"].as_dict())
    assert not by_title["More 2"].withheld  # five answered


def test_shares_are_of_the_people_who_answered(world: World) -> None:
    group = CommunityFactory(program=world.program, capacity=12)
    people = [make_member(group) for _ in range(5)]
    survey = make_survey(world.program, community=group)
    for i, person in enumerate(people):
        ticks = [["Stories"], ["Stories", "Guests"], [], ["Walks"], ["Stories"]][i]
        actions.check_respond(user=person, survey=survey, answers=[5, "Evenings", ticks, ""])
    result = results_for(survey)
    assert result is not None
    likert, _choice, multiple, text = result.questions
    assert [(b.value, b.count, b.percent) for b in likert.bars][-1] == ("5", 5, 100)
    assert likert.mean == 5
    assert [(b.label, b.count, b.percent) for b in multiple.bars] == [
        ("Stories", 3, 60),
        ("Guests", 1, 20),
        ("Walks", 1, 20),
    ]
    assert (text.answered, text.texts) == (0, [])
    assert result.audience == 5
