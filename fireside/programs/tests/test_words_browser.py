"""A program's own words in the browser: the coordinator names the program's groups and adds
a role type on a phone, a member asks to change role and the coordinator confirms it, and the
directory speaks the program's word. At 360 px and 1280 px, axe-core finds nothing; the
screenshots are for a person to look at."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take

__all__ = ["journeys"]  # the fixture, used by name below

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def name_the_groups_and_confirm_a_role(j: Journey, world: World) -> None:
    j.page.goto(j.base + reverse("programs:detail", args=[world.program.pk]))
    j.sign_in(world.coordinator.email)
    j.page.goto(j.base + reverse("programs:detail", args=[world.program.pk]))
    j.page.get_by_role("link", name="Words and role types").click()
    j.see("words")
    j.page.locator("#id_group_word").fill("professional circle")
    j.page.locator("#id_group_word_plural").fill("professional circles")
    j.page.locator("#id_group_word_fr").fill("cercle professionnel")
    j.page.locator("#id_group_word_plural_fr").fill("cercles professionnels")
    j.page.get_by_role("button", name="Save the words").click()
    expect(j.page.get_by_text("The program's words are saved.")).to_be_visible()
    j.page.locator("#id_name").fill("School leader")
    j.page.locator("#id_name_fr").fill("Direction d'école")
    j.page.get_by_label("Short code").fill("school_leader")
    j.page.get_by_role("button", name="Add the role type").click()
    expect(j.page.get_by_text("“School leader” is added.")).to_be_visible()
    j.see("words-own-role-types")
    # A role type a group is for cannot go.
    j.page.get_by_role("button", name="Remove Early childhood educator", exact=True).click()
    expect(j.page.get_by_text("is still in use")).to_be_visible()

    j.page.goto(j.base + reverse("communities:directory") + f"?program={world.program.pk}")
    expect(j.page.get_by_role("heading", name="Find a professional circle")).to_be_visible()
    j.see("directory-own-word")
    j.sign_out()

    # A member changes role: it waits.
    j.sign_in(world.member.email)
    j.page.get_by_role("link", name="Me", exact=True).click()
    j.page.get_by_label("Role type").select_option("school_leader")
    j.page.get_by_role("button", name="Save my profile").click()
    expect(j.page.locator("#role-type-waiting")).to_be_visible()
    j.see("profile-role-waiting")
    j.sign_out()

    # The coordinator confirms from the home task.
    j.sign_in(world.coordinator.email)
    j.page.get_by_role("link", name="Confirm or decline").first.click()
    j.see("role-changes")
    j.page.get_by_role("button", name="Confirm the new role").click()
    expect(j.page.get_by_text("Nobody was moved")).to_be_visible()
    j.see("role-changes-done")


@pytest.mark.parametrize("size", SIZES)
def test_a_coordinator_gives_the_program_its_own_words(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("words", size), name_the_groups_and_confirm_a_role, world)
