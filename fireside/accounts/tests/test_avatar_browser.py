"""Faces in the browser: a member adds a photo on her phone (choosing the square with the
cropping script), then sees photos, initials and her group's cover where they belong. At
360 px and at 1280 px, axe-core finds nothing; the screenshots are for a person to look at."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from fireside.accounts import photos
from fireside.accounts.tests import pictures
from fireside.communities import covers
from fireside.conversations.actions import check_reply, check_start_thread
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take

__all__ = ["journeys"]  # the fixture, used by name below

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def loaded(j: Journey, selector: str) -> None:
    """Every matching picture has arrived and has pixels (not a broken-image box)."""
    images = j.page.locator(selector)
    expect(images.first).to_be_visible()
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        j.page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )


def add_a_photo_and_look_around(j: Journey, world: World, thread_url: str) -> None:
    j.sign_in(world.member.email)
    j.page.get_by_role("link", name="Me", exact=True).click()
    j.see("profile")
    j.page.get_by_role("link", name="Add a photo").click()
    j.see("photo-form")
    j.page.get_by_label("Your photo").set_input_files(
        {"name": "me.jpg", "mimeType": "image/jpeg", "buffer": pictures.jpeg_with_gps()}
    )
    frame = j.page.locator("#photo-crop .frame")
    expect(frame).to_be_visible()
    j.page.get_by_label("Size of the part kept").fill("60")
    frame.focus()
    j.page.keyboard.press("ArrowDown")
    assert j.page.locator("input[name=crop_size]").input_value() == "120"
    j.see("photo-cropping")
    j.page.get_by_role("button", name="Save my photo").click()
    expect(j.page.get_by_text("Your photo is saved.")).to_be_visible()
    j.see("profile-with-photo")
    loaded(j, "#photo-section img.avatar")

    j.page.goto(j.base + reverse("communities:members", args=[world.community.pk]))
    j.see("members")
    loaded(j, "img.avatar")
    j.page.goto(j.base + thread_url)
    j.see("thread")
    loaded(j, "article img.avatar")
    j.page.goto(j.base + reverse("home"))
    j.see("home-cards")
    loaded(j, ".card img.cover")
    j.page.goto(j.base + reverse("communities:home", args=[world.community.pk]))
    j.see("group-home")
    loaded(j, "img.cover")
    j.page.goto(j.base + reverse("communities:directory"))
    j.see("directory")
    loaded(j, ".card img.cover")
    # Public page: the cover, and no photo of anyone.
    assert j.page.locator("img.avatar").count() == 0


@pytest.mark.parametrize("size", SIZES)
def test_a_member_adds_a_photo_and_sees_faces_in_her_group(
    journeys: Callable[..., Journey], world: World, size: str, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    photos.check_set_photo(
        user=world.facilitator, upload=pictures.upload(pictures.png(), "fay.png")
    )
    covers.check_set_cover(
        actor=world.facilitator,
        community=world.community,
        upload=pictures.upload(pictures.jpeg_with_gps(width=1600, height=900)),
        alt="A red and blue banner",
    )
    thread = check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="What helps at drop-off?",
        body="Mornings are hard this month. What helps your group at drop-off?",
        kind="question",
    )
    check_reply(author=world.member, thread=thread, body="A song we sing at the door.")
    take(journeys("faces", size), add_a_photo_and_look_around, world, thread.get_absolute_url())
