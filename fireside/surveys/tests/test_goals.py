"""The program's own goals in the confidence check: coordinators manage them in both
languages; members answer them with the scale; results keep the threshold; rewording
keeps answers and removing keeps them in the results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from fireside.demo.factories import CommunityFactory, make_member
from fireside.lib.errors import InvalidInput, NotAllowed
from fireside.surveys import goals
from fireside.surveys.confidence import ITEMS
from fireside.surveys.models import ConfidenceGoal, ConfidenceGoalAnswer
from fireside.surveys.tests.factories import make_check

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def add(world: World, en: str = "Every child's family feels welcome.") -> ConfidenceGoal:
    return goals.check_add_goal(
        actor=world.coordinator, program=world.program, text_en=en, text_fr=f"FR {en}"
    )


def test_coordinators_add_reword_reorder_and_remove_goals(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    url = reverse("surveys:goals", args=[world.program.pk])
    assert client.get(url).status_code == 200
    missing = client.post(url, {"op": "add", "new-text_en": "Play is learning.", "new-text_fr": ""})
    assert missing.status_code == 400 and not ConfidenceGoal.objects.exists()
    for en in ("Play is learning.", "Families feel welcome."):
        client.post(url, {"op": "add", "new-text_en": en, "new-text_fr": f"FR {en}"})
    first, second = ConfidenceGoal.objects.order_by("position")
    client.post(url, {"op": f"down-{first.pk}"})
    assert list(ConfidenceGoal.objects.values_list("text_en", flat=True)) == [
        "Families feel welcome.",
        "Play is learning.",
    ]
    client.post(
        url,
        {
            "op": f"save-{first.pk}",
            f"g{first.pk}-text_en": "Play is how children learn.",
            f"g{first.pk}-text_fr": "Le jeu, c'est apprendre.",
        },
    )
    first.refresh_from_db()
    assert first.text_en == "Play is how children learn."
    client.post(url, {"op": f"remove-{second.pk}"})  # never answered: gone
    assert list(ConfidenceGoal.objects.values_list("pk", flat=True)) == [first.pk]
    client.force_login(world.facilitator)
    assert client.get(url).status_code == 403


def test_only_coordinators_and_both_languages(world: World) -> None:
    with pytest.raises(NotAllowed):
        goals.check_add_goal(
            actor=world.facilitator, program=world.program, text_en="A", text_fr="B"
        )
    with pytest.raises(InvalidInput):
        goals.check_add_goal(
            actor=world.coordinator, program=world.program, text_en="A", text_fr=" "
        )


def test_members_answer_goals_after_the_scale_in_their_language(
    client: Client, world: World
) -> None:
    goal = add(world)
    client.force_login(world.member)
    url = reverse("surveys:confidence", args=[world.program.pk])
    html = client.get(url).content.decode()
    assert f"{len(ITEMS) + 1}. Every child&#x27;s family feels welcome." in html
    full = {item.key: "4" for item in ITEMS}
    refused = client.post(url, full)
    assert refused.status_code == 200 and not ConfidenceGoalAnswer.objects.exists()
    assert client.post(url, {**full, f"goal_{goal.pk}": "5"}).status_code == 302
    assert ConfidenceGoalAnswer.objects.get().value == 5
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-ca")
    assert french.status_code == 200


def _answers(world: World, goal: ConfidenceGoal, people: int, value: int) -> None:
    big = CommunityFactory(program=world.program, capacity=12)
    for _ in range(people):
        user = make_member(big)
        start = make_check(
            world.program, user, [3] * 8, community=big, taken_on=dt.date(2026, 9, 1)
        )
        ConfidenceGoalAnswer.objects.create(confidence_check=start, goal=goal, value=value)
        end = make_check(
            world.program,
            user,
            [4] * 8,
            community=big,
            taken_on=dt.date(2026, 11, 10),
            term_ends_on=dt.date(2026, 11, 30),
        )
        ConfidenceGoalAnswer.objects.create(confidence_check=end, goal=goal, value=value + 1)


def test_results_keep_the_threshold(client: Client, world: World, settings: Any) -> None:
    settings.SURVEY_MIN_RESPONSES = 5
    goal = add(world)
    _answers(world, goal, 4, 2)
    (row,) = goals.goal_results(world.program)
    assert (row.people_before, row.before, row.after) == (4, None, None)
    client.force_login(world.coordinator)
    html = client.get(reverse("surveys:confidence_results", args=[world.program.pk])).content
    assert b"too few answers yet" in html
    # The goals' table is in the page once, not in its title or breadcrumbs.
    assert html.count(b'id="own-goals"') == 1
    assert b"<title>Confidence" in html and b"own goals" not in html.split(b"</title>")[0]
    _answers(world, goal, 1, 2)
    with CaptureQueriesContext(connection) as queries:
        (row,) = goals.goal_results(world.program)
    assert len(queries) == 2
    assert (row.before, row.after, row.change) == (2.0, 3.0, 1.0)


def test_rewording_keeps_answers_and_removing_keeps_them_in_results(world: World) -> None:
    goal = add(world)
    _answers(world, goal, 5, 3)
    goals.check_edit_goal(actor=world.coordinator, goal=goal, text_en="Reworded.", text_fr="Redit.")
    goals.do_remove_goal(actor=world.coordinator, goal=goal)
    goal.refresh_from_db()
    assert not goal.active and goal.answers.count() == 10
    assert goals.active_goals(world.program) == []
    (row,) = goals.goal_results(world.program)
    assert row.goal.text_en == "Reworded." and row.before == 3.0


def test_the_api_takes_and_shows_goals(client: Client, world: World) -> None:
    from fireside.surveys.tests.test_builder import call

    goal = add(world)
    url = f"/api/v1/programs/{world.program.pk}/confidence"
    shown = call(client, "GET", url, world.member).json()
    assert shown["goals"] == [
        {
            "id": goal.pk,
            "text": goal.text_en,
            "text_en": goal.text_en,
            "text_fr": goal.text_fr,
        }
    ]
    bad = call(client, "POST", url, world.member, {"answers": [4] * 8, "goals": [9]})
    assert bad.status_code == 422 and "Goal 1" in bad.json()["detail"]
    made = call(client, "POST", url, world.member, {"answers": [4] * 8, "goals": [4]})
    assert made.status_code == 201 and ConfidenceGoalAnswer.objects.get().value == 4
    results = call(client, "GET", f"{url}/results", world.coordinator).json()
    assert results["goals"][0]["before"] is None  # one person: below the threshold
