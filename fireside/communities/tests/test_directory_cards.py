"""The directory for a signed-in person: the groups open to their role (their region's
first), then the others; each card with the next gathering, in the viewer's zone, and the
first names of who facilitates. A page costs the same queries for 5 groups or 40."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fireside.accounts.models import RoleType
from fireside.communities.models import CommunityRole
from fireside.demo.factories import (
    CommunityFactory,
    GatheringFactory,
    ProgramFactory,
    UserFactory,
    make_member,
)
from fireside.gatherings.upcoming import next_gatherings

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("communities:directory")


def card_names(response: Any) -> list[str]:
    return [card.community.name for s in response.context["sections"] for card in s.cards]


def headings(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]


def test_it_lists_the_groups_open_to_my_role_in_my_region_first(client: Client) -> None:
    program = ProgramFactory()
    for name, audience, region in [
        ("A trainers' circle", RoleType.TRAINER, "Coast"),
        ("B educators inland", RoleType.ECE, "Interior"),
        ("C educators on the coast", RoleType.ECE, "coast"),
        ("D managers on the coast", RoleType.MANAGER, "Coast"),
        ("E educators online", RoleType.ECE, "Online"),
    ]:
        CommunityFactory(program=program, name=name, audience=audience, region=region)
    client.force_login(UserFactory(role_type=RoleType.ECE, region="Coast"))
    response = client.get(DIRECTORY)
    assert card_names(response) == [
        "C educators on the coast",
        "B educators inland",
        "E educators online",
        "A trainers' circle",
        "D managers on the coast",
    ]
    page = response.content.decode()
    assert "Groups for your role (Early childhood educator)" in headings(page)
    assert "Other groups" in headings(page)
    assert "Groups in Coast come first" in page
    # The filters still apply to the ordered list.
    assert card_names(client.get(DIRECTORY, {"q": "coast"})) == [
        "C educators on the coast",
        "A trainers' circle",
        "D managers on the coast",
    ]


def test_signed_out_or_without_a_role_it_is_one_list_by_name(client: Client) -> None:
    CommunityFactory(name="B circle", audience=RoleType.ECE)
    CommunityFactory(name="A circle", audience=RoleType.TRAINER)
    response = client.get(DIRECTORY)
    assert card_names(response) == ["A circle", "B circle"]
    assert "Groups for your role" not in response.content.decode()
    client.force_login(UserFactory(role_type=""))
    assert card_names(client.get(DIRECTORY)) == ["A circle", "B circle"]


def test_with_no_group_for_my_role_the_others_are_listed_without_a_heading(
    client: Client,
) -> None:
    CommunityFactory(name="A circle", audience=RoleType.TRAINER)
    client.force_login(UserFactory(role_type=RoleType.REGULATOR))
    page = client.get(DIRECTORY).content.decode()
    assert "A circle" in page
    assert "Other groups" not in page and "Groups for your role" not in page


def test_each_card_shows_the_next_gathering_in_the_viewers_zone(client: Client) -> None:
    now = timezone.now()
    soon = dt.datetime(2027, 3, 4, 18, 30, tzinfo=dt.UTC)
    community = CommunityFactory(name="Coast circle")
    GatheringFactory(community=community, starts_at=now - dt.timedelta(days=1))  # past
    GatheringFactory(community=community, starts_at=soon)
    cancelled = GatheringFactory(community=community, starts_at=soon - dt.timedelta(days=1))
    cancelled.cancelled_at = now
    cancelled.save()
    GatheringFactory(community=community, starts_at=soon + dt.timedelta(days=30))
    CommunityFactory(name="Quiet circle")

    page = client.get(DIRECTORY).content.decode()
    # Signed out: in the gathering's own zone (Vancouver: 10:30 at UTC 18:30).
    assert "Next gathering: <time" in page
    assert "Thu 4 Mar 2027 · 10:30 PST" in page
    assert "No gathering scheduled yet." in page  # the quiet circle

    client.force_login(UserFactory(timezone="Europe/Paris"))
    page = client.get(DIRECTORY).content.decode()
    assert "Thu 4 Mar 2027 · 19:30 CET" in page


def test_each_card_names_its_facilitators_by_first_name_only(client: Client) -> None:
    community = CommunityFactory(name="Coast circle")
    make_member(community, UserFactory(name="Fay Facilitator"), "facilitator")
    make_member(community, UserFactory(name="Cole Cofacilitator"), "co_facilitator")
    make_member(community, UserFactory(name="Olive Organiser"), "organiser")
    make_member(community, UserFactory(name="Mina Member"))
    both = make_member(community, UserFactory(name="Bo Both"), "facilitator", "co_facilitator")
    gone = make_member(community, UserFactory(name="Pat Past"), "facilitator")
    CommunityRole.objects.filter(user=gone).update(ended_at=timezone.now())
    make_member(community, UserFactory(name="", email="noname@example.org"), "facilitator")
    assert both.name == "Bo Both"

    page = client.get(DIRECTORY).content.decode()
    line = re.search(r"Facilitators: ([^<]+)<", page)
    assert line is not None
    assert sorted(line.group(1).split(", ")) == ["Bo", "Cole", "Fay"]
    for hidden in ("Facilitator<", "Cofacilitator", "Olive", "Mina", "Pat", "noname"):
        assert hidden not in page


def test_next_gatherings_reads_every_group_in_one_query(
    django_assert_num_queries: Any,
) -> None:
    now = timezone.now()
    communities = [CommunityFactory() for _ in range(4)]
    expected = {}
    for i, c in enumerate(communities[:3]):
        expected[c.pk] = GatheringFactory(community=c, starts_at=now + dt.timedelta(days=i + 1))
        GatheringFactory(community=c, starts_at=now + dt.timedelta(days=i + 9))
    with django_assert_num_queries(1):
        found = next_gatherings([c.pk for c in communities], now)
    assert found == expected
    assert next_gatherings([], now) == {}


def _world(groups: int) -> None:
    program = ProgramFactory()
    now = timezone.now()
    for i in range(groups):
        c = CommunityFactory(program=program, audience=RoleType.ECE if i % 2 else RoleType.TRAINER)
        make_member(c, UserFactory(name=f"Fay{i} F"), "facilitator")
        make_member(c, UserFactory(name=f"Cole{i} C"), "co_facilitator")
        make_member(c)
        GatheringFactory(community=c, starts_at=now + dt.timedelta(days=i + 1))
        GatheringFactory(community=c, starts_at=now + dt.timedelta(days=i + 8))


def _count(client: Client) -> int:
    client.get(DIRECTORY)  # warm: the session, the cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert "Next gathering:" in response.content.decode()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_its_queries_stay_flat_as_groups_are_added(client: Client, signed_in: bool) -> None:
    if signed_in:
        client.force_login(UserFactory(role_type=RoleType.ECE, region="Coast"))
    _world(5)
    small = _count(client)
    _world(35)  # 40 groups: two pages
    large = _count(client)
    # The count, the page's groups (with their programs), the programs' role types, the next
    # gatherings, the facilitators, the programs and the role types for the filter; signed
    # in, also the session, the person and their unread notifications.
    assert small == large <= (10 if signed_in else 7)
