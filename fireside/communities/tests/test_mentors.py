"""Coordinators assign the program's mentors to its groups: the page, the API, the rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.audit.models import AuditEvent
from fireside.communities.mentors import check_assign_mentor, program_assignments
from fireside.communities.models import MentorAssignment
from fireside.communities.tests.test_web import text
from fireside.demo.factories import CommunityFactory, ProgramFactory, make_program_staff
from fireside.lib.errors import Conflict, NotAllowed, Unprocessable

pytestmark = pytest.mark.django_db


def page_of(world: World) -> str:
    return reverse("programs:mentors", args=[world.program.pk])


def test_it_lets_a_coordinator_assign_a_mentor_and_take_them_off(
    client: Client, world: World
) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        page_of(world), {"community": world.community.pk, "mentor": world.mentor.pk}, follow=True
    )
    assert "Meg Mentor now mentors" in text(response)
    assignment = MentorAssignment.objects.get()
    assert (assignment.community, assignment.mentor, assignment.assigned_by) == (
        world.community,
        world.mentor,
        world.coordinator,
    )
    assert AuditEvent.objects.filter(verb="communities.assign_mentor").count() == 1
    page = text(client.get(page_of(world)))
    assert f"{world.community.name} Facilitators: Fay Facilitator Meg Mentor Take off" in page

    response = client.post(
        reverse("programs:unassign_mentor", args=[world.program.pk]),
        {"community": world.community.pk, "mentor": world.mentor.pk},
        follow=True,
    )
    assert "Meg Mentor no longer mentors" in text(response)
    assert not MentorAssignment.objects.exists()


def test_it_refuses_someone_who_is_not_a_mentor_of_the_program(
    client: Client, world: World
) -> None:
    client.force_login(world.coordinator)
    elsewhere = make_program_staff(ProgramFactory(), "mentor")
    for person in (world.member, elsewhere):
        with pytest.raises(Unprocessable, match="is not a mentor of"):
            check_assign_mentor(actor=world.coordinator, community=world.community, mentor=person)
    # On the page, only the program's mentors are offered: anyone else is a wrong choice.
    response = client.post(
        page_of(world), {"community": world.community.pk, "mentor": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "Choose one of this program's mentors." in text(response)
    foreign = CommunityFactory(program=ProgramFactory())
    response = client.post(page_of(world), {"community": foreign.pk, "mentor": world.mentor.pk})
    assert response.status_code == 400
    assert "Choose one of this program's groups." in text(response)
    assert not MentorAssignment.objects.exists()


def test_it_says_so_when_the_mentor_already_supports_the_group(
    client: Client, world: World
) -> None:
    check_assign_mentor(actor=world.coordinator, community=world.community, mentor=world.mentor)
    client.force_login(world.coordinator)
    response = client.post(
        page_of(world), {"community": world.community.pk, "mentor": world.mentor.pk}
    )
    assert response.status_code == 409
    assert f"Meg Mentor already mentors {world.community.name}." in text(response)
    assert MentorAssignment.objects.count() == 1
    with pytest.raises(Conflict):
        check_assign_mentor(actor=world.coordinator, community=world.community, mentor=world.mentor)


def test_only_coordinators_and_operators_assign(client: Client, world: World) -> None:
    for person in (world.mentor, world.facilitator):
        with pytest.raises(NotAllowed):
            check_assign_mentor(actor=person, community=world.community, mentor=world.mentor)
        client.force_login(person)
        assert client.get(page_of(world)).status_code == 403
        client.post(page_of(world), {"community": world.community.pk, "mentor": world.mentor.pk})
    assert not MentorAssignment.objects.exists()
    check_assign_mentor(actor=world.staff, community=world.community, mentor=world.mentor)
    assert MentorAssignment.objects.count() == 1


def test_the_page_lists_each_group_with_its_mentors_in_few_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    second = make_program_staff(world.program, "mentor")
    for group in (world.community, world.other_community):
        for mentor in (world.mentor, second):
            check_assign_mentor(actor=world.coordinator, community=group, mentor=mentor)
    groups = program_assignments(world.program)
    assert [len(g.mentors) for g in groups] == [2, 2]
    client.force_login(world.coordinator)
    # session, user, program, staff standing, groups, assignments, facilitators, whether
    # the program has mentors, the notifications badge, and the form's two lists
    with django_assert_max_num_queries(11):
        page = text(client.get(page_of(world)))
    assert page.count("Take off") == 4


def _api(client: Client, user: Any, method: str, path: str, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    return client.generic(
        method,
        f"/api/v1{path}",
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers=headers,
    )


def test_the_api_assigns_lists_and_takes_off(client: Client, world: World) -> None:
    path = f"/communities/{world.community.pk}/mentors"
    created = _api(client, world.coordinator, "POST", path, {"user_id": world.mentor.pk})
    assert created.status_code == 201
    assert created.json()["user_id"] == world.mentor.pk
    again = _api(client, world.coordinator, "POST", path, {"user_id": world.mentor.pk})
    assert again.status_code == 409
    wrong = _api(client, world.coordinator, "POST", path, {"user_id": world.member.pk})
    assert wrong.status_code == 422 and "not a mentor" in wrong.json()["detail"]
    refused = _api(client, world.mentor, "POST", path, {"user_id": world.mentor.pk})
    assert refused.status_code == 403
    listed = _api(
        client, world.coordinator, "GET", f"/programs/{world.program.pk}/mentor-assignments"
    )
    assert [(i["community_id"], i["name"]) for i in listed.json()["items"]] == [
        (world.community.pk, "Meg Mentor")
    ]
    gone = _api(client, world.coordinator, "DELETE", f"{path}/{world.mentor.pk}")
    assert gone.status_code == 204
    assert _api(client, world.coordinator, "DELETE", f"{path}/{world.mentor.pk}").status_code == 404
    assert not MentorAssignment.objects.exists()
