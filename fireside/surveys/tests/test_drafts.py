"""Survey drafts (saved, unseen, untold until published) and the web edit page of a survey
nobody answered yet, on the web and in the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.lib.errors import Conflict
from fireside.notifications.models import Notification
from fireside.surveys import actions, builder, drafts
from fireside.surveys.home import waiting_for
from fireside.surveys.models import Question, Round, Survey
from fireside.surveys.tests.factories import ANSWERS, QUESTIONS
from fireside.surveys.tests.test_api import call, detail
from fireside.surveys.tests.test_builder import A, B, C, posted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def draft(world: World, **fields: Any) -> Survey:
    return actions.check_create_survey(
        actor=world.facilitator,
        program=world.program,
        community=world.community,
        title="Winter plans",
        intro="Secret intro",
        questions=QUESTIONS,
        draft=True,
        **fields,
    )


def test_a_draft_is_seen_by_its_builder_only_and_told_to_nobody(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        survey = draft(world, repeat_every_months=1)  # the daily job opens no round of it
    assert survey.is_draft and not Round.objects.exists() and not Notification.objects.exists()
    assert waiting_for(world.member).surveys == []
    assert actions.open_due_rounds() == (0, 0)
    for who in (world.member, world.coordinator, world.outsider):
        client.force_login(who)
        for name in ("surveys:answer", "surveys:results", "surveys:edit", "surveys:duplicate"):
            assert client.get(reverse(name, args=[survey.pk])).status_code == 404, (who, name)
        assert call(client, "GET", f"/api/v1/surveys/{survey.pk}", who).status_code == 404
        answer = call(
            client, "POST", f"/api/v1/surveys/{survey.pk}/responses", who, {"answers": []}
        )
        assert answer.status_code == 404
    client.force_login(world.member)
    page = client.get(reverse("surveys:community", args=[world.community.pk]))
    assert b"Winter plans" not in page.content
    client.force_login(world.facilitator)
    page = client.get(reverse("surveys:community", args=[world.community.pk]))
    assert b"Winter plans" in page.content and b"Draft" in page.content
    answer_page = client.get(reverse("surveys:answer", args=[survey.pk]))
    assert answer_page.status_code == 302 and answer_page["Location"].endswith("/edit/")


def test_publishing_opens_the_first_round_and_tells_people(
    world: World, django_capture_on_commit_callbacks: Any, time_machine: Any
) -> None:
    survey = draft(world)
    time_machine.move_to(dt.datetime(2026, 11, 21, 20, 0, tzinfo=dt.UTC), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        drafts.check_publish_survey(actor=world.facilitator, survey=survey)
    survey.refresh_from_db()
    # Its opening day had passed while it waited: it opens today, for as long.
    assert survey.opens_on == dt.date(2026, 11, 21) and survey.days_open == 14
    assert survey.rounds.get().opens_on == dt.date(2026, 11, 21)
    assert list(Notification.objects.values_list("user__email", flat=True)) == [
        "member@example.org"
    ]
    assert [o.survey for o in waiting_for(world.member).surveys] == [survey]
    with pytest.raises(Conflict, match="already published"):
        drafts.check_publish_survey(actor=world.facilitator, survey=survey)


def test_the_builder_saves_a_draft_then_edits_previews_and_publishes_it(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.facilitator)
    new = reverse("surveys:community_new", args=[world.community.pk])
    response = client.post(new, posted(A, B, op="draft"))
    survey = Survey.objects.get()
    assert survey.is_draft and response["Location"] == reverse("surveys:edit", args=[survey.pk])
    edit = reverse("surveys:edit", args=[survey.pk])
    page = client.get(edit)
    assert b"Publish" in page.content and b"Delete this draft" in page.content
    assert b"Which day suits you?" in page.content
    # A move is a round trip that saves nothing.
    moved = client.post(edit, posted(A, B, C, op="up-3"))
    assert moved.status_code == 200 and survey.questions.count() == 2
    assert moved.content.index(b"Anything to add?") < moved.content.index(b"Which day suits")
    preview = client.post(edit, posted(A, C, B, op="preview"))
    assert b"This is a draft" in preview.content and survey.questions.count() == 2
    client.post(edit, posted(A, C, B, op="save", closes_on="2026-12-05"))
    survey.refresh_from_db()
    assert [q.text for q in survey.questions.all()] == [A["text"], C["text"], B["text"]]
    assert survey.closes_on == dt.date(2026, 12, 5) and survey.is_draft
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(edit, posted(A, C, B, op="publish", closes_on="2026-12-05"))
    assert done.status_code == 302
    survey.refresh_from_db()
    assert not survey.is_draft and survey.rounds.count() == 1
    assert Notification.objects.filter(user=world.member).exists()


def test_a_wrong_question_in_the_edit_page_is_named_and_nothing_changes(
    client: Client, world: World
) -> None:
    survey = draft(world)
    client.force_login(world.facilitator)
    wrong = {"text": "Pick one", "kind": "choice", "options": "Only one"}
    response = client.post(reverse("surveys:edit", args=[survey.pk]), posted(A, wrong, op="save"))
    assert response.status_code == 200 and b"Question 2" in response.content
    assert [q.text for q in survey.questions.all()] == [q["text"] for q in QUESTIONS]


def test_an_open_survey_keeps_its_days_and_an_answered_one_offers_a_copy(
    client: Client, world: World
) -> None:
    survey = actions.check_create_survey(
        actor=world.facilitator,
        program=world.program,
        community=world.community,
        title="Open one",
        questions=QUESTIONS,
    )
    client.force_login(world.facilitator)
    edit = reverse("surveys:edit", args=[survey.pk])
    page = client.get(edit)
    assert b"Save changes" in page.content and b"disabled" in page.content
    client.post(edit, posted(A, op="save", title="Renamed", closes_on="2027-01-31"))
    survey.refresh_from_db()
    assert survey.title == "Renamed" and survey.closes_on == dt.date(2026, 12, 1)
    assert list(survey.questions.values_list("text", flat=True)) == [A["text"]]
    actions.check_respond(user=world.member, survey=survey, answers=[4])
    fixed = client.get(edit)
    assert b"Duplicate it" in fixed.content and b"started answering" in fixed.content
    refused = client.post(edit, posted(B, op="save"))
    assert refused.status_code == 409
    assert list(survey.questions.values_list("text", flat=True)) == [A["text"]]


def test_deleting_a_draft_and_never_a_published_survey(client: Client, world: World) -> None:
    survey = draft(world)
    client.force_login(world.member)
    assert client.post(reverse("surveys:delete", args=[survey.pk])).status_code == 404
    client.force_login(world.facilitator)
    client.post(reverse("surveys:delete", args=[survey.pk]))
    assert not Survey.objects.exists()
    open_one = actions.check_create_survey(
        actor=world.facilitator,
        program=world.program,
        community=world.community,
        title="Open",
        questions=QUESTIONS,
    )
    client.post(reverse("surveys:delete", args=[open_one.pk]))
    assert Survey.objects.filter(pk=open_one.pk).exists()


def test_others_drafts_stay_out_of_the_question_bank(world: World) -> None:
    actions.check_create_survey(
        actor=world.coordinator,
        program=world.program,
        community=None,
        title="Cora's draft",
        questions=[{"kind": "text", "text": "Unpublished words?"}],
        draft=True,
    )
    texts = [q.text for q in builder.bank(world.facilitator, world.program)]
    assert "Unpublished words?" not in texts
    assert "Unpublished words?" in [q.text for q in builder.bank(world.coordinator, world.program)]


def test_the_api_drafts_edits_publishes_and_deletes(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    fay = world.facilitator
    body = {
        "title": "API draft",
        "community": world.community.pk,
        "questions": QUESTIONS,
        "draft": True,
    }
    created = call(client, "POST", f"/api/v1/programs/{world.program.pk}/surveys", fay, body)
    assert created.status_code == 201 and created.json()["draft"] is True
    url = f"/api/v1/surveys/{created.json()['id']}"
    assert call(client, "GET", url, world.member).status_code == 404
    patched = call(client, "PATCH", url, fay, {"closes_on": "2026-12-10", "anonymous": False})
    assert patched.status_code == 200, patched.content
    assert patched.json()["closes_on"] == "2026-12-10" and patched.json()["anonymous"] is False
    wrong = call(client, "PATCH", url, fay, {"closes_on": "2026-11-01"})
    assert wrong.status_code in (400, 422) and "close on or after" in wrong.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        published = call(client, "POST", f"{url}/publish", fay)
    assert published.status_code == 200 and published.json()["draft"] is False
    assert published.json()["round"]["number"] == 1
    assert "already published" in detail(call(client, "POST", f"{url}/publish", fay), 409)
    assert "stay as" in detail(call(client, "PATCH", url, fay, {"anonymous": True}), 409)
    assert "Only a draft" in detail(call(client, "DELETE", url, fay), 409)
    answered = call(client, "POST", f"{url}/responses", world.member, {"answers": ANSWERS})
    assert answered.status_code == 201
    again = call(client, "POST", f"/api/v1/programs/{world.program.pk}/surveys", fay, body)
    assert call(client, "DELETE", f"/api/v1/surveys/{again.json()['id']}", fay).status_code == 204
    assert not Survey.objects.filter(pk=again.json()["id"]).exists()
    assert Question.objects.filter(survey_id=again.json()["id"]).count() == 0
