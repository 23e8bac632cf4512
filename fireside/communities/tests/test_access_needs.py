"""Accessibility needs a member chose to share reach their group's facilitators and
co-facilitators, on the members page and the attendance sheet, and nobody else: not other
members, organisers, coordinators, mentors or staff; not facilitators of other groups."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.actions import check_update_profile, do_erase_user, export_user_data
from fireside.accounts.models import ApiToken, User
from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.lib.errors import InvalidInput

pytestmark = pytest.mark.django_db

NEEDS = "Captions on video calls, and a seat near the door."
PROFILE = reverse("accounts:profile")


@pytest.fixture
def shared(world: World) -> World:
    check_update_profile(
        user=world.member, accessibility_needs=NEEDS, share_accessibility_needs=True
    )
    return world


def members_page(world: World) -> str:
    return reverse("communities:members", args=[world.community.pk])


def attendance_page(world: World) -> str:
    return reverse("gatherings:attendance", args=[world.gathering.pk])


def seen_by(user: User | None, url: str) -> tuple[int, bool]:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    return response.status_code, NEEDS in response.content.decode()


# Who sees them, page by page: (persona, members page, attendance sheet) as (status, seen).
ROWS = [
    ("anonymous", (302, False), (302, False)),
    ("outsider", (404, False), (404, False)),
    ("waitlisted", (404, False), (404, False)),
    ("member", (200, False), (403, False)),
    ("facilitator", (200, True), (200, True)),
    ("mentor", (403, False), (403, False)),
    ("coordinator", (200, False), (403, False)),
    ("staff", (404, False), (404, False)),
]


@pytest.mark.parametrize(("persona", "members", "attendance"), ROWS)
def test_only_the_groups_facilitators_see_shared_needs(
    shared: World, persona: str, members: tuple[int, bool], attendance: tuple[int, bool]
) -> None:
    user = shared.persona(persona)
    # Mina sees her own needs on her profile, not on the group's pages.
    assert seen_by(user, members_page(shared)) == ((200, False) if persona == "member" else members)
    assert seen_by(user, attendance_page(shared)) == attendance


@pytest.mark.parametrize(("role", "sees"), [("co_facilitator", True), ("organiser", False)])
def test_co_facilitators_see_them_and_organisers_do_not(
    shared: World, role: str, sees: bool
) -> None:
    helper = make_member(shared.community, UserFactory(), role)
    assert seen_by(helper, members_page(shared))[1] is sees
    status, seen = seen_by(helper, attendance_page(shared))
    assert (status, seen) == ((200, True) if sees else (403, False))


def test_a_coordinator_who_also_facilitates_another_group_does_not_see_them(
    shared: World,
) -> None:
    make_member(CommunityFactory(program=shared.program), shared.coordinator, "facilitator")
    assert seen_by(shared.coordinator, members_page(shared)) == (200, False)


def test_needs_not_shared_reach_nobody(world: World) -> None:
    check_update_profile(user=world.member, accessibility_needs=NEEDS)
    assert seen_by(world.facilitator, members_page(world)) == (200, False)
    assert seen_by(world.facilitator, attendance_page(world)) == (200, False)


def test_unsharing_hides_them_again(shared: World) -> None:
    check_update_profile(user=shared.member, share_accessibility_needs=False)
    assert seen_by(shared.facilitator, members_page(shared)) == (200, False)


def test_the_sheet_shows_them_beside_the_right_person(shared: World) -> None:
    client = Client()
    client.force_login(shared.facilitator)
    page = client.get(attendance_page(shared)).content.decode()
    row = page[page.index("Mina Member") :]
    row = row[: row.index("</li>")]
    assert f"<strong>Accessibility needs:</strong> {NEEDS.replace(',', ',')}" in row
    assert "Fay" not in row


def test_the_members_page_reads_no_more_for_needs(
    shared: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(4):
        person = make_member(shared.community)
        check_update_profile(
            user=person, accessibility_needs="Large print", share_accessibility_needs=True
        )
    client = Client()
    client.force_login(shared.facilitator)
    client.get(members_page(shared))
    with django_assert_max_num_queries(12):
        page = client.get(members_page(shared)).content.decode()
    assert page.count("Large print") == 4


# The choice itself: on the profile, off until ticked, in the API, the export and erasure.


def checkbox(page: str) -> str:
    found = re.search(r'<input type="checkbox" name="share_accessibility_needs"[^>]*>', page)
    assert found is not None
    return found.group(0)


def test_the_profile_asks_plainly_and_starts_unticked(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    page = client.get(PROFILE).content.decode()
    assert "Show my accessibility needs to the facilitators of my groups" in page
    assert "Only you see this, unless you tick the box below." in page
    assert "Other members, coordinators and mentors never see them." in page
    assert "checked" not in checkbox(page)
    assert User.objects.get(pk=user.pk).share_accessibility_needs is False


def profile_form(**overrides: str) -> dict[str, str]:
    return {
        "name": "Pat Profile",
        "role_type": "ece",
        "accessibility_needs": NEEDS,
        **overrides,
    }


def test_ticking_and_unticking_the_box_is_saved(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.post(PROFILE, profile_form(share_accessibility_needs="on"))
    user.refresh_from_db()
    assert (user.accessibility_needs, user.share_accessibility_needs) == (NEEDS, True)
    assert "checked" in checkbox(client.get(PROFILE).content.decode())
    client.post(PROFILE, profile_form())
    user.refresh_from_db()
    assert user.share_accessibility_needs is False


def test_the_action_refuses_a_choice_that_is_not_yes_or_no() -> None:
    user = UserFactory()
    with pytest.raises(InvalidInput):
        check_update_profile(user=user, share_accessibility_needs="yes")
    user.refresh_from_db()
    assert user.share_accessibility_needs is False


def api(client: Client, method: str, user: User, body: Any = None) -> Any:
    token = ApiToken.issue(user)
    return client.generic(
        method,
        "/api/v1/me",
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_api_shows_and_changes_the_choice(client: Client) -> None:
    user = UserFactory()
    assert api(client, "GET", user).json()["share_accessibility_needs"] is False
    response = api(client, "PATCH", user, {"share_accessibility_needs": True})
    assert response.status_code == 200
    assert response.json()["share_accessibility_needs"] is True
    assert User.objects.get(pk=user.pk).share_accessibility_needs is True
    response = api(client, "PATCH", user, {"share_accessibility_needs": None})
    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).share_accessibility_needs is True


def test_the_export_holds_the_choice_and_erasure_forgets_it(shared: World) -> None:
    account = export_user_data(user=shared.member)["account"]
    assert (account["accessibility_needs"], account["share_accessibility_needs"]) == (NEEDS, True)
    do_erase_user(user=shared.member)
    erased = User.objects.get(pk=shared.member.pk)
    assert (erased.accessibility_needs, erased.share_accessibility_needs) == ("", False)
