"""The survey builder and the program's goals in the API: the same checks and the same
refusals as the web, a wrong question pinpointed, and only their owners let in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.demo.factories import ProgramFactory
from fireside.surveys import goals
from fireside.surveys.models import ConfidenceGoal, Participation, Survey
from fireside.surveys.tests.factories import make_survey
from fireside.surveys.tests.test_api import call, detail
from fireside.surveys.tests.test_builder import B, posted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(world.program, community=world.community, created_by=world.facilitator)


def url(survey: Survey, tail: str = "") -> str:
    return f"/api/v1/surveys/{survey.pk}{tail}"


NEW_QUESTIONS = [
    {"kind": "text", "text": "What went well?", "section": "Looking back"},
    {"kind": "choice", "text": "Which day?", "options": ["Tuesday", "Saturday"]},
    {"kind": "likert", "text": "I feel welcome.", "required": True},
]


def test_the_creator_changes_title_and_questions_in_the_order_sent(
    client: Client, world: World, survey: Survey
) -> None:
    response = call(
        client,
        "PATCH",
        url(survey),
        world.facilitator,
        {"title": "Winter plans", "questions": NEW_QUESTIONS},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Winter plans"
    assert [(q["position"], q["text"]) for q in data["questions"]] == [
        (1, "What went well?"),
        (2, "Which day?"),
        (3, "I feel welcome."),
    ]
    assert data["questions"][0]["section"] == "Looking back"
    assert data["questions"][2]["required"] is True
    assert list(survey.questions.values_list("text", flat=True)) == [
        "What went well?",
        "Which day?",
        "I feel welcome.",
    ]
    assert AuditEvent.objects.filter(verb="surveys.edit").count() == 1
    # Only the title: the questions stay.
    call(client, "PATCH", url(survey), world.facilitator, {"title": "Spring plans"})
    assert survey.questions.count() == 3


@pytest.mark.parametrize(
    ("questions", "field", "start"),
    [
        (
            [NEW_QUESTIONS[0], NEW_QUESTIONS[1], {"kind": "choice", "text": "Q", "options": ["A"]}],
            "questions[2].options",
            "Question 3: a choice question needs from 2 to 12 options.",
        ),
        ([{"kind": "essay", "text": "Q"}], "questions[0].kind", "Question 1: kind must be"),
        ([NEW_QUESTIONS[0], {"kind": "text", "text": " "}], "questions[1].text", "The text of"),
        (
            [{"kind": "text", "text": "Q", "required": "yes"}],
            "questions[0].required",
            "Question 1: required must be true or false.",
        ),
        (
            [{"kind": "text", "text": "Q", "options": ["A", "B"]}],
            "questions[0].options",
            "Question 1 is a text question",
        ),
        ([], "questions", "Add at least one question."),
    ],
)
def test_a_wrong_question_is_pinpointed_and_nothing_changes(
    client: Client, world: World, survey: Survey, questions: Any, field: str, start: str
) -> None:
    before = list(survey.questions.values_list("text", flat=True))
    response = call(client, "PATCH", url(survey), world.facilitator, {"questions": questions})
    assert response.status_code in {400, 422}
    assert detail(response, response.status_code).startswith(start)
    assert response.json()["field"] == field
    assert list(survey.questions.values_list("text", flat=True)) == before


def test_the_api_and_the_web_refuse_the_same_question_in_the_same_words(
    client: Client, world: World, survey: Survey
) -> None:
    wrong = {"kind": "choice", "text": "Which day suits you?", "options": ["Only Tuesday"]}
    api = call(client, "PATCH", url(survey), world.facilitator, {"questions": [wrong]})
    create = call(
        client,
        "POST",
        f"/api/v1/programs/{world.program.pk}/surveys",
        world.facilitator,
        {"title": "T", "community": world.community.pk, "questions": [wrong]},
    )
    client.force_login(world.facilitator)
    web = client.post(
        reverse("surveys:community_new", args=[world.community.pk]),
        posted({**B, "options": "Only Tuesday"}, op="create"),
    ).content.decode()
    message = "Question 1: a choice question needs from 2 to 12 options."
    assert detail(api, 422) == detail(create, 422) == message
    assert create.json()["field"] == "questions[0].options"
    assert message in web


def test_once_someone_answered_a_change_is_409_as_on_the_web(
    client: Client, world: World, survey: Survey
) -> None:
    Participation.objects.create(round=survey.rounds.get(), user=world.member)
    response = call(client, "PATCH", url(survey), world.facilitator, {"title": "Renamed"})
    assert "Duplicate it" in detail(response, 409)
    survey.refresh_from_db()
    assert survey.title == "How are we doing?"


def test_only_the_creator_changes_or_duplicates_it(
    client: Client, world: World, survey: Survey
) -> None:
    # Otto, in a sibling group, knows the program's surveys exist: 403 too.
    for user in (world.member, world.coordinator, world.mentor, world.outsider):
        assert call(client, "PATCH", url(survey), user, {"title": "X"}).status_code == 403
        assert call(client, "POST", url(survey, "/duplicate"), user, {}).status_code == 403
    assert call(client, "PATCH", "/api/v1/surveys/999999", world.facilitator, {}).status_code == 404
    assert call(client, "PATCH", url(survey), None, {"title": "X"}).status_code == 401


def test_duplicate_makes_a_new_survey_with_the_same_questions(
    client: Client, world: World, survey: Survey
) -> None:
    response = call(
        client, "POST", url(survey, "/duplicate"), world.facilitator, {"opens_on": "2026-12-01"}
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["title"] == "Copy of How are we doing?"
    assert data["community"] == world.community.pk and data["opens_on"] == "2026-12-01"
    copy = Survey.objects.get(pk=data["id"])
    assert list(copy.questions.values_list("text", "kind")) == list(
        survey.questions.values_list("text", "kind")
    )
    past = call(
        client, "POST", url(survey, "/duplicate"), world.facilitator, {"opens_on": "2026-01-01"}
    )
    assert past.status_code == 400 and past.json()["field"] == "opens_on"
    assert Survey.objects.count() == 2


# --- The program's own goals -----------------------------------------------------------


def goals_url(world: World, tail: str = "") -> str:
    return f"/api/v1/programs/{world.program.pk}/goals{tail}"


def test_coordinators_add_reword_move_and_remove_goals(client: Client, world: World) -> None:
    c = world.coordinator
    for en in ("Play is learning.", "Families feel welcome."):
        made = call(client, "POST", goals_url(world), c, {"text_en": en, "text_fr": f"FR {en}"})
        assert made.status_code == 201, made.content
    first, second = ConfidenceGoal.objects.order_by("position")
    moved = call(client, "PATCH", goals_url(world, f"/{second.pk}"), c, {"move": "up"})
    assert moved.status_code == 200 and moved.json()["position"] == 1
    listed = call(client, "GET", goals_url(world), c).json()
    assert [g["text_en"] for g in listed["items"]] == [
        "Families feel welcome.",
        "Play is learning.",
    ]
    reworded = call(
        client, "PATCH", goals_url(world, f"/{first.pk}"), c, {"text_fr": "Jouer, c'est apprendre."}
    )
    assert reworded.json()["text_fr"] == "Jouer, c'est apprendre."
    assert reworded.json()["text_en"] == "Play is learning."
    assert call(client, "DELETE", goals_url(world, f"/{first.pk}"), c).status_code == 204
    assert not ConfidenceGoal.objects.filter(pk=first.pk).exists()  # never answered
    assert [g.pk for g in goals.active_goals(world.program)] == [second.pk]


def test_goal_refusals_are_the_webs(client: Client, world: World) -> None:
    c = world.coordinator
    missing = call(client, "POST", goals_url(world), c, {"text_en": "Play.", "text_fr": " "})
    assert detail(missing, 400) == "The statement in French is missing."
    assert missing.json()["errors"] == {"text_fr": ["This field is required."]}
    assert not ConfidenceGoal.objects.exists()
    for n in range(goals.MAX_GOALS):
        call(client, "POST", goals_url(world), c, {"text_en": f"G{n}", "text_fr": f"G{n}"})
    over = call(client, "POST", goals_url(world), c, {"text_en": "One more", "text_fr": "Un autre"})
    assert "at most 6 goals" in detail(over, 422)
    goal = ConfidenceGoal.objects.first()
    assert goal is not None
    ConfidenceGoal.objects.filter(pk=goal.pk).update(active=False)
    assert call(client, "DELETE", goals_url(world, f"/{goal.pk}"), c).status_code == 409
    assert call(client, "DELETE", goals_url(world, "/999999"), c).status_code == 404


def test_goals_are_for_coordinators_only(client: Client, world: World) -> None:
    goal = goals.check_add_goal(
        actor=world.coordinator, program=world.program, text_en="Play.", text_fr="Jeu."
    )
    for user in (world.member, world.facilitator, world.mentor, world.outsider, world.staff):
        assert call(client, "GET", goals_url(world), user).status_code in {403, 404}
        body = {"text_en": "X", "text_fr": "X"}
        assert call(client, "POST", goals_url(world), user, body).status_code in {403, 404}
        patched = call(client, "PATCH", goals_url(world, f"/{goal.pk}"), user, {"text_en": "X"})
        assert patched.status_code in {403, 404}
        assert call(client, "DELETE", goals_url(world, f"/{goal.pk}"), user).status_code in {
            403,
            404,
        }
    goal.refresh_from_db()
    assert goal.text_en == "Play." and goal.active
    other = ProgramFactory()
    elsewhere = call(client, "GET", f"/api/v1/programs/{other.pk}/goals", world.coordinator)
    assert elsewhere.status_code == 403
