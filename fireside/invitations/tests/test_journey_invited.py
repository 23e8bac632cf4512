"""An invited person with no account opens the emailed link, makes their account, accepts
the group's agreement and lands in their group; and the coordinator who invited them, on
the program's invitations page. In Chromium at 360 px and 1280 px, axe clean on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import World
from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.invitations.actions import create_invitation
from fireside.invitations.models import Invitation
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["journeys"]  # the fixture, used by name below


def _emailed_link(to: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [to])
    found = re.search(r"https?://\S+/invitations/[^/\s]+/", message.body)
    assert found is not None, message.body
    return found.group(0)


def accept_an_invitation(j: Journey, world: World) -> None:
    world.community.name = "Little Explorers Circle"
    world.community.save()
    create_invitation(
        actor=world.coordinator,
        program=world.program,
        community=world.community,
        email="rosa@example.org",
        name="Rosa",
        note="Rosa, we talked about this at the spring workshop. We would love you to join!",
    )
    link = _emailed_link("rosa@example.org")
    page = j.page
    page.goto(link.replace(link.split("/invitations/")[0], j.base))
    expect(
        page.get_by_role("heading", name="You are invited to join Little Explorers Circle")
    ).to_be_visible()
    expect(page.get_by_text("we talked about this at the spring workshop")).to_be_visible()
    expect(page.get_by_role("heading", name="The group's agreement")).to_be_visible()
    j.see("invitation")
    page.get_by_label("Your name").fill("Rosa Rivera")
    page.get_by_label("Choose a password").fill("a bright morning in the garden")
    page.get_by_role("button", name="Create my account and join").click()
    # The agreement was not ticked: nothing written, the page says what to do.
    expect(page.get_by_text("Accept the agreement to join.").first).to_be_visible()
    assert not User.objects.filter(email="rosa@example.org").exists()
    j.see("invitation-agreement-unticked")
    page.get_by_label("Choose a password").fill("a bright morning in the garden")
    page.get_by_label("I have read the group's agreement and I accept it.").check()
    page.get_by_role("button", name="Create my account and join").click()
    expect(page.get_by_text("Welcome to Little Explorers Circle!")).to_be_visible()
    j.see("group-home")
    rosa = User.objects.get(email="rosa@example.org")
    assert rosa.email_verified
    place = Membership.objects.get(user=rosa)
    assert place.community_id == world.community.pk and place.status == "active"
    assert Invitation.objects.get(email="rosa@example.org").state == "accepted"


def invite_from_the_program(j: Journey, world: World) -> None:
    page = j.page
    j.sign_in(world.coordinator.email)
    page.goto(f"{j.base}/programs/{world.program.pk}/")
    page.get_by_role("link", name="Invitations", exact=True).click()
    j.see("invitations")
    page.get_by_label("Invite to").select_option(str(world.community.pk))
    page.get_by_label("Email addresses").fill(
        "Sam Lee <sam@example.org>, tia@example.org\nnot-an-address"
    )
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_text("not-an-address").first).to_be_visible()
    assert not Invitation.objects.exists()
    j.see("invitations-refused")
    page.get_by_label("Email addresses").fill("Sam Lee <sam@example.org>, tia@example.org")
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_text("We emailed invitations to 2 people")).to_be_visible()
    expect(page.get_by_text("Sam Lee · sam@example.org")).to_be_visible()
    j.see("invitations-sent")
    page.get_by_role("button", name="Withdraw the invitation to tia@example.org").click()
    expect(page.get_by_text("The invitation to tia@example.org is withdrawn")).to_be_visible()
    j.see("invitation-withdrawn")
    assert Invitation.objects.get(email="tia@example.org").state == "withdrawn"


@pytest.mark.parametrize("size", SIZES)
def test_an_invited_person_makes_an_account_and_lands_in_their_group(
    journeys: Callable[..., Journey], world: World, size: str, mailoutbox: Any
) -> None:
    take(journeys("invited", size), accept_an_invitation, world)


@pytest.mark.parametrize("size", SIZES)
def test_a_coordinator_invites_people_and_withdraws_an_invitation(
    journeys: Callable[..., Journey], world: World, size: str, mailoutbox: Any
) -> None:
    take(journeys("invite-from-program", size), invite_from_the_program, world)
