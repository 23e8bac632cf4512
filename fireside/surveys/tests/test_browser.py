"""Surveys in a real browser on a small phone (360 × 740): axe-core, no sideways
scrolling, and the whole round — a facilitator builds a survey without JavaScript, a
member answers it from the home page and takes the confidence check, and the facilitator
reads the results with their tables."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import PASSWORD, make_member
from fireside.lib.tests.browser import check_phone_page, sign_in
from fireside.lib.tests.browser import sign_out as browser_sign_out
from fireside.surveys import actions
from fireside.surveys.models import ConfidenceCheck, Participation, Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page: Any) -> None:
    browser_sign_out(page)


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-surveys-{name}")


def test_a_survey_from_building_to_results_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    base = live_server.url
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/surveys/communities/{world.community.pk}/")
    check(phone, "group")
    phone.get_by_role("link", name="New survey for the group").click()
    check(phone, "builder")
    phone.get_by_label("Title").fill("Our winter trail plans")
    phone.get_by_label("Question 1: The question").fill("What should we try next?")
    phone.get_by_label("Question 1: How people answer").select_option("text")
    phone.get_by_label("Question 1: Required: people must answer it").check()
    options = phone.locator("[data-options]").first
    expect(options).to_be_hidden()  # only for choice questions, with the script
    # Added in place by the script: what was typed stays, no reload.
    phone.get_by_role("button", name="Add a question").click()
    phone.get_by_label("Question 2: The question").fill("Our gatherings feel welcoming.")
    phone.get_by_role("button", name="Add a question").click()
    phone.get_by_label("Question 3: The question").fill("Which start time suits you?")
    phone.get_by_label("Question 3: How people answer").select_option("choice")
    phone.get_by_label("Question 3: Options to choose from, one per line").fill("9:30\n10:00")
    phone.get_by_label("Question 3: New section heading before it (optional)").fill("Timing")
    # The first question goes to the end: by keyboard on its handle, then by button.
    handle = phone.get_by_role("button", name="Move question 1: drag it")
    handle.focus()
    phone.keyboard.press("ArrowDown")
    expect(phone.get_by_label("Question 2: The question")).to_have_value("What should we try next?")
    phone.get_by_role("button", name="Move down question 2").click()
    expect(phone.get_by_label("Question 3: The question")).to_have_value("What should we try next?")
    expect(phone.get_by_label("Question 3: Required: people must answer it")).to_be_checked()
    check(phone, "builder-more")
    phone.get_by_role("button", name="Preview as a respondent").click()
    expect(
        phone.get_by_role("heading", name="Preview: this is what people will see")
    ).to_be_visible()
    expect(phone.get_by_role("heading", name="Timing")).to_be_visible()
    check(phone, "preview")
    phone.get_by_role("button", name="Back to editing").first.click()
    expect(phone.get_by_label("Question 1: The question")).to_have_value(
        "Our gatherings feel welcoming."
    )
    assert not Survey.objects.exists()
    phone.get_by_role("button", name="Create the survey").click()
    expect(phone.get_by_text("Your survey is open now")).to_be_visible()
    survey = Survey.objects.get()
    assert [(q.kind, q.required, q.section) for q in survey.questions.all()] == [
        ("likert", False, ""),
        ("choice", False, "Timing"),
        ("text", True, ""),
    ]
    sign_out(phone)

    sign_in(phone, base, world.member.email)
    # Open surveys are among the tasks on the home (fireside/surveys/home.py).
    expect(phone.get_by_role("heading", name="Needs your attention")).to_be_visible()
    expect(phone.locator("li", has_text="Our winter trail plans").first).to_be_visible()
    check(phone, "home")
    phone.goto(f"{base}/communities/{world.community.pk}/home/")
    expect(phone.get_by_role("link", name="Take the confidence check")).to_be_visible()
    check(phone, "group-home")
    phone.goto(base + "/")
    task = phone.locator(".attention li", has_text="Our winter trail plans")
    task.get_by_role("link", name="Answer it").click()
    check(phone, "answer")
    phone.get_by_label("4 · Agree").check()
    phone.get_by_label("10:00").check()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("This question needs an answer.").first).to_be_visible()
    check(phone, "answer-required")
    assert not Participation.objects.exists()
    phone.get_by_label("3. What should we try next? (required)").fill("A night walk with headlamps")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Thank you! Your answers are saved.")).to_be_visible()
    check(phone, "answered")
    assert Participation.objects.filter(user=world.member).count() == 1

    phone.goto(f"{base}/surveys/programs/{world.program.pk}/confidence/")
    check(phone, "confidence")
    for n in range(1, 9):
        phone.get_by_role("group", name=f"{n}.").get_by_label("4 · Mostly true").check()
    phone.get_by_role("button", name="Save my answers").click()
    expect(phone.get_by_text("Thank you! Only you can see your own answers.")).to_be_visible()
    check(phone, "confidence-done")
    assert ConfidenceCheck.objects.get().score == 4
    sign_out(phone)

    for person in [make_member(world.community) for _ in range(4)]:
        actions.check_respond(user=person, survey=survey, answers=[5, "9:30", "More mud"])
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/surveys/{survey.pk}/results/")
    expect(phone.get_by_text("5 of 6 people have answered.")).to_be_visible()
    expect(phone.get_by_text("A night walk with headlamps")).to_be_visible()
    check(phone, "results")


@pytest.fixture
def french_phone(browser: Any) -> Any:
    """A small phone whose browser asks for Canadian French."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="fr-CA"
    )
    page = context.new_page()
    yield page
    context.close()


def french_sign_in(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se connecter")).to_have_count(0)


def test_the_builder_and_a_required_question_in_french(
    live_server: Any, french_phone: Any, world: World
) -> None:
    """A facilitator builds in French with a reorder by button and a required question,
    previews it; a member is told first that the required question needs an answer."""
    page, base = french_phone, live_server.url
    french_sign_in(page, base, world.facilitator.email)
    page.goto(f"{base}/surveys/communities/{world.community.pk}/new/")
    assert page.locator("html").get_attribute("lang") == "fr-ca"
    check(page, "fr-builder")
    page.locator("#id_title").fill("Nos sorties d'hiver")
    page.get_by_label("Question 1 : La question").fill("Qu'aimeriez-vous essayer?")
    page.get_by_label("Question 1 : Comment répondre").select_option("text")
    page.get_by_label("Question 1 : Obligatoire : il faut y répondre").check()
    page.get_by_role("button", name="Ajouter une question").click()
    page.get_by_label("Question 2 : La question").fill("Nos sorties sont accueillantes.")
    page.get_by_role("button", name="Monter question 2").click()
    expect(page.get_by_label("Question 2 : La question")).to_have_value("Qu'aimeriez-vous essayer?")
    check(page, "fr-builder-moved")
    page.get_by_role("button", name="Aperçu comme une personne qui répond").click()
    expect(
        page.get_by_role("heading", name="Aperçu : voici ce que les gens verront")
    ).to_be_visible()
    check(page, "fr-preview")
    page.get_by_role("button", name="Revenir à la modification").first.click()
    page.get_by_role("button", name="Créer le sondage").click()
    survey = Survey.objects.get()
    assert [(q.kind, q.required) for q in survey.questions.all()] == [
        ("likert", False),
        ("text", True),
    ]
    french_sign_in(page, base, world.member.email)
    page.goto(f"{base}/surveys/{survey.pk}/")
    page.get_by_label("4 · D'accord").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Cette question demande une réponse.").first).to_be_visible()
    check(page, "fr-answer-required")
    assert not Participation.objects.exists()
    page.get_by_label("2. Qu'aimeriez-vous essayer? (obligatoire)").fill("Une marche de nuit")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Merci! Vos réponses sont enregistrées.")).to_be_visible()
    assert Participation.objects.filter(user=world.member).count() == 1
