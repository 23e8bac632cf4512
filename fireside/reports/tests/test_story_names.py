"""The report's "In their own words" promises "without their names": the consented
stories' titles and parts go through fireside/lib/names.py like the free text above them,
on the page and in the PDF, with the names read once for the page."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from conftest import World
from fireside.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def _story(world: World, n: int = 0) -> None:
    make_story(
        world.member,
        world.community,
        program=True,
        title=f"Why Fay made tidy-up calm {n}",
        immediate="Mina tried a sand timer; FAY FACILITATOR laughed.",
        enabling="Thanks to Meg, our guide.",
    )


def _page(client: Client, world: World) -> str:
    return client.get(reverse("reports:program", args=[world.program.pk])).content.decode()


def test_a_story_mentioning_members_shows_name_marks_on_the_page(
    client: Client, world: World
) -> None:
    _story(world)
    client.force_login(world.coordinator)
    page = _page(client, world)
    assert "Why [name] made tidy-up calm 0" in page
    assert "[name] tried a sand timer; [name] laughed." in page
    assert "Thanks to [name], our guide." in page
    for name in ("Mina", "Fay", "FAY", "Meg"):
        assert name not in page


def test_the_pdf_hides_them_too(client: Client, world: World) -> None:
    _story(world)
    client.force_login(world.coordinator)
    response = client.get(reverse("reports:program_pdf", args=[world.program.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "sand timer" in text and "[name]" in text
    for name in ("Mina", "Fay", "FAY", "Meg"):
        assert name not in text


def test_the_names_are_read_once_however_many_stories(client: Client, world: World) -> None:
    _story(world)
    client.force_login(world.coordinator)
    _page(client, world)  # computes the figures and keeps them
    with CaptureQueriesContext(connection) as one:
        _page(client, world)
    for n in range(1, 5):
        _story(world, n)
    with CaptureQueriesContext(connection) as five:
        page = _page(client, world)
    assert page.count("Why [name] made tidy-up calm") == 5
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]
