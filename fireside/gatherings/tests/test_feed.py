"""The personal calendar feed: served from the cache, never stale, never someone else's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.communities.models import Membership
from fireside.demo.factories import CommunityFactory, GatheringFactory, make_member
from fireside.gatherings import notices

pytestmark = pytest.mark.django_db


def feed(client: Client, user: Any) -> str:
    response = client.get(reverse("gatherings:feed", args=[notices.feed_for(user).token]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_feed_follows_every_change_at_once(client: Client, world: World) -> None:
    g = GatheringFactory(community=world.community, title="Walk by the river")
    assert "Walk by the river" in feed(client, world.member)
    g.title = "Walk by the lake"
    g.save()
    body = feed(client, world.member)
    assert "Walk by the lake" in body and "Walk by the river" not in body
    GatheringFactory(community=world.other_community, title="Another group's evening")
    assert "Another group's evening" not in feed(client, world.member)
    make_member(world.other_community, world.member)
    assert "Another group's evening" in feed(client, world.member)
    Membership.objects.filter(user=world.member, community=world.other_community).update(
        status=Membership.Status.LEFT, left_at=timezone.now()
    )
    assert "Another group's evening" not in feed(client, world.member)
    g.delete()
    assert "Walk by the lake" not in feed(client, world.member)


def test_two_people_never_share_a_feed(client: Client, world: World) -> None:
    GatheringFactory(community=world.community, title="Circle for everyone")
    GatheringFactory(community=world.other_community, title="Only the other circle")
    mine, theirs = feed(client, world.member), feed(client, world.outsider)
    assert "Circle for everyone" in mine and "Only the other circle" not in mine
    assert "Only the other circle" in theirs and "Circle for everyone" not in theirs
    old = notices.feed_for(world.member).token
    notices.do_rotate_feed(user=world.member)
    assert client.get(reverse("gatherings:feed", args=[old])).status_code == 404


def test_a_feed_costs_the_same_few_queries_for_ten_groups_as_for_one(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    busy = make_member(world.community)
    for i in range(9):
        group = CommunityFactory(program=world.program, audience=world.community.audience)
        make_member(group, busy)
        for month in range(1, 4):
            GatheringFactory(
                community=group,
                title=f"Group {i} gathering {month}",
                starts_at=timezone.now() + dt.timedelta(days=30 * month),
            )
    for person, events in ((world.member, 1), (busy, 28)):
        url = reverse("gatherings:feed", args=[notices.feed_for(person).token])
        # The feed and its person, whether its gatherings changed, the gatherings; and the
        # cache, a database table: the miss, then the write (Django's DatabaseCache counts
        # the rows, then reads and inserts the entry within a savepoint: 5 statements).
        with django_assert_num_queries(3 + 1 + 5):
            assert client.get(url).content.decode().count("BEGIN:VEVENT") == events
        # Unchanged since: the feed and the check, then the cache's one read.
        with django_assert_num_queries(2 + 1):
            assert client.get(url).content.decode().count("BEGIN:VEVENT") == events
