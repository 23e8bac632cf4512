"""A member fills the availability grid and answers the matching questions in French on a
small phone; the facilitator's suggestions then cite a French choice label, and the same
page in English cites the English one. Axe checks every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import PASSWORD, UserFactory, make_member
from fireside.lib.tests.browser import check_phone_page, sign_in
from fireside.mentoring.tests.factories import make_answer, make_question
from fireside.mentoring.tests.grids import grid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def french_phone(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="fr-CA"
    )
    page = context.new_page()
    yield page
    context.close()


def sign_in_fr(page: Any, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_member_answers_in_french_and_the_suggestion_cites_it(
    live_server: Any, french_phone: Any, phone: Any, world: World
) -> None:
    make_question(
        world.program,
        "What would you most like to talk about?",
        ("Outdoor play", "Working with families"),
        text_fr="De quoi aimeriez-vous surtout parler?",
        labels_fr=("Le jeu extérieur", "Le travail avec les familles"),
        weight=5,
    )
    question = world.program.matching_questions.get()
    partner = make_member(
        world.community, UserFactory(name="Lucas", availability_slots=grid("tue", "evening"))
    )
    make_answer(partner, question, "Working with families")
    base = live_server.url
    # The coordinator finds the questions from the program's page.
    sign_in(phone, base, world.coordinator.email)
    phone.goto(f"{base}/programs/{world.program.pk}/")
    phone.get_by_role("link", name="Questions for finding a partner").click()
    check_phone_page(phone, "phone-matching-questions")
    phone.get_by_role("link", name="Edit question 1").click()
    expect(phone.get_by_label("Choice 2 in French")).to_have_value("Le travail avec les familles")
    check_phone_page(phone, "phone-matching-question-edit")
    phone.context.clear_cookies()

    sign_in_fr(french_phone, base, world.member.email)
    french_phone.goto(base + "/accounts/profile/")
    french_phone.get_by_label("Mardi soir").check()
    french_phone.get_by_label("Samedi matin").check()
    check_phone_page(french_phone, "phone-fr-profile-availability")
    french_phone.get_by_role("button", name="Enregistrer mon profil").click()
    world.member.refresh_from_db()
    assert world.member.availability_slots == ["tue-evening", "sat-morning"]

    french_phone.goto(base + f"/mentoring/programs/{world.program.pk}/matching-answers/")
    expect(french_phone.get_by_text("De quoi aimeriez-vous surtout parler?")).to_be_visible()
    french_phone.get_by_label("Le travail avec les familles").check()
    check_phone_page(french_phone, "phone-fr-matching-answers")
    french_phone.get_by_role("button", name="Enregistrer mes réponses").click()
    expect(french_phone.get_by_text("Merci. Vos réponses")).to_be_visible()

    french_phone.context.clear_cookies()
    sign_in_fr(french_phone, base, world.facilitator.email)
    french_phone.goto(base + f"/mentoring/community/{world.community.pk}/pairs/suggest/")
    expect(french_phone.get_by_text("« Le travail avec les familles »").first).to_be_visible()
    check_phone_page(french_phone, "phone-fr-suggest-with-answers")

    sign_in(phone, base, world.facilitator.email)
    phone.goto(base + f"/mentoring/community/{world.community.pk}/pairs/suggest/")
    expect(phone.get_by_text("“Working with families”").first).to_be_visible()
    check_phone_page(phone, "phone-suggest-with-answers")
