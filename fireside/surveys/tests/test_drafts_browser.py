"""A survey's whole life on a small phone (360 × 740) with axe-core: a facilitator builds
it with a reorder and a required question, saves it as a draft, previews it, publishes it;
a member answers (skipping the required question is named); the results say "too few
answers yet" below the threshold, and the chart appears once it is passed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import make_member
from fireside.lib.tests.browser import check_phone_page, sign_in, sign_out
from fireside.surveys import actions
from fireside.surveys.models import Participation, Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-surveys-draft-{name}")


def test_build_a_draft_publish_it_answer_it_and_see_the_chart(
    live_server: Any, phone: Any, world: World, settings: Any
) -> None:
    settings.SURVEY_MIN_RESPONSES = 3
    base = live_server.url
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/surveys/communities/{world.community.pk}/new/")
    phone.get_by_label("Title").fill("Spring garden plans")
    phone.get_by_label("Question 1: The question").fill("What should we plant?")
    phone.get_by_label("Question 1: How people answer").select_option("text")
    phone.get_by_label("Question 1: Required: people must answer it").check()
    phone.get_by_role("button", name="Add a question").click()
    phone.get_by_label("Question 2: The question").fill("The garden feels like ours.")
    # The required question goes second: by keyboard on its handle.
    handle = phone.get_by_role("button", name="Move question 1: drag it")
    handle.focus()
    phone.keyboard.press("ArrowDown")
    expect(phone.get_by_label("Question 2: The question")).to_have_value("What should we plant?")
    check(phone, "builder")
    phone.get_by_role("button", name="Save as draft").click()
    expect(phone.get_by_role("heading", name="Draft: Spring garden plans")).to_be_visible()
    survey = Survey.objects.get()
    assert survey.is_draft and not survey.rounds.exists()
    assert [(q.kind, q.required) for q in survey.questions.all()] == [
        ("likert", False),
        ("text", True),
    ]
    check(phone, "edit")
    phone.get_by_role("button", name="Preview as a respondent").click()
    expect(phone.get_by_text("This is a draft: nobody has been told")).to_be_visible()
    check(phone, "preview")
    phone.get_by_role("button", name="Back to editing").first.click()
    # Moved back by button, in the edit page, then published.
    phone.get_by_role("button", name="Move up question 2").click()
    expect(phone.get_by_label("Question 1: The question")).to_have_value("What should we plant?")
    phone.get_by_role("button", name="Publish").click()
    expect(phone.get_by_text("Your survey is open now")).to_be_visible()
    survey.refresh_from_db()
    assert not survey.is_draft and survey.rounds.count() == 1
    assert [q.required for q in survey.questions.all()] == [True, False]
    sign_out(phone)

    sign_in(phone, base, world.member.email)
    phone.goto(f"{base}/surveys/{survey.pk}/")
    phone.get_by_label("4 · Agree").check()
    phone.get_by_role("button", name="Send my answers").click()
    summary = phone.locator(".error-summary")
    expect(summary.get_by_role("link", name="What should we plant?")).to_be_visible()
    expect(summary).to_contain_text("This question needs an answer.")
    check(phone, "answer-required")
    assert not Participation.objects.exists()
    phone.get_by_label("1. What should we plant? (required)").fill("Beans and sunflowers")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Thank you! Your answers are saved.")).to_be_visible()
    sign_out(phone)

    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/surveys/{survey.pk}/results/")
    expect(phone.get_by_text("too few answers yet").first).to_be_visible()
    expect(phone.locator("table.chart")).to_have_count(0)
    check(phone, "results-too-few")
    for person in [make_member(world.community) for _ in range(2)]:
        actions.check_respond(user=person, survey=survey, answers=["Tomatoes", 5])
    phone.reload()
    expect(phone.locator("table.chart")).to_have_count(1)
    expect(phone.get_by_text("too few answers yet")).to_have_count(0)
    expect(phone.get_by_text("Beans and sunflowers")).to_be_visible()
    check(phone, "results-chart")
    # Answered now: the edit page explains why it stays, and offers a copy.
    phone.goto(f"{base}/surveys/{survey.pk}/edit/")
    expect(phone.get_by_role("link", name="Duplicate it")).to_be_visible()
    check(phone, "edit-fixed")
