"""The common threads pages and API routes, with their query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import UserFactory, make_member
from fireside.themes import actions
from fireside.themes.models import Scope
from fireside.themes.tests.factories import OUTDOOR, TRANSITIONS, topics

pytestmark = pytest.mark.django_db


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def seed(world: World) -> None:
    """Outdoor play in both groups (7 people); transitions in one group only."""
    group = [make_member(world.community, UserFactory(name=f"Ada {i} Lovell")) for i in range(4)]
    topics(world.community, group, OUTDOOR + TRANSITIONS)
    others = [make_member(world.other_community, UserFactory(name=f"Bo {i}")) for i in range(3)]
    topics(world.other_community, others, OUTDOOR)
    for scope_id in actions.scopes_to_refresh(everything=True):
        actions.recompute(scope_id)


def test_a_facilitator_and_a_mentor_read_their_groups_threads(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    seed(world)
    url = reverse("themes:community", args=[world.community.pk])
    for person in (world.facilitator, world.mentor):
        client.force_login(person)
        # session, user, community + program, standing (membership, agreement, roles,
        # program roles), scope (to see it is computed), scope, themes, notifications badge
        with django_assert_num_queries(11):
            html = page(client.get(url))
        assert "outdoor play" in html and "sand timer" in html
        assert "from 4 people" in html and "topics" in html
        for name in ("Ada", "Lovell", "Mina", "Fay"):
            assert name not in html.split("<main")[1].split("</main>")[0]
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 403


def test_coordinators_see_only_threads_that_run_through_several_groups(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    seed(world)
    client.force_login(world.coordinator)
    url = reverse("themes:program", args=[world.program.pk])
    # session, user, program, program roles, scope (computed?), scope, themes, badge
    with django_assert_num_queries(8):
        html = page(client.get(url))
    assert "outdoor play" in html and "in 2 groups" in html
    assert "sand timer" not in html  # one group's thread stays in that group
    assert "not shown" in html
    for name in ("Ada", "Bo 1", world.community.name, world.other_community.name):
        assert name not in html.split("<main")[1].split("</main>")[0]


def test_a_first_visit_queues_the_computation_and_says_so(client: Client, world: World) -> None:
    client.force_login(world.facilitator)
    html = page(client.get(reverse("themes:community", args=[world.community.pk])))
    assert "has not worked out the common threads yet" in html
    scope = Scope.objects.get(community=world.community)
    assert scope.is_stale and not scope.is_computed


def test_the_api_gives_phrases_and_counts(client: Client, world: World) -> None:
    seed(world)
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.facilitator)}"}
    body = client.get(f"/api/v1/communities/{world.community.pk}/themes", headers=headers).json()
    assert body["up_to_date"] is True and body["min_people"] == 3 and body["count"] >= 1
    theme = next(t for t in body["items"] if "outdoor play" in t["phrases"])
    assert theme["people"] == 4 and theme["sources"] == ["topic"] and theme["first_month"]
    assert set(theme) == {
        "label",
        "phrases",
        "texts",
        "people",
        "communities",
        "first_month",
        "last_month",
        "months",
        "sources",
    }
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.coordinator)}"}
    body = client.get(f"/api/v1/programs/{world.program.pk}/themes", headers=headers).json()
    assert body["min_communities"] == 2 and body["withheld"] >= 1
    assert all(t["communities"] >= 2 for t in body["items"])
    assert (
        client.get(
            f"/api/v1/programs/{world.program.pk}/themes?limit=0", headers=headers
        ).status_code
        == 400
    )
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.member)}"}
    response = client.get(f"/api/v1/communities/{world.community.pk}/themes", headers=headers)
    assert response.status_code == 403 and response.json()["detail"]
