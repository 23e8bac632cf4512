"""The "Surveys and reports" section of api-v1.md, end to end: shapes, status codes, the
threshold, and bad input refused with a clear `detail` and nothing written."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import CommunityFactory, make_member
from fireside.surveys import actions
from fireside.surveys.models import (
    ConfidenceCheck,
    Participation,
    PendingResponse,
    Question,
    Response,
    Survey,
)
from fireside.surveys.tests.factories import ANSWERS, QUESTIONS, make_check, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def call(client: Client, method: str, url: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = body if isinstance(body, str) else json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def detail(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    text = response.json()["detail"]
    assert isinstance(text, str) and text
    return str(text)


def surveys_url(world: World) -> str:
    return f"/api/v1/programs/{world.program.pk}/surveys"


def body(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "How are we doing?",
        "community": None,
        "anonymous": True,
        "questions": [
            {"kind": "likert", "text": "I feel welcome.", "options": []},
            {"kind": "text", "text": "Anything else?", "options": []},
            {"kind": "choice", "text": "When?", "options": ["Mornings", "Evenings"]},
        ],
        **overrides,
    }


def rows() -> tuple[int, ...]:
    return (
        Survey.objects.count(),
        Question.objects.count(),
        Participation.objects.count(),
        PendingResponse.objects.count(),
        Response.objects.count(),
    )


# --- Building -----------------------------------------------------------------------------


def test_a_coordinator_builds_a_program_survey(client: Client, world: World) -> None:
    response = call(client, "POST", surveys_url(world), world.coordinator, body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert {"id", "title", "community", "anonymous", "questions"} <= set(data)
    assert (data["community"], data["anonymous"], data["program"]) == (
        None,
        True,
        world.program.pk,
    )
    assert [q["kind"] for q in data["questions"]] == ["likert", "text", "choice"]
    assert data["questions"][2]["options"] == ["Mornings", "Evenings"]
    assert data["round"] == {
        "number": 1,
        "opens_on": "2026-11-18",
        "closes_on": "2026-12-01",
        "is_open": True,
    }
    assert data["answered"] is False


def test_a_facilitator_builds_one_for_their_group(client: Client, world: World) -> None:
    response = call(
        client,
        "POST",
        surveys_url(world),
        world.facilitator,
        body(community=world.community.pk, anonymous=False, repeat_every_months=3),
    )
    assert response.status_code == 201, response.content
    assert response.json()["community"] == world.community.pk
    assert response.json()["repeat_every_months"] == 3
    program_wide = call(client, "POST", surveys_url(world), world.facilitator, body())
    assert detail(program_wide, 403) == "You are not allowed to do this."
    other = call(
        client,
        "POST",
        surveys_url(world),
        world.facilitator,
        body(community=world.other_community.pk),
    )
    detail(other, 403)
    assert Survey.objects.count() == 1


def test_a_group_of_another_program_is_unprocessable(client: Client, world: World) -> None:
    elsewhere = CommunityFactory()
    response = call(
        client, "POST", surveys_url(world), world.coordinator, body(community=elsewhere.pk)
    )
    assert "not one of this program's groups" in detail(response, 422)
    # Someone who may not survey the program learns nothing from the id.
    detail(
        call(client, "POST", surveys_url(world), world.member, body(community=elsewhere.pk)), 403
    )
    assert rows()[0] == 0


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"title": ""}, 400),
        ({"title": None}, 400),
        ({"anonymous": "yes"}, 400),
        ({"questions": []}, 400),
        ({"questions": "likert"}, 400),
        ({"questions": [{"kind": "poll", "text": "Q"}]}, 400),
        ({"questions": [{"kind": "likert"}]}, 400),
        ({"questions": [{"kind": "choice", "text": "Q", "options": ["A"]}]}, 422),
        ({"questions": [{"kind": "text", "text": "Q", "options": ["A", "B"]}]}, 422),
        ({"opens_on": "2026-11-01"}, 400),
        ({"opens_on": "soon"}, 400),
        ({"repeat_every_months": 24}, 400),
        ({"repeat_every_months": "3"}, 400),
        ({"community": "mine"}, 400),
        ({"community": 10**25}, 400),
    ],
)
def test_it_refuses_bad_surveys(
    client: Client, world: World, overrides: dict[str, Any], status: int
) -> None:
    detail(call(client, "POST", surveys_url(world), world.coordinator, body(**overrides)), status)
    assert rows() == (0, 0, 0, 0, 0)


def test_unknown_program_is_404(client: Client, world: World) -> None:
    assert detail(
        call(client, "POST", "/api/v1/programs/999999/surveys", world.coordinator, body()), 404
    )


# --- Answering ----------------------------------------------------------------------------


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(world.program, community=world.community, created_by=world.facilitator)


def responses_url(survey: Survey) -> str:
    return f"/api/v1/surveys/{survey.pk}/responses"


def test_a_member_answers_once_and_a_second_answer_is_409(
    client: Client, world: World, survey: Survey
) -> None:
    first = call(client, "POST", responses_url(survey), world.member, {"answers": ANSWERS})
    assert first.status_code == 201, first.content
    assert first.json() == {"survey": survey.pk, "round": 1, "answered": True}
    again = call(client, "POST", responses_url(survey), world.member, {"answers": ANSWERS})
    assert "already answered" in detail(again, 409)
    assert rows()[2:] == (1, 1, 0)


@pytest.mark.parametrize(
    ("sent", "status"),
    [
        ("", 400),
        ("[4]", 400),
        ({}, 400),
        ({"answers": "4"}, 400),
        ({"answers": None}, 400),
        ({"answers": [4, "Evenings"]}, 400),
        ({"answers": ["four", "Evenings", [], ""]}, 400),
        ({"answers": [9, "Evenings", [], ""]}, 422),
        ({"answers": [4, "Lunch", [], ""]}, 422),
        ({"answers": [4, "Evenings", ["Naps"], ""]}, 422),
        ({"answers": [4, "Evenings", [], {"text": "hi"}]}, 400),
    ],
)
def test_answers_of_the_wrong_shape_are_refused(
    client: Client, world: World, survey: Survey, sent: Any, status: int
) -> None:
    detail(call(client, "POST", responses_url(survey), world.member, sent), status)
    assert rows()[2:] == (0, 0, 0)


def test_outsiders_get_404_and_people_of_the_program_403(
    client: Client, world: World, survey: Survey
) -> None:
    stranger = make_member(CommunityFactory())
    detail(call(client, "POST", responses_url(survey), stranger, {"answers": ANSWERS}), 404)
    detail(call(client, "POST", responses_url(survey), world.outsider, {"answers": ANSWERS}), 403)
    detail(
        call(client, "POST", responses_url(survey), world.coordinator, {"answers": ANSWERS}), 403
    )
    detail(call(client, "POST", responses_url(survey), None, {"answers": ANSWERS}), 401)
    detail(
        call(
            client, "POST", "/api/v1/surveys/999999/responses", world.member, {"answers": ANSWERS}
        ),
        404,
    )


def test_a_closed_survey_answers_409(client: Client, world: World, survey: Survey) -> None:
    actions.do_close_survey(actor=world.facilitator, survey=survey)
    assert "closed" in detail(
        call(client, "POST", responses_url(survey), world.member, {"answers": ANSWERS}), 409
    )


ANSWER = st.one_of(
    st.integers(min_value=-3, max_value=8),
    st.sampled_from(["Mornings", "Evenings", "Stories", "", "x" * 10]),
    st.lists(st.sampled_from(["Stories", "Guests", "Walks", "Naps"]), max_size=4),
    st.text(max_size=20),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
VALID = st.fixed_dictionaries(
    {
        "answers": st.tuples(
            st.integers(1, 5),
            st.sampled_from(["Mornings", "Evenings"]),
            st.lists(st.sampled_from(["Stories", "Guests", "Walks"]), unique=True),
            st.text(max_size=30),
        ).map(list)
    }
)
BODIES = st.one_of(
    VALID,
    st.fixed_dictionaries({"answers": st.lists(ANSWER, max_size=6)}),
    st.fixed_dictionaries(
        {
            "answers": st.tuples(
                st.one_of(st.integers(0, 6), st.text(max_size=2)),
                st.sampled_from(["Mornings", "Evenings", "Noon", 3]),
                st.lists(st.sampled_from(["Stories", "Guests", "Walks", "Nope"]), max_size=3),
                st.one_of(st.text(max_size=30), st.integers()),
            ).map(list)
        }
    ),
    st.dictionaries(st.text(max_size=8), ANSWER, max_size=3),
    st.lists(ANSWER, max_size=3),
    ANSWER,
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(sent=BODIES)
def test_the_responses_api_never_fails_and_writes_nothing_when_it_refuses(
    client: Client, world: World, sent: Any
) -> None:
    """Any JSON at all: 201 (then exactly one answer more), or a refusal with a detail
    (then nothing written). Never a 500."""
    survey = Survey.objects.filter(title="Fuzzed").first() or make_survey(
        world.program, community=world.community, title="Fuzzed"
    )
    person = make_member(world.community) if world.community.memberships.count() < 6 else None
    person = person or world.member
    Participation.objects.filter(user=person).delete()

    def stored() -> tuple[int, int]:  # waiting to be mixed in, or mixed in
        return (
            Participation.objects.count(),
            PendingResponse.objects.count() + Response.objects.count(),
        )

    before = stored()
    response = call(client, "POST", responses_url(survey), person, json.dumps(sent))
    event(f"status {response.status_code}")
    assert response.status_code in {201, 400, 422}, response.content
    after = stored()
    if response.status_code == 201:
        assert after == (before[0] + 1, before[1] + 1)
    else:
        assert isinstance(response.json()["detail"], str)
        assert after == before


# --- Results ------------------------------------------------------------------------------


def results_url(survey: Survey) -> str:
    return f"/api/v1/surveys/{survey.pk}/results"


def answer_all(survey: Survey, people: list[Any], answers: list[list[Any]]) -> None:
    for person, given_answers in zip(people, answers, strict=True):
        actions.check_respond(user=person, survey=survey, answers=given_answers)


def test_results_are_withheld_below_five_and_shown_from_five(
    client: Client, world: World, survey: Survey
) -> None:
    people = [world.member, world.facilitator] + [make_member(world.community) for _ in range(3)]
    given_answers = [
        [5, "Evenings", ["Stories"], "ZQ-FIRST distinctive"],
        [4, "Evenings", ["Stories", "Walks"], ""],
        [4, "Mornings", [], "Second thought"],
        [2, "Evenings", ["Walks"], ""],
    ]
    answer_all(survey, people[:4], given_answers)
    held = call(client, "GET", results_url(survey), world.facilitator)
    assert held.status_code == 200
    data = held.json()
    assert (data["responses"], data["included"], data["withheld"], data["threshold"]) == (
        4,
        0,
        True,
        5,
    )
    assert all(
        q == {"position": q["position"], "kind": q["kind"], "text": q["text"], "withheld": True}
        for q in data["questions"]
    )
    assert b"ZQ-FIRST" not in held.content and b"Second thought" not in held.content

    answer_all(survey, people[4:], [[3, "Mornings", ["Guests", "Stories"], "Tea"]])
    data = call(client, "GET", results_url(survey), world.facilitator).json()
    assert (data["responses"], data["included"], data["withheld"]) == (5, 5, False)
    likert, choice, multiple, text = data["questions"]
    assert likert["counts"] == {"1": 0, "2": 1, "3": 1, "4": 2, "5": 1}
    assert likert["mean"] == 3.6 and likert["answered"] == 5
    assert choice["counts"] == {"Mornings": 2, "Evenings": 3}
    assert multiple["counts"] == {"Stories": 3, "Guests": 1, "Walks": 2}
    assert sorted(text["answers"]) == ["Second thought", "Tea", "ZQ-FIRST distinctive"]
    assert data["audience"] == 5 and data["round"]["number"] == 1
    assert not any(p.display_name in str(data) or p.email in str(data) for p in people)


def test_only_the_creator_reads_results(client: Client, world: World, survey: Survey) -> None:
    for who, status in [("member", 403), ("coordinator", 403), ("mentor", 403), ("staff", 404)]:
        detail(call(client, "GET", results_url(survey), world.persona(who)), status)
    assert call(client, "GET", results_url(survey), world.facilitator).status_code == 200
    detail(call(client, "GET", f"{results_url(survey)}?round=7", world.facilitator), 404)
    detail(call(client, "GET", f"{results_url(survey)}?round=x", world.facilitator), 400)


def test_results_before_the_survey_opens(client: Client, world: World) -> None:
    later = make_survey(
        world.program,
        community=world.community,
        created_by=world.facilitator,
        opens_on=dt.date(2026, 12, 1),
    )
    data = call(client, "GET", results_url(later), world.facilitator).json()
    assert data["round"] is None and data["withheld"] is True and len(data["questions"]) == 4


def test_a_creator_who_stopped_facilitating_no_longer_reads_results(
    client: Client, world: World, survey: Survey
) -> None:
    world.community.roles.filter(user=world.facilitator).delete()
    detail(call(client, "GET", results_url(survey), world.facilitator), 403)


def test_the_results_call_makes_a_fixed_number_of_queries(
    client: Client, world: World, survey: Survey, django_assert_max_num_queries: Any
) -> None:
    people = [world.member, world.facilitator] + [make_member(world.community) for _ in range(4)]
    answer_all(survey, people, [ANSWERS] * 6)
    token = ApiToken.issue(world.facilitator)
    # token and user, survey with program, community and creator, the creator's standing
    # (program roles, membership, agreement, roles), rounds, then the results: people who
    # answered, responses, audience, questions, counts, free text, and the program's people's
    # names to hide in it
    with django_assert_max_num_queries(17):
        response = client.get(results_url(survey), headers={"Authorization": f"Bearer {token}"})
    assert response.json()["included"] == 5


# --- Reading and listing ------------------------------------------------------------------


def test_the_audience_reads_the_questions(client: Client, world: World, survey: Survey) -> None:
    data = call(client, "GET", f"/api/v1/surveys/{survey.pk}", world.member).json()
    assert [q["text"] for q in data["questions"]] == [q["text"] for q in QUESTIONS]
    assert data["answered"] is False
    call(client, "POST", responses_url(survey), world.member, {"answers": ANSWERS})
    assert call(client, "GET", f"/api/v1/surveys/{survey.pk}", world.member).json()["answered"]
    detail(call(client, "GET", f"/api/v1/surveys/{survey.pk}", world.waitlisted), 403)


def test_my_surveys_lists_what_waits(client: Client, world: World, survey: Survey) -> None:
    program_wide = make_survey(world.program, created_by=world.coordinator, title="Program")
    make_survey(world.program, community=world.other_community, title="Not mine")
    data = call(client, "GET", "/api/v1/me/surveys", world.member).json()
    assert [i["title"] for i in data["items"]] == ["How are we doing?", "Program"]
    assert data["confidence"] == [
        {"program": world.program.pk, "occasion": "start", "term_ends_on": None}
    ]
    call(client, "POST", responses_url(survey), world.member, {"answers": ANSWERS})
    data = call(client, "GET", "/api/v1/me/surveys", world.member).json()
    assert [i["id"] for i in data["items"]] == [program_wide.pk]


# --- Confidence ---------------------------------------------------------------------------


def confidence_url(world: World, tail: str = "") -> str:
    return f"/api/v1/programs/{world.program.pk}/confidence{tail}"


def test_a_member_takes_the_confidence_check(client: Client, world: World) -> None:
    data = call(client, "GET", confidence_url(world), world.member).json()
    assert len(data["items"]) == 8 and data["due"] == {"occasion": "start", "term_ends_on": None}
    assert data["scale"][0] == {"value": 1, "label": "Not true of me"}
    taken = call(client, "POST", confidence_url(world), world.member, {"answers": [4] * 8})
    assert taken.status_code == 201, taken.content
    assert taken.json()["score"] == 4.0 and taken.json()["occasion"] == "start"
    assert "no confidence check" in detail(
        call(client, "POST", confidence_url(world), world.member, {"answers": [4] * 8}), 409
    )
    mine = call(client, "GET", confidence_url(world), world.member).json()
    assert mine["due"] is None and mine["mine"][0]["answers"]["belonging_peers"] == 4


@pytest.mark.parametrize(
    ("sent", "status"),
    [
        ({"answers": [4] * 7}, 400),
        ({"answers": "4"}, 400),
        ({"answers": [4] * 7 + [9]}, 422),
        ({}, 400),
    ],
)
def test_bad_confidence_answers(client: Client, world: World, sent: Any, status: int) -> None:
    detail(call(client, "POST", confidence_url(world), world.member, sent), status)
    assert not ConfidenceCheck.objects.exists()


def test_confidence_results_are_aggregates_for_coordinators(client: Client, world: World) -> None:
    for _ in range(5):
        person = make_member(world.community)
        make_check(
            world.program, person, [3] * 8, community=world.community, taken_on=dt.date(2026, 9, 20)
        )
    detail(call(client, "GET", confidence_url(world, "/results"), world.facilitator), 403)
    data = call(client, "GET", confidence_url(world, "/results"), world.coordinator).json()
    assert data["overall"]["people"] == 5 and data["overall"]["mean_now"] == 3.0
    assert data["overall"]["change_withheld"] is True and data["overall"]["mean_change"] is None
    groups = {g["name"]: g for g in data["communities"]}
    assert groups[world.community.name]["mean_now"] == 3.0
    assert groups["Another circle"]["withheld"] is True
