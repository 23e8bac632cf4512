"""A person's role type, once they are in a group, changes only when a coordinator confirms
it; meanwhile no other role's group opens to them, on the web or through the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts import actions as account_actions
from fireside.accounts.models import ApiToken, User
from fireside.audit.models import AuditEvent
from fireside.communities import actions, role_changes
from fireside.communities.directory import FOR_YOU
from fireside.communities.models import Community, Membership
from fireside.communities.places import places_of
from fireside.demo.factories import CommunityFactory, ProgramFactory, UserFactory, make_member
from fireside.lib.errors import NotAllowed, NotFoundError
from fireside.lib.home import Viewer, tasks_for
from fireside.programs.models import ProgramStaff

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def managers(world: World) -> Community:
    return CommunityFactory(program=world.program, audience="manager", name="Directors' Table")


def _profile(user: User, **changes: Any) -> dict[str, Any]:
    fields = {
        "name": user.name,
        "pronouns": "",
        "role_type": user.role_type,
        "region": user.region,
        "interests": "",
        "availability": "",
        "accessibility_needs": "",
        "timezone": "",
        "language": "",
    }
    return {**fields, **changes}


def _tasks(user: User) -> list[Any]:
    staff = list(ProgramStaff.objects.filter(user=user).select_related("program"))
    return tasks_for(Viewer(user=user, places=places_of(user), staff=staff))


def test_people_in_no_group_set_their_role_freely(client: Client) -> None:
    person = UserFactory(role_type="ece")
    client.force_login(person)
    client.post(reverse("accounts:profile"), _profile(person, role_type="manager"))
    person.refresh_from_db()
    assert (person.role_type, person.role_type_requested) == ("manager", "")


def test_a_member_changing_role_on_the_profile_asks_and_opens_nothing(
    client: Client, world: World, managers: Community
) -> None:
    client.force_login(world.member)
    response = client.post(
        reverse("accounts:profile"), _profile(world.member, role_type="manager"), follow=True
    )
    page = response.content.decode()
    assert "waits for a coordinator" in page
    assert "waiting for your coordinator to confirm it" in page
    world.member.refresh_from_db()
    assert (world.member.role_type, world.member.role_type_requested) == ("ece", "manager")
    assert AuditEvent.objects.filter(verb="accounts.role_type_request").count() == 1
    # The managers' group stays closed; the directory's "for you" is still the old role's.
    assert actions.join_refusal(world.member, managers)
    response = client.post(
        reverse("communities:join", args=[managers.pk]), {"agree_to_agreement": "on"}
    )
    assert not Membership.objects.filter(user=world.member, community=managers).exists()
    page = client.get(reverse("communities:directory")).content.decode()
    assert "Groups for your role (Early childhood educator)" in page
    # Giving the confirmed role again withdraws the request.
    client.post(reverse("accounts:profile"), _profile(world.member, role_type="ece"))
    world.member.refresh_from_db()
    assert world.member.role_type_requested == ""


def test_the_api_turns_a_role_change_into_a_request(
    client: Client, world: World, managers: Community
) -> None:
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.member)}"}
    response = client.patch(
        "/api/v1/me",
        data=json.dumps({"role_type": "manager"}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["role_type"], body["role_type_requested"]) == ("ece", "manager")
    response = client.post(
        f"/api/v1/communities/{managers.pk}/join",
        data=json.dumps({"agree_to_agreement": True}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    response = client.patch(
        "/api/v1/me",
        data=json.dumps({"role_type": "not-a-role"}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400


def test_a_coordinator_confirms_and_sees_the_groups_that_no_longer_fit(
    client: Client, world: World, managers: Community, mailoutbox: list[Any], commits: Any
) -> None:
    account_actions.check_update_profile(user=world.member, role_type="manager")
    [task] = [t for t in _tasks(world.coordinator) if t.kind == "role-changes"]
    assert world.program.name in task.title
    assert not [t for t in _tasks(world.member) if t.kind == "role-changes"]
    client.force_login(world.coordinator)
    url = reverse("programs:role_changes", args=[world.program.pk])
    page = client.get(url).content.decode()
    assert "Mina Member" in page and "Manager or director" in page
    assert world.community.name in page  # their group, for another role once confirmed
    with commits():
        response = client.post(
            reverse("programs:role_change_decide", args=[world.program.pk, world.member.pk]),
            {"decision": "confirm"},
            follow=True,
        )
    assert "Nobody was moved" in response.content.decode()
    world.member.refresh_from_db()
    assert (world.member.role_type, world.member.role_type_requested) == ("manager", "")
    assert Membership.objects.filter(
        user=world.member, community=world.community, status="active"
    ).exists()
    assert actions.join_refusal(world.member, managers) is None
    [mail] = [m for m in mailoutbox if m.to == [world.member.email]]
    assert "Manager or director" in mail.subject
    assert AuditEvent.objects.filter(verb="accounts.role_type_confirm").count() == 1
    # Already decided: said, not an error page.
    response = client.post(
        reverse("programs:role_change_decide", args=[world.program.pk, world.member.pk]),
        {"decision": "confirm"},
        follow=True,
    )
    assert response.status_code == 200
    assert "No change of role" in response.content.decode()


def test_a_coordinator_declines_and_the_person_is_told(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    account_actions.check_update_profile(user=world.member, role_type="manager")
    with commits():
        role_changes.do_decline_role_type(
            actor=world.coordinator, program=world.program, user_id=world.member.pk
        )
    world.member.refresh_from_db()
    assert (world.member.role_type, world.member.role_type_requested) == ("ece", "")
    [mail] = mailoutbox
    assert mail.subject == "Your change of role was not confirmed"
    assert '"Early childhood educator"' in mail.body
    assert AuditEvent.objects.filter(verb="accounts.role_type_decline").count() == 1


def test_only_the_programs_of_the_persons_groups_see_the_request(world: World) -> None:
    account_actions.check_update_profile(user=world.member, role_type="manager")
    elsewhere = ProgramFactory()
    with pytest.raises(NotFoundError):
        role_changes.do_confirm_role_type(
            actor=world.coordinator, program=elsewhere, user_id=world.member.pk
        )
    assert role_changes.requests_for(elsewhere) == []
    assert [r.user for r in role_changes.requests_for(world.program)] == [world.member]


def test_the_directory_puts_the_confirmed_roles_groups_first(
    world: World, managers: Community
) -> None:
    account_actions.check_update_profile(user=world.member, role_type="manager")
    fitting = Community.objects.fitting_first(role_type=world.member.role_type)
    first = {c.pk for c in fitting if c.fit <= FOR_YOU}
    assert managers.pk not in first and world.community.pk in first


def test_the_member_home_stays_within_its_queries_with_a_request(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    account_actions.check_update_profile(user=world.member, role_type="manager")
    client.force_login(world.member)
    client.get("/")
    with django_assert_max_num_queries(16):
        assert client.get("/").status_code == 200


def test_a_coordinator_does_not_confirm_their_own_change(world: World) -> None:
    make_member(world.other_community, world.coordinator)
    account_actions.check_update_profile(user=world.coordinator, role_type="manager")
    assert role_changes.requests_for(world.program, world.coordinator) == []
    assert not [t for t in _tasks(world.coordinator) if t.kind == "role-changes"]
    with pytest.raises(NotAllowed):
        role_changes.do_confirm_role_type(
            actor=world.coordinator, program=world.program, user_id=world.coordinator.pk
        )
    world.coordinator.refresh_from_db()
    assert world.coordinator.role_type_requested == "manager"
