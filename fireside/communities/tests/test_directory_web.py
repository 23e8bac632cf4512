"""The public directory on the web: its filters, its counts, and what it never shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fireside.communities.models import Mode
from fireside.demo.factories import CommunityFactory, ProgramFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def names(response: Any) -> set[str]:
    return {c.name for c in response.context["page"]}


def test_it_filters_by_program_mode_seats_and_words(client: Client) -> None:
    north, south = ProgramFactory(name="North program"), ProgramFactory(name="South program")
    full = CommunityFactory(program=north, name="Full circle", capacity=2, mode=Mode.ONLINE)
    make_member(full)
    make_member(full)
    CommunityFactory(program=north, name="Trail walkers", mode=Mode.IN_PERSON)
    CommunityFactory(program=south, name="Southern lights", purpose="Outdoor play in winter")
    url = reverse("communities:directory")

    assert names(client.get(url, {"program": north.pk})) == {"Full circle", "Trail walkers"}
    assert names(client.get(url, {"mode": Mode.IN_PERSON})) == {"Trail walkers"}
    assert names(client.get(url, {"program": north.pk, "has_space": "on"})) == {"Trail walkers"}
    assert names(client.get(url, {"q": "winter"})) == {"Southern lights"}
    page = client.get(url).content.decode()
    assert "South program" in page  # the program filter lists the programs


def test_a_wrong_filter_is_ignored_not_an_error(client: Client) -> None:
    CommunityFactory(name="Still listed")
    response = client.get(reverse("communities:directory"), {"program": "nope", "mode": "x"})
    assert response.status_code == 200
    assert "Still listed" in names(response)


def test_it_shows_seats_and_never_who_is_in_a_group(client: Client) -> None:
    community = CommunityFactory(name="Quiet circle", capacity=3)
    make_member(community, UserFactory(name="Zora Secretname"))
    page = client.get(reverse("communities:directory")).content.decode()
    assert "Quiet circle" in page and "Zora Secretname" not in page


def test_its_queries_do_not_grow_with_the_number_of_groups(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    program = ProgramFactory()
    for _ in range(25):
        make_member(CommunityFactory(program=program))
    # + the programs' role types for the cards and the role types for the filter
    with django_assert_max_num_queries(8):
        response = client.get(reverse("communities:directory"), {"program": program.pk})
    assert response.context["page"].paginator.count == 25
    assert 'aria-label="Pages"' in response.content.decode()
