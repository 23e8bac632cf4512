"""The reflection practices in a real browser on a small phone (360 px), with axe-core and
no sideways scrolling: a facilitator starts a "more or less" round from the gathering's
page, two members add cards from their phones, the group sees them grouped without names,
and the facilitator closes the round and puts a group on the next agenda; a member
presents a session and gets feedback, which its writer rewords and deletes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.activities.models import Card
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.lib.tests.browser import check_phone_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-activities-{name}")


def test_a_more_or_less_round_from_a_phone(live_server: Any, phone: Any, world: World) -> None:
    coming = GatheringFactory(
        community=world.community,
        title="Winter circle",
        starts_at=timezone.now() + dt.timedelta(days=14),
        created_by=world.facilitator,
    )
    olu = make_member(world.community, UserFactory(email="olu@example.org", name="Olu Other"))
    base = live_server.url
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/gatherings/{world.gathering.pk}/")
    phone.get_by_role(
        "link", name="Activities: “more or less” rounds, practice and feedback"
    ).click()
    check(phone, "gathering")
    phone.get_by_text("Start a round on another topic").click()
    phone.get_by_label("Topic of the round").fill("How our gatherings feel")
    phone.get_by_role("button", name="Start the round").click()
    expect(phone.get_by_text("The round is open")).to_be_visible()
    round_url = phone.url
    sign_out(phone)

    for person, side, text in [
        (world.member, "more of", "Outdoor play!"),
        (olu, "more of", "outdoor play"),
        (olu, "less of", "Rushing"),
    ]:
        sign_in(phone, base, person.email)
        phone.goto(round_url)
        phone.get_by_label(side, exact=True).check()
        phone.get_by_label("What?").fill(text)
        phone.get_by_role("button", name="Add my card").click()
        expect(phone.get_by_text("Your card is in.")).to_be_visible()
        sign_out(phone)
    assert Card.objects.count() == 3

    sign_in(phone, base, world.member.email)
    phone.goto(round_url)
    group = phone.locator(".card-group", has_text="Outdoor play!")
    expect(group).to_contain_text("×2")
    expect(phone.get_by_text("Olu Other")).to_have_count(0)
    check(phone, "round-member")
    sign_out(phone)

    sign_in(phone, base, world.facilitator.email)
    phone.goto(round_url)
    phone.get_by_role("button", name="Close the round").click()
    expect(phone.get_by_text("The round is closed.")).to_be_visible()
    check(phone, "round-closed")
    phone.get_by_role("button", name="Add to the next agenda").first.click()
    expect(phone.get_by_text("is on the agenda of “Winter circle”")).to_be_visible()
    assert coming.agenda.get().topic == "More of: Outdoor play!"


def test_a_member_practises_a_session_with_feedback(
    live_server: Any, phone: Any, world: World
) -> None:
    base = live_server.url
    sign_in(phone, base, world.member.email)
    phone.goto(f"{base}/activities/gathering/{world.gathering.pk}/")
    phone.get_by_role("link", name="Present a session you plan").click()
    phone.get_by_label("Your session's title").fill("Puppets at circle time")
    phone.get_by_label("What you plan").fill("A short puppet story, then the children try.")
    phone.get_by_role("button", name="Present it").click()
    expect(phone.get_by_role("heading", name="Puppets at circle time")).to_be_visible()
    check(phone, "practice-presenter")
    practice_url = phone.url
    sign_out(phone)

    sign_in(phone, base, world.facilitator.email)
    phone.goto(practice_url)
    phone.get_by_label("What worked").fill("The calm voice.")
    phone.get_by_label("What to try").fill("Let them hold the puppet.")
    phone.get_by_role("button", name="Send my feedback").click()
    expect(phone.get_by_text("Thank you! Your feedback is with the presenter.")).to_be_visible()
    check(phone, "practice-feedback")
    # Its writer rewords it, then deletes it: plain forms.
    phone.get_by_role("link", name="Edit your feedback").click()
    expect(phone.get_by_label("What worked")).to_have_value("The calm voice.")
    check(phone, "feedback-edit")
    phone.get_by_label("What worked").fill("The calm voice, and the pause.")
    phone.get_by_role("button", name="Save my feedback").click()
    expect(phone.get_by_text("Your feedback is changed.")).to_be_visible()
    expect(phone.get_by_text("The calm voice, and the pause.")).to_be_visible()
    phone.get_by_role("button", name="Delete your feedback").click()
    expect(phone.get_by_text("Your feedback is deleted.")).to_be_visible()
    expect(phone.get_by_text("No feedback yet.")).to_be_visible()


def test_the_agenda_builder_and_a_practice_item_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    from fireside.activities import more_or_less
    from fireside.activities.tests.factories import make_card
    from fireside.gatherings.models import Activity, AgendaItem

    coming = GatheringFactory(
        community=world.community,
        title="Winter circle",
        starts_at=timezone.now() + dt.timedelta(days=14),
        created_by=world.facilitator,
    )
    done = more_or_less.check_open_round(
        actor=world.facilitator, gathering=world.gathering, topic="Our gatherings"
    )
    for text, side in [("Outdoor play", "more"), ("outdoor play!", "more"), ("Rushing", "less")]:
        make_card(done, world.member, text, side)
    more_or_less.check_close_round(actor=world.facilitator, round=done)
    AgendaItem.objects.create(
        gathering=coming, topic="Mina tries a puppet story", activity=Activity.PRACTICE, minutes=20
    )
    base = live_server.url
    sign_in(phone, base, world.facilitator.email)
    phone.goto(f"{base}/gatherings/{coming.pk}/edit/")
    check(phone, "agenda-suggestions")
    phone.get_by_role("button", name="Add to the agenda More of: Outdoor play").click()
    expect(phone.get_by_text("“More of: Outdoor play” is on the agenda.")).to_be_visible()
    sign_out(phone)
    sign_in(phone, base, world.member.email)
    phone.goto(f"{base}/activities/gathering/{coming.pk}/")
    check(phone, "practice-item")
    phone.get_by_role("link", name="Present your session for the agenda's").click()
    expect(phone.get_by_label("Your session's title")).to_have_value("Mina tries a puppet story")
    phone.get_by_label("What you plan").fill("A short story, then the children try.")
    phone.get_by_role("button", name="Present it").click()
    expect(phone.get_by_text("ready for feedback")).to_be_visible()
