"""Anonymous answers cannot be joined to the people who gave them, and no page, API read,
export or email shows an answer below the threshold or beside a name.

Each test tries: distinctive phrases from a single respondent, small groups, reading the
stored rows in every order the database keeps them, and comparing results before and
after one more person answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, models
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from conftest import PERSONAS, World
from fireside.accounts.actions import export_user_data
from fireside.accounts.models import User
from fireside.audit.models import AuditEvent
from fireside.demo.factories import CommunityFactory, make_member
from fireside.lib.tests.test_authorization_guard import _path_values, read_every_get
from fireside.surveys import actions
from fireside.surveys.models import Answer, Participation, PendingResponse, Response, Survey
from fireside.surveys.report import results_for
from fireside.surveys.tests.factories import ANSWERS, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def said(text: str) -> list[Any]:
    return [3, "Mornings", ["Walks"], text]


def test_nothing_stored_with_an_answer_points_at_a_person() -> None:
    """No time and no sequence; a person only where the survey is not anonymous."""
    for model, people in (
        (Response, ["respondent"]),
        (PendingResponse, ["respondent"]),
        (Answer, []),
    ):
        assert isinstance(model._meta.pk, models.UUIDField), model
        fields = model._meta.get_fields()
        assert not [f for f in fields if isinstance(f, models.DateField | models.DateTimeField)]
        assert [f.name for f in fields if f.is_relation and f.related_model is User] == people
    assert {f.name for f in Participation._meta.get_fields()} == {"id", "round", "user"}


def test_the_stored_answers_cannot_be_joined_to_the_people_who_gave_them(
    world: World, settings: Any
) -> None:
    """Twenty people answer one after the other, each with a phrase of their own. Read back
    in any order the database offers — its own storage order, by id — the phrases are not
    in the order people answered, and nothing stored names anyone."""
    settings.SURVEY_MIN_RESPONSES = 20
    groups = [CommunityFactory(program=world.program, capacity=12) for _ in range(2)]
    people = [make_member(groups[i % 2]) for i in range(20)]
    survey = make_survey(world.program, created_by=world.coordinator)
    for i, person in enumerate(people):
        actions.check_respond(user=person, survey=survey, answers=said(f"phrase-{i:02d}"))
    assert PendingResponse.objects.count() == 0 and Response.objects.count() == 20
    in_order = [f"phrase-{i:02d}" for i in range(20)]
    text = Answer.objects.exclude(text="")
    as_stored = list(text.values_list("text", flat=True))  # the database's own order
    by_id = list(text.order_by("pk").values_list("text", flat=True))
    by_response = list(text.order_by("response_id").values_list("text", flat=True))
    assert sorted(as_stored) == in_order
    assert as_stored != in_order and by_id != in_order and by_response != in_order
    assert list(Response.objects.values_list("respondent", flat=True).distinct()) == [None]
    # The audit trail says who answered, never what or which response.
    for event in AuditEvent.objects.filter(verb__startswith="surveys."):
        assert "phrase" not in str(event.data)
        assert not any(str(r.pk) in str(event.data) for r in Response.objects.all())


@pytest.mark.django_db(transaction=True)
def test_postgres_transaction_ids_do_not_tie_answers_to_people(settings: Any) -> None:
    """On PostgreSQL every row records the transaction that wrote it (xmin). Answers are
    written by the mixing transaction, several at once: never by their respondent's."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin is PostgreSQL's; on SQLite the storage order is tested above")
    from fireside.demo.factories import ProgramFactory

    settings.SURVEY_MIN_RESPONSES = 5
    program = ProgramFactory()
    group = CommunityFactory(program=program, capacity=12)
    people = [make_member(group) for _ in range(5)]
    survey = make_survey(program, community=group)
    for person in people:
        actions.check_respond(user=person, survey=survey, answers=ANSWERS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM surveys_response")
        responses = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT DISTINCT xmin::text FROM surveys_answer")
        answers = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT xmin::text FROM surveys_participation")
        participations = {row[0] for row in cursor.fetchall()}
    assert len(participations) == 5  # each person answered in their own transaction
    assert len(responses) == 1 and answers == responses  # all five written together
    assert not responses & participations


def test_results_move_only_several_answers_at_a_time(world: World) -> None:
    """Comparing the results before and after one more person answers tells nothing."""
    group = CommunityFactory(program=world.program, capacity=12)
    people = [make_member(group) for _ in range(9)]
    survey = make_survey(world.program, community=group)
    for i, person in enumerate(people[:5]):
        actions.check_respond(user=person, survey=survey, answers=said(f"early-{i}"))
    before = results_for(survey)
    assert before is not None and before.included == 5
    actions.check_respond(user=people[5], survey=survey, answers=[1, "Evenings", [], "ZQ-LATE"])
    after = results_for(survey)
    assert after is not None and (after.answered, after.included) == (6, 5)
    assert after.questions[0].bars == before.questions[0].bars
    assert "ZQ-LATE" not in str(after)
    for person in people[6:9]:
        actions.check_respond(user=person, survey=survey, answers=said("later"))
    # Four were waiting: still fewer than five, so the figures have not moved.
    assert results_for(survey).included == 5  # type: ignore[union-attr]
    actions.check_respond(user=make_member(group), survey=survey, answers=said("last"))
    assert results_for(survey).included == 10  # type: ignore[union-attr]


# --- Every page and read, for every persona -------------------------------------------------

# Not names: free text shown to the creator has the program's names hidden (lib/names.py).
MINA, FAY = "ZQ-SURVEY-ANSWER-ONE", "ZQ-SURVEY-ANSWER-TWO"


def _crawl(client: Client, world: World, values: dict[str, Any], persona: str) -> dict[str, str]:
    seen, _headers = read_every_get(client, world, values, persona)
    user = world.persona(persona)
    seen["surveys/_group_banner.html"] = Template(
        '{% include "surveys/_group_banner.html" %}'
    ).render(Context({"user": user, "community": world.community}))
    if user is not None:
        seen["export"] = str(export_user_data(user=user)) + str(actions.export_for(user))
    return seen


def _everything(client: Client, world: World, values: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {persona: _crawl(client, world, values, persona) for persona in PERSONAS}


def test_one_or_two_answers_appear_nowhere(client: Client, world: World) -> None:
    values = _path_values(world)
    survey = Survey.objects.get(pk=values["survey_id"])
    actions.check_respond(user=world.member, survey=survey, answers=said(MINA))
    actions.check_respond(user=world.facilitator, survey=survey, answers=said(FAY))
    for persona, pages in _everything(client, world, values).items():
        for where, text in pages.items():
            assert MINA not in text and FAY not in text, (persona, where)
    results = client.get(reverse("surveys:results", args=[survey.pk]))  # as the last persona
    assert results.status_code in (403, 404)


def test_from_five_answers_the_creator_sees_them_without_names(
    client: Client, world: World
) -> None:
    values = _path_values(world)
    survey = Survey.objects.get(pk=values["survey_id"])
    others = [make_member(world.community) for _ in range(3)]
    actions.check_respond(user=world.member, survey=survey, answers=said(MINA))
    actions.check_respond(user=world.facilitator, survey=survey, answers=said(FAY))
    for person in others:
        actions.check_respond(user=person, survey=survey, answers=said(""))
    seen = _everything(client, world, values)
    results = {reverse("surveys:results", args=[survey.pk]), f"/api/v1/surveys/{survey.pk}/results"}
    for persona, pages in seen.items():
        for where, text in pages.items():
            shows = MINA in text or FAY in text
            assert shows == (persona == "facilitator" and where in results), (persona, where)
    page = seen["facilitator"][reverse("surveys:results", args=[survey.pk])]
    assert MINA in page and FAY in page
    # No respondent's name on the results, beside the words or anywhere.
    for person in (world.member, *others):
        assert person.display_name not in page
    api = seen["facilitator"][f"/api/v1/surveys/{survey.pk}/results"]
    assert MINA in api and "Mina" not in api.replace(MINA, "")


def test_survey_emails_carry_no_answers(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        survey = actions.check_create_survey(
            actor=world.coordinator,
            program=world.program,
            community=None,
            title="Year so far",
            questions=[{"kind": "text", "text": "Anything?"}],
        )
        actions.check_respond(user=world.member, survey=survey, answers=[MINA])
    assert len(mailoutbox) == 3
    assert not any(MINA in m.body or MINA in m.subject for m in mailoutbox)
