"""The Communities section of api-v1.md: directory, detail, join, leave, members, roles."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.demo.factories import CommunityFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db

DIRECTORY_FIELDS = {
    "id",
    "program",
    "name",
    "purpose",
    "audience",
    "region",
    "mode",
    "capacity",
    "active_members",
    "open_seats",
    "waitlist_length",
}


def call(client: Client, method: str, url: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_the_directory_shows_seats_and_waitlists_never_names(client: Client, world: World) -> None:
    response = call(client, "GET", "/api/v1/communities")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    entry = next(i for i in body["items"] if i["id"] == world.community.pk)
    assert set(entry) >= DIRECTORY_FIELDS
    assert (entry["capacity"], entry["active_members"], entry["open_seats"]) == (6, 2, 4)
    assert entry["waitlist_length"] == 1
    text = response.content.decode()
    for person in (world.member, world.facilitator, world.waitlisted):
        assert person.display_name not in text
        assert person.email not in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=North", {"North circle"}),
        ("mode=in_person", {"Park walkers"}),
        ("audience=trainer", {"Trainers together"}),
        ("q=walk", {"Park walkers"}),
        ("q=TODDLERS", {"North circle"}),
        ("has_space=true", {"North circle", "Trainers together"}),
        ("has_space=false", {"Park walkers"}),
        ("region=north&mode=online", {"North circle"}),
    ],
)
def test_the_directory_filters(client: Client, query: str, expected: set[str]) -> None:
    north = CommunityFactory(name="North circle", region="North", purpose="Toddlers outdoors")
    CommunityFactory(
        program=north.program,
        name="Park walkers",
        region="South",
        mode="in_person",
        capacity=2,
        purpose="We walk and talk",
    )
    full = Community.objects.get(name="Park walkers")
    make_member(full)
    make_member(full)
    CommunityFactory(
        program=north.program, name="Trainers together", audience="trainer", purpose="Adults"
    )
    response = call(client, "GET", f"/api/v1/communities?{query}")
    assert response.status_code == 200, response.content
    assert {i["name"] for i in response.json()["items"]} == expected


def test_the_directory_filters_by_program(client: Client, world: World) -> None:
    CommunityFactory()  # another program's group
    response = call(client, "GET", f"/api/v1/communities?program={world.program.pk}")
    assert response.json()["count"] == 2


@pytest.mark.parametrize("query", ["mode=underwater", "has_space=perhaps", "limit=0", "limit=201"])
def test_bad_directory_filters_are_400(client: Client, query: str) -> None:
    response = call(client, "GET", f"/api/v1/communities?{query}")
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


def test_the_directory_costs_the_same_queries_for_many_groups(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        make_member(CommunityFactory())
    with django_assert_max_num_queries(3):
        assert call(client, "GET", "/api/v1/communities").json()["count"] == 3
    for _ in range(12):
        make_member(CommunityFactory())
    with django_assert_max_num_queries(3):
        assert call(client, "GET", "/api/v1/communities").json()["count"] == 15


def test_the_detail_tells_a_signed_in_caller_where_they_stand(client: Client, world: World) -> None:
    url = f"/api/v1/communities/{world.community.pk}"
    anonymous = call(client, "GET", url).json()
    assert "my_status" not in anonymous
    assert anonymous["agreement"] == "What is shared here stays here."
    assert call(client, "GET", url, world.facilitator).json()["my_status"] == "active"
    assert call(client, "GET", url, world.facilitator).json()["my_roles"] == ["facilitator"]
    assert call(client, "GET", url, world.waitlisted).json()["my_status"] == "waitlisted"
    outsider = call(client, "GET", url, world.outsider).json()
    assert (outsider["my_status"], outsider["my_roles"]) == (None, [])
    assert call(client, "GET", "/api/v1/communities/999999").status_code == 404


def test_joining_answers_active_then_waitlisted_with_a_position(client: Client) -> None:
    community = CommunityFactory(capacity=2)
    make_member(community)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    url = f"/api/v1/communities/{community.pk}/join"
    agree = {"agree_to_agreement": True}

    one = call(client, "POST", url, first, agree)
    two = call(client, "POST", url, second, agree)
    three = call(client, "POST", url, third, agree)

    assert (one.status_code, one.json()) == (201, {"status": "active", "waitlist_position": None})
    assert (two.status_code, two.json()) == (201, {"status": "waitlisted", "waitlist_position": 1})
    assert three.json()["waitlist_position"] == 2


@pytest.mark.parametrize(
    "body", [None, {}, {"agree_to_agreement": False}, {"agree_to_agreement": "yes"}, [1]]
)
def test_joining_without_the_agreement_is_400_and_writes_nothing(client: Client, body: Any) -> None:
    community = CommunityFactory()
    response = call(client, "POST", f"/api/v1/communities/{community.pk}/join", UserFactory(), body)
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)
    assert not Membership.objects.filter(community=community).exists()


def test_a_second_join_is_409(client: Client, world: World) -> None:
    url = f"/api/v1/communities/{world.community.pk}/join"
    for person in (world.member, world.waitlisted):
        response = call(client, "POST", url, person, {"agree_to_agreement": True})
        assert response.status_code == 409
        assert "already" in response.json()["detail"]


def test_a_role_type_that_does_not_fit_is_403_with_a_reason(client: Client) -> None:
    community = CommunityFactory(audience="ece")
    CommunityFactory(program=community.program, audience="manager", name="Directors' table")
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{community.pk}/join",
        UserFactory(role_type="manager"),
        {"agree_to_agreement": True},
    )
    assert response.status_code == 403
    assert "Directors' table" in response.json()["detail"]


def test_an_unverified_address_is_403_saying_how_to_verify(client: Client, settings: Any) -> None:
    settings.REQUIRE_VERIFIED_EMAIL = True
    community = CommunityFactory()
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{community.pk}/join",
        UserFactory(email_verified_at=None),
        {"agree_to_agreement": True},
    )
    assert response.status_code == 403
    assert "verify" in response.json()["detail"]


def test_joining_needs_a_signed_in_caller_and_a_real_group(client: Client) -> None:
    community = CommunityFactory()
    url = f"/api/v1/communities/{community.pk}/join"
    assert call(client, "POST", url, None, {"agree_to_agreement": True}).status_code == 401
    missing = call(client, "POST", "/api/v1/communities/0/join", UserFactory(), {})
    assert missing.status_code == 404


def test_leaving_hands_the_seat_to_the_first_person_waiting(client: Client, world: World) -> None:
    world.community.capacity = 2
    world.community.save()
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/leave",
        world.member,
        {"reason": "New job"},
    )
    assert response.status_code == 200
    assert response.json()["seats_filled_from_waitlist"] == 1
    assert Membership.objects.get(user=world.waitlisted).status == "active"
    again = call(client, "POST", f"/api/v1/communities/{world.community.pk}/leave", world.member)
    assert again.status_code == 404


def test_an_overlong_reason_is_400_and_the_member_stays(client: Client, world: World) -> None:
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/leave",
        world.member,
        {"reason": "x" * 501},
    )
    assert response.status_code == 400
    assert Membership.objects.get(community=world.community, user=world.member).status == "active"


def test_the_member_list_shows_active_members_with_current_roles(
    client: Client, world: World
) -> None:
    CommunityRole.objects.create(
        community=world.community, user=world.member, role="organiser"
    )  # volunteered, not confirmed: not shown as a role yet
    response = call(
        client, "GET", f"/api/v1/communities/{world.community.pk}/members", world.member
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    rows = {r["name"]: r for r in body["items"]}
    assert set(rows) == {"Mina Member", "Fay Facilitator"}
    assert rows["Fay Facilitator"]["roles"] == ["facilitator"]
    assert rows["Mina Member"]["roles"] == []
    assert set(rows["Mina Member"]) == {"user_id", "name", "roles", "status", "joined_on"}


def test_roles_rotate_through_the_api(client: Client, world: World) -> None:
    base = f"/api/v1/communities/{world.community.pk}/roles"
    given_role = call(
        client, "POST", base, world.facilitator, {"user_id": world.member.pk, "role": "organiser"}
    )
    assert (given_role.status_code, given_role.json()) == (
        201,
        {"user_id": world.member.pk, "role": "organiser"},
    )
    twice = call(
        client, "POST", base, world.facilitator, {"user_id": world.member.pk, "role": "organiser"}
    )
    assert twice.status_code == 409
    bad = call(client, "POST", base, world.facilitator, {"user_id": world.member.pk, "role": "x"})
    assert bad.status_code == 400
    outside = call(
        client, "POST", base, world.facilitator, {"user_id": world.outsider.pk, "role": "organiser"}
    )
    assert outside.status_code == 422
    ended = call(client, "DELETE", f"{base}/{world.member.pk}/organiser", world.facilitator)
    assert ended.status_code == 204
    assert (
        call(client, "DELETE", f"{base}/{world.member.pk}/organiser", world.facilitator).status_code
        == 404
    )
    # The history stays.
    assert CommunityRole.objects.filter(user=world.member, ended_at__isnull=False).count() == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=20), c, max_size=3),
        max_leaves=6,
    )
)
def test_no_join_body_produces_a_500_or_a_half_written_membership(
    client: Client, world: World, body: Any
) -> None:
    before = Membership.objects.count()
    response = call(
        client, "POST", f"/api/v1/communities/{world.other_community.pk}/join", world.member, body
    )
    assert response.status_code in (201, 400, 409), response.content
    if response.status_code == 201:
        Membership.objects.filter(user=world.member, community=world.other_community).delete()
    else:
        assert Membership.objects.count() == before
        assert isinstance(response.json()["detail"], str)
