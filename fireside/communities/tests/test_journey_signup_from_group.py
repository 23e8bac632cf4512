"""A newcomer opens a group's page signed out, creates an account from it, and lands on that
group's join step, then joins: in Chromium at 360 px and 1280 px, axe clean on every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.demo.factories import CommunityFactory, GatheringFactory, UserFactory, make_member
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["journeys"]  # the fixture, used by name below


def sign_up_from_a_group(j: Journey, world: World) -> None:
    group = CommunityFactory(
        program=world.program,
        name="Seaside Toddler Circle",
        region="Sunshine Coast",
        purpose="Outdoor play for toddlers, in all weather.",
    )
    make_member(group, UserFactory(name="Fay Ocean"), "facilitator")
    GatheringFactory(community=group, starts_at=timezone.now() + dt.timedelta(days=9))
    page = j.page
    page.get_by_role("link", name="Find a group near you").click()
    expect(page.get_by_text("Facilitator: Fay").first).to_be_visible()
    j.see("directory")
    page.get_by_role("link", name="Seaside Toddler Circle").click()
    j.see("group")
    page.get_by_role("link", name="Create an account", exact=True).click()
    expect(page.get_by_text("we bring you straight back to where you were")).to_be_visible()
    j.see("sign-up")
    page.get_by_label("Your name").fill("Nora New")
    page.get_by_label("Email address").fill("nora@example.org")
    page.get_by_label("Password").fill("a quiet walk in the park")
    page.get_by_label("What is your role?").select_option("ece")
    page.get_by_label("Region or town").fill("Sunshine Coast")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Join Seaside Toddler Circle")).to_be_visible()
    expect(page.get_by_text("Welcome to Fireside!")).to_be_visible()
    j.see("join-step")
    page.get_by_label("I have read the group's agreement and I accept it").check()
    page.get_by_role("button", name="Accept and join").click()
    expect(page.get_by_text("Welcome to Seaside Toddler Circle!")).to_be_visible()
    j.see("group-home")
    nora = User.objects.get(email="nora@example.org")
    place = Membership.objects.get(user=nora)
    assert place.community_id == group.pk and place.status == Membership.Status.ACTIVE


@pytest.mark.parametrize("size", SIZES)
def test_a_newcomer_signs_up_from_a_group_and_lands_on_its_join_step(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("signup-from-group", size), sign_up_from_a_group, world)
