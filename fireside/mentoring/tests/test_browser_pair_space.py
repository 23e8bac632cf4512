"""The pair's space in a real browser on a small phone, in English and in French: a member
plans the next catch-up, takes it to a calendar app, adds a goal and ticks it; the partner
sees both. axe-core finds nothing and nothing scrolls sideways at 360 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from conftest import World
from fireside.demo.factories import PASSWORD
from fireside.lib.tests.browser import (
    axe_violations,
    check_phone_page,
    fits_width,
    screenshot,
    sign_in,
    sign_out,
)
from fireside.mentoring.actions import today_for
from fireside.mentoring.models import CatchUp, PairGoal
from fireside.mentoring.tests.factories import make_pairing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_plans_a_catch_up_and_a_goal_and_the_partner_sees_them(
    live_server: Any, phone: Any, world: World
) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    tomorrow = today_for(world.member, world.program) + dt.timedelta(days=1)
    base = live_server.url
    sign_in(phone, base, world.member.email)
    phone.goto(f"{base}/mentoring/pairs/{pairing.pk}/")
    check_phone_page(phone, "phone-pair-space-empty")
    phone.locator("#id_catch_up-date").fill(tomorrow.isoformat())
    phone.locator("#id_catch_up-time").fill("16:30")
    phone.locator("#id_catch_up-where").fill("The bench by the school garden")
    phone.get_by_role("button", name="Plan the catch-up").click()
    expect(phone.get_by_text("Saved. Your partner has been told.")).to_be_visible()
    expect(phone.get_by_text("The bench by the school garden")).to_be_visible()
    check_phone_page(phone, "phone-pair-space-planned")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download for your calendar app").click()
    cal = Calendar.from_ical(Path(download.value.path()).read_bytes())
    [event] = cal.walk("VEVENT")
    catch_up = CatchUp.objects.get()
    assert str(event["UID"]) == catch_up.uid and str(event["LOCATION"]).startswith("The bench")
    assert event.decoded("DTSTART").date() == tomorrow
    assert event.decoded("DTSTART").strftime("%H:%M") == "16:30"

    phone.get_by_label("A goal for the two of you").fill("Try a calm-down corner")
    phone.get_by_role("button", name="Add the goal").click()
    expect(phone.get_by_text("Goal added.")).to_be_visible()
    # Each button names its goal for screen readers ("Mark done : Try a calm-down corner").
    phone.get_by_role("button", name="Mark done").click()
    undo = phone.get_by_role("button", name="Not done after all")
    expect(undo).to_contain_text("Try a calm-down corner")
    check_phone_page(phone, "phone-pair-space-goal-done")
    assert PairGoal.objects.get().is_done

    sign_out(phone)
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/mentoring/pairs/{pairing.pk}/")
    expect(phone.get_by_text("The bench by the school garden")).to_be_visible()
    expect(phone.get_by_text("Try a calm-down corner", exact=True)).to_be_visible()
    check_phone_page(phone, "phone-pair-space-partner")


@pytest.fixture
def french_phone(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="fr-CA"
    )
    page = context.new_page()
    yield page
    context.close()


def check_fr(page: Any, name: str) -> None:
    screenshot(page, f"phone-fr-{name}")
    assert page.locator("html").get_attribute("lang") == "fr-ca", name
    assert fits_width(page), f"{name} scrolls sideways at 360 px"
    assert axe_violations(page) == [], name


def test_the_pair_space_in_french(live_server: Any, french_phone: Any, world: World) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    tomorrow = today_for(world.member, world.program) + dt.timedelta(days=1)
    base = live_server.url
    page = french_phone
    page.goto(base + "/accounts/login/")
    page.get_by_label("Adresse courriel").fill(world.member.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{base}/mentoring/pairs/{pairing.pk}/")
    check_fr(page, "pair-space-empty")
    page.locator("#id_catch_up-date").fill(tomorrow.isoformat())
    page.locator("#id_catch_up-time").fill("09:15")
    page.locator("#id_catch_up-where").fill("https://meet.example.org/duo")
    page.get_by_role("button", name="Fixer le rendez-vous").click()
    expect(page.get_by_text("C'est enregistré. Votre partenaire en a été informé.")).to_be_visible()
    expect(page.get_by_text("9 h 15")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger pour votre application de calendrier").click()
    [event] = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert str(event["URL"]) == "https://meet.example.org/duo"
    assert str(event["SUMMARY"]) == "Rendez-vous de jumelage avec Fay"
    page.get_by_label("Un objectif pour vous deux").fill("Échanger une chanson de rangement")
    page.get_by_role("button", name="Ajouter l'objectif").click()
    page.get_by_role("button", name="Marquer comme atteint").click()
    expect(page.get_by_text("Finalement pas atteint").first).to_be_visible()
    check_fr(page, "pair-space-planned")
    assert PairGoal.objects.get().is_done
