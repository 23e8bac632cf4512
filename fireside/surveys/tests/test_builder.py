"""The survey builder as a plain form (every move is a round trip that loses nothing and
saves nothing), preview, duplicate, the question bank, required questions and sections,
on the web and in the API."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.surveys import builder
from fireside.surveys.models import Participation, PendingResponse, Question, Survey
from fireside.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def new_url(world: World) -> str:
    return reverse("surveys:community_new", args=[world.community.pk])


def posted(*questions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Winter plans",
        "intro": "",
        "anonymous": "on",
        "opens_on": "2026-11-18",
        "closes_on": "2026-11-30",
        "repeat": "",
        "slots": str(len(questions)),
    }
    for i, q in enumerate(questions, start=1):
        data[f"q{i}_text"] = q.get("text", "")
        data[f"q{i}_kind"] = q.get("kind", "likert")
        data[f"q{i}_options"] = q.get("options", "")
        data[f"q{i}_section"] = q.get("section", "")
        if q.get("required"):
            data[f"q{i}_required"] = "on"
    data.update(fields)
    return data


A = {"text": "Our walks feel welcoming.", "required": True, "section": "The walks"}
B = {"text": "Which day suits you?", "kind": "choice", "options": "Tuesday\nSaturday"}
C = {"text": "Anything to add?", "kind": "text"}


def texts(html: str) -> list[str]:
    return re.findall(r'name="q\d+_text"[^>]*value="([^"]*)"', html)


def test_moves_keep_everything_typed_and_save_nothing(client: Client, world: World) -> None:
    client.force_login(world.facilitator)
    down = client.post(new_url(world), posted(A, B, C, op="down-1")).content.decode()
    assert texts(down) == [B["text"], A["text"], C["text"]]
    assert 'value="The walks"' in down and "Tuesday\nSaturday" in down
    assert re.search(r'name="q2_required"[^>]*checked', down)  # it moved with its question
    assert re.search(r'name="q2_text"[^>]*autofocus', down)
    up = client.post(new_url(world), posted(A, B, C, op="up-3")).content.decode()
    assert texts(up) == [A["text"], C["text"], B["text"]]
    removed = client.post(new_url(world), posted(A, B, C, op="remove-2")).content.decode()
    assert texts(removed) == [A["text"], C["text"]] and 'name="slots" value="2"' in removed
    added = client.post(new_url(world), posted(A, op="add")).content.decode()
    assert 'name="q2_text"' in added and re.search(r'name="q2_text"[^>]*autofocus', added)
    assert not Survey.objects.exists()


@given(
    ops=st.lists(
        st.sampled_from(["add", "up-1", "up-2", "down-1", "down-3", "remove-1", "remove-4"]),
        max_size=12,
    )
)
def test_moves_never_lose_or_invent_a_question(ops: list[str]) -> None:
    items = [{**builder.blank_slot(), "text": t} for t in "abcd"]
    for op in ops:
        before = [i["text"] for i in items if i["text"]]
        items, _focus = builder.rearrange(items, op)
        after = [i["text"] for i in items if i["text"]]
        if op.startswith("remove"):
            assert len(after) in (len(before), len(before) - 1)
            assert set(after) <= set(before)
        else:
            assert sorted(after) == sorted(before)
        assert 1 <= len(items) <= 30


def test_sections_and_required_are_saved_in_order(client: Client, world: World) -> None:
    client.force_login(world.facilitator)
    response = client.post(new_url(world), posted(A, B, C, op="create"))
    assert response.status_code == 302
    assert list(Question.objects.values_list("position", "required", "section")) == [
        (1, True, "The walks"),
        (2, False, ""),
        (3, False, ""),
    ]


def test_a_wrong_question_is_named_with_its_number(client: Client, world: World) -> None:
    client.force_login(world.facilitator)
    empty = {"text": ""}
    html = client.post(
        new_url(world), posted(A, empty, {**B, "options": "Only Tuesday"}, op="create")
    ).content.decode()
    assert "Question 3: a choice question needs from 2 to 12 options." in html
    assert not Survey.objects.exists()


def test_preview_shows_the_answer_page_and_saves_nothing(client: Client, world: World) -> None:
    client.force_login(world.facilitator)
    html = client.post(new_url(world), posted(A, B, C, op="preview")).content.decode()
    assert "Preview: this is what people will see" in html
    assert "The walks</h2>" in html and "1. Our walks feel welcoming. (required)" in html
    assert 'name="q2"' in html and 'value="Tuesday"' in html
    tried = client.post(new_url(world), posted(A, B, C, op="try", q2="Tuesday")).content.decode()
    assert "error-summary" in tried and "Choose one." in tried
    ok = client.post(
        new_url(world), posted(A, B, C, op="try", q1="4", q2="Tuesday", q3="")
    ).content.decode()
    assert "These answers would be accepted. Nothing was saved." in ok
    back = client.post(new_url(world), posted(A, B, C, op="edit")).content.decode()
    assert texts(back) == [A["text"], B["text"], C["text"]]
    assert not Survey.objects.exists() and not PendingResponse.objects.exists()


def test_duplicate_opens_a_filled_in_builder(client: Client, world: World) -> None:
    survey = make_survey(
        world.program,
        community=world.community,
        created_by=world.facilitator,
        questions=[{"kind": "likert", "text": "Tea helps.", "required": True}],
    )
    client.force_login(world.facilitator)
    html = client.get(reverse("surveys:duplicate", args=[survey.pk])).content.decode()
    assert 'value="Copy of How are we doing?"' in html and texts(html) == ["Tea helps."]
    assert f'action="{new_url(world)}"' in html
    assert Survey.objects.count() == 1
    client.force_login(world.member)
    assert client.get(reverse("surveys:duplicate", args=[survey.pk])).status_code == 403


def test_the_bank_offers_the_programs_questions_and_ones_own(client: Client, world: World) -> None:
    make_survey(world.program, questions=[{"kind": "likert", "text": "Program-wide one."}])
    mine = make_survey(
        world.program,
        community=world.community,
        created_by=world.facilitator,
        questions=[{"kind": "text", "text": "My own past one."}],
    )
    make_survey(
        world.program,
        community=world.other_community,
        created_by=world.coordinator,
        questions=[{"kind": "text", "text": "Another group's one."}],
    )
    client.force_login(world.facilitator)
    html = client.get(new_url(world)).content.decode()
    assert "Program-wide one." in html and "My own past one." in html
    assert "Another group&#x27;s one." not in html and "Another group's one." not in html
    found = client.post(new_url(world), posted(A, op="refresh", bank_q="own")).content.decode()
    assert "My own past one." in found and "Program-wide one." not in found
    q = mine.questions.get()
    added = client.post(new_url(world), posted(A, op=f"bank-{q.pk}")).content.decode()
    assert texts(added) == [A["text"], "My own past one."]
    other = Question.objects.get(text="Another group's one.")
    refused = client.post(new_url(world), posted(A, op=f"bank-{other.pk}")).content.decode()
    assert texts(refused) == [A["text"]]


def test_required_questions_are_enforced_on_the_web(client: Client, world: World) -> None:
    survey = make_survey(
        world.program,
        community=world.community,
        created_by=world.facilitator,
        questions=[
            {"kind": "text", "text": "What did you try?", "required": True, "section": "Trying"},
            {"kind": "multiple", "text": "Which?", "options": ["A", "B"], "required": True},
        ],
    )
    client.force_login(world.member)
    url = reverse("surveys:answer", args=[survey.pk])
    html = client.get(url).content.decode()
    assert "Trying</h2>" in html and "(required)" in html
    refused = client.post(url, {"q1": "  ", "q2": []}).content.decode()
    assert refused.count("This question needs an answer.") >= 2
    assert not Participation.objects.exists()
    assert client.post(url, {"q1": "A walk", "q2": ["B"]}).status_code == 302


# --- The API ------------------------------------------------------------------------------


def call(client: Client, method: str, url: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_the_api_builds_with_required_and_sections(client: Client, world: World) -> None:
    url = f"/api/v1/programs/{world.program.pk}/surveys"
    questions = [
        {"kind": "likert", "text": "Welcome?", "required": True, "section": "Feeling"},
        {"kind": "choice", "text": "When?", "options": ["Now"]},
    ]
    bad = call(client, "POST", url, world.coordinator, {"title": "T", "questions": questions})
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("Question 2: a choice question needs")
    assert not Survey.objects.exists()
    questions[1]["options"] = ["Now", "Later"]
    made = call(client, "POST", url, world.coordinator, {"title": "T", "questions": questions})
    assert made.status_code == 201, made.content
    assert [(q["required"], q["section"]) for q in made.json()["questions"]] == [
        (True, "Feeling"),
        (False, ""),
    ]
    survey = Survey.objects.get()
    copy = call(client, "GET", f"/api/v1/surveys/{survey.pk}/copy", world.coordinator)
    assert copy.status_code == 200 and copy.json()["title"] == "Copy of T"
    again = call(client, "POST", url, world.coordinator, copy.json())
    assert again.status_code == 201 and Survey.objects.count() == 2
    bank = call(
        client,
        "GET",
        f"/api/v1/programs/{world.program.pk}/question-bank?q=when",
        world.coordinator,
    )
    assert [q["text"] for q in bank.json()["questions"]] == ["When?"]
    refused = call(
        client, "GET", f"/api/v1/programs/{world.program.pk}/question-bank", world.member
    )
    assert refused.status_code == 403


def test_the_api_refuses_an_empty_required_answer(client: Client, world: World) -> None:
    survey = make_survey(
        world.program,
        community=world.community,
        questions=[{"kind": "text", "text": "Why?", "required": True}],
    )
    url = f"/api/v1/surveys/{survey.pk}/responses"
    response = call(client, "POST", url, world.member, {"answers": [""]})
    assert response.status_code == 422
    assert response.json()["detail"] == "Question 1 needs an answer: it is required."
    assert not Participation.objects.exists()
    assert call(client, "POST", url, world.member, {"answers": ["Because"]}).status_code == 201
