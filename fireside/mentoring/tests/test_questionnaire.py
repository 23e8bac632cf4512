"""The matching questionnaire: coordinators write it, members answer it (their answers are
theirs alone), and the suggestions explain themselves from it in the reader's language."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import World
from fireside.accounts.actions import do_erase_user, do_issue_token, export_user_data
from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.lib.errors import InvalidInput, Unprocessable
from fireside.mentoring import questionnaire
from fireside.mentoring.models import MatchingAnswer, MatchingChoice, MatchingQuestion
from fireside.mentoring.tests.factories import make_answer, make_question
from fireside.mentoring.tests.grids import WEEKDAYS, grid

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"mentoring:{name}", args=args)


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def question_form(**overrides: Any) -> dict[str, Any]:
    return {
        "text_en": "How long have you been in the role?",
        "text_fr": "Depuis combien de temps occupez-vous ce poste?",
        "kind": "single",
        "rule": "complementary",
        "weight": "4",
        "choice_1_en": "New to it",
        "choice_1_fr": "Depuis peu",
        "choice_2_en": "Many years",
        "choice_2_fr": "Depuis des années",
        **overrides,
    }


def test_a_coordinator_writes_edits_moves_and_deletes_questions(
    client: Client, world: World
) -> None:
    client.force_login(world.coordinator)
    assert "Questions for finding a partner" in page(
        client.get(reverse("programs:detail", args=[world.program.pk]))
    )
    one_choice = client.post(
        url("add_matching_question", world.program.pk),
        question_form(choice_2_en="", choice_2_fr=""),
    )
    assert "at least two choices" in page(one_choice)
    no_english = client.post(
        url("add_matching_question", world.program.pk), question_form(text_en="")
    )
    assert "error-summary" in page(no_english)
    assert not MatchingQuestion.objects.exists()

    assert (
        client.post(url("add_matching_question", world.program.pk), question_form()).status_code
        == 302
    )
    first = MatchingQuestion.objects.get()
    second = make_question(world.program, "Favourite topic?", ("Art", "Music", "Nature"))
    make_answer(world.member, first, "New to it")
    # Fixing a choice's words keeps the answers that chose it.
    edited = client.post(
        url("edit_matching_question", world.program.pk, first.pk),
        question_form(choice_1_en="New in the role"),
    )
    assert edited.status_code == 302
    kept = MatchingAnswer.objects.get(user=world.member)
    assert [c.label_en for c in kept.choices.all()] == ["New in the role"]

    client.post(url("move_matching_question", second.pk), {"direction": "up"})
    assert list(MatchingQuestion.objects.values_list("pk", flat=True)) == [second.pk, first.pk]
    html = page(client.get(url("matching_questions", world.program.pk)))
    assert html.index("Favourite topic?") < html.index("How long have you been in the role?")

    client.post(url("delete_matching_question", first.pk))
    assert not MatchingQuestion.objects.filter(pk=first.pk).exists()
    assert not MatchingAnswer.objects.exists()  # its answers went with it
    assert MatchingChoice.objects.filter(question=second).count() == 3


def test_only_the_programs_coordinators_write_questions(client: Client, world: World) -> None:
    question = make_question(world.program)
    for person in (world.member, world.facilitator, world.mentor):
        client.force_login(person)
        assert client.get(url("matching_questions", world.program.pk)).status_code == 403
        assert client.post(url("delete_matching_question", question.pk)).status_code == 403
    assert MatchingQuestion.objects.filter(pk=question.pk).exists()


def test_french_falls_back_to_english() -> None:
    question = MatchingQuestion(text_en="Favourite topic?", text_fr="")
    with translation.override("fr-ca"):
        assert question.text == "Favourite topic?"
        question.text_fr = "Sujet préféré?"
        assert question.text == "Sujet préféré?"


def test_a_member_answers_and_only_they_see_it(client: Client, world: World) -> None:
    single = make_question(world.program, "Age group?", ("Infants", "Toddlers"))
    several = make_question(world.program, "Topics?", ("Art", "Music", "Nature"), kind="multiple")
    client.force_login(world.member)
    html = page(client.get(url("matching_answers", world.program.pk)))
    assert "Age group?" in html and 'type="checkbox"' in html and 'type="radio"' in html
    choices = {c.label_en: c.pk for c in MatchingChoice.objects.all()}
    saved = client.post(
        url("matching_answers", world.program.pk),
        {
            f"q_{single.pk}": choices["Toddlers"],
            f"q_{several.pk}": [choices["Art"], choices["Nature"]],
        },
    )
    assert saved.status_code == 302
    assert questionnaire.answers_of(world.member, world.program) == {
        single.pk: {choices["Toddlers"]},
        several.pk: {choices["Art"], choices["Nature"]},
    }
    html = page(client.get(url("matching_answers", world.program.pk)))
    assert f'value="{choices["Toddlers"]}" id="id_q_{single.pk}_1" checked' in html
    # Another participant sees the questions, unticked: never Mina's answers.
    client.force_login(world.facilitator)
    html = page(client.get(url("matching_answers", world.program.pk)))
    assert " checked" not in html


def test_answers_are_checked_against_the_program() -> None:
    world_program = CommunityFactory().program
    other_program = CommunityFactory().program
    mine = make_question(world_program, "Age group?", ("Infants", "Toddlers"))
    theirs = make_question(other_program, "Elsewhere?", ("Yes", "No"))
    user = UserFactory()
    choice_ids = list(mine.choices.values_list("pk", flat=True))
    with pytest.raises(Unprocessable):
        questionnaire.check_answer(user=user, program=world_program, answers={mine.pk: choice_ids})
    with pytest.raises(Unprocessable):
        questionnaire.check_answer(
            user=user,
            program=world_program,
            answers={theirs.pk: [theirs.choices.first().pk]},  # type: ignore[union-attr]
        )
    with pytest.raises(InvalidInput):
        questionnaire.check_save_question(
            actor=user,
            program=world_program,
            choices=[("A", ""), ("B", "")],
            text_en="Q",
            kind="single",
            rule="same",
            weight=9,
        )
    assert not MatchingAnswer.objects.exists()


def test_joining_leads_to_the_questions_until_answered(client: Client, world: World) -> None:
    question = make_question(world.program, "Age group?", ("Infants", "Toddlers"))
    newcomer = UserFactory(role_type=world.community.audience)
    client.force_login(newcomer)
    group = CommunityFactory(program=world.program, audience=world.community.audience)
    joined = client.post(reverse("communities:join", args=[group.pk]), {"agree_to_agreement": "on"})
    assert joined.status_code == 302, joined.content.decode()[:3000]
    assert joined["Location"] == url("matching_answers", world.program.pk)
    home = page(client.get("/"))
    assert "Questions for finding a partner" in home
    make_answer(newcomer, question, "Infants")
    assert "Questions for finding a partner" not in page(client.get("/"))


def test_answers_are_exported_and_erased(world: World) -> None:
    question = make_question(world.program, "Age group?", ("Infants", "Toddlers"))
    make_answer(world.member, question, "Toddlers")
    exported = export_user_data(user=world.member)
    assert exported["matching_answers"][0]["choices"] == ["Toddlers"]
    do_erase_user(user=world.member)
    assert not MatchingAnswer.objects.exists()


def test_the_api_gives_questions_and_takes_ones_own_answers(client: Client, world: World) -> None:
    question = make_question(
        world.program,
        "Age group?",
        ("Infants", "Toddlers"),
        text_fr="Groupe d'âge?",
        labels_fr=("Poupons", "Trottineurs"),
    )
    infants, toddlers = question.choices.order_by("position")
    headers = {"Authorization": f"Bearer {do_issue_token(user=world.member, name='')}"}
    base = f"/api/v1/programs/{world.program.pk}"
    body = client.get(f"{base}/matching-questions", headers=headers).json()
    assert body["questions"][0]["text_fr"] == "Groupe d'âge?"
    assert [c["label_en"] for c in body["questions"][0]["choices"]] == ["Infants", "Toddlers"]
    both = {"answers": [{"question": question.pk, "choices": [infants.pk, toddlers.pk]}]}
    response = client.put(
        f"{base}/matching-answers",
        json.dumps(both),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    one = {"answers": [{"question": question.pk, "choices": [toddlers.pk]}]}
    response = client.put(
        f"{base}/matching-answers",
        json.dumps(one),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["answers"] == [{"question": question.pk, "choices": [toddlers.pk]}]
    assert client.get(f"{base}/matching-answers", headers=headers).json() == response.json()


def test_suggestions_explain_themselves_from_the_answers_in_the_readers_language(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    group = CommunityFactory(program=world.program, capacity=12)
    topic = make_question(
        world.program,
        "Favourite topic?",
        ("Art", "Music"),
        text_fr="Sujet préféré?",
        labels_fr=("Arts plastiques", "Musique"),
        weight=5,
    )
    years = make_question(
        world.program,
        "Time in the role?",
        ("New", "Seasoned"),
        rule="complementary",
        text_fr="Ancienneté?",
        labels_fr=("Nouveau", "Chevronné"),
    )
    facilitator = make_member(group, UserFactory(name="Fia"), "facilitator")
    for n in range(11):  # twelve members with the facilitator
        user = UserFactory(name=f"Peer {n:02}", availability_slots=grid(WEEKDAYS, "evening"))
        make_member(group, user)
        make_answer(user, topic, "Music")
        make_answer(user, years, "New" if n % 2 else "Seasoned")
    client.force_login(facilitator)
    with django_assert_max_num_queries(20):
        html = page(client.get(url("suggest", group.pk)))
    assert "Both chose “Music” for “Favourite topic?”." in html
    assert "chose “New” and" in html and "for “Time in the role?”" in html
    assert "Both free weekday evenings." in html
    client.cookies["django_language"] = "fr-ca"
    html = page(client.get(url("suggest", group.pk), headers={"accept-language": "fr-CA"}))
    assert "« Musique »" in html or "“Musique”" in html
    assert "Sujet préféré?" in html
