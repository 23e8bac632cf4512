"""A mentor's home: their groups, the gatherings just held, the debriefs to write and the
conversations coming up; and what the debrief tasks cost on everyone's home."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import World
from fireside.communities.mentors import check_assign_mentor
from fireside.communities.places import places_of
from fireside.demo.factories import CommunityFactory, GatheringFactory, make_member
from fireside.gatherings import actions, debriefs
from fireside.gatherings.mentor_home import debrief_tasks, mentor_home
from fireside.lib.home import Viewer
from fireside.programs.models import ProgramStaff

pytestmark = pytest.mark.django_db


def _viewer(user: Any) -> Viewer:
    staff = list(ProgramStaff.objects.filter(user=user).select_related("program"))
    return Viewer(user=user, places=places_of(user), staff=staff)


def _mentored_groups(world: World, n: int) -> list[Any]:
    """n groups the world's mentor supports, each with a facilitator, a gathering held
    yesterday without a debrief, one written, and one next week."""
    groups = []
    for i in range(n):
        group = CommunityFactory(program=world.program, name=f"Circle {i}")
        fay = make_member(group, None, "facilitator")
        check_assign_mentor(actor=world.coordinator, community=group, mentor=world.mentor)
        GatheringFactory(
            community=group, title=f"Held {i}", starts_at=timezone.now() - dt.timedelta(days=1)
        )
        written = GatheringFactory(
            community=group, title=f"Written {i}", starts_at=timezone.now() - dt.timedelta(days=8)
        )
        actions.check_file_debrief(
            actor=fay, gathering=written, logistics="Fine", common_threads="", wonderings=""
        )
        GatheringFactory(
            community=group, title=f"Next {i}", starts_at=timezone.now() + dt.timedelta(days=6)
        )
        groups.append(group)
    return groups


def test_a_mentor_home_lists_groups_what_was_held_and_what_to_write(
    client: Client, world: World
) -> None:
    (group,) = _mentored_groups(world, 1)
    held = group.gatherings.get(title="Held 0")
    debriefs.check_schedule_debrief_call(
        actor=world.mentor,
        gathering=held,
        starts_at=timezone.now() + dt.timedelta(days=1),
        online_url="https://meet.example.org/circle",
    )
    client.force_login(world.mentor)
    page = client.get("/").content.decode()
    assert "Groups you mentor" in page and "After your groups" in page
    assert "The debrief is written." in page  # the one held a week ago
    assert f'href="/gatherings/{held.pk}/debrief/"' in page
    assert f'href="/gatherings/{held.pk}/debrief/call/"' in page
    assert "Debrief conversations coming up" in page
    assert "Just held" in page and "Read the debrief" in page
    assert "Older debriefs still to write" not in page
    facilitator = group.roles.get().user
    assert f"Facilitators: {facilitator.display_name}" in page
    assert "Next gathering:" in page and "not scheduled yet" not in page
    assert f'href="/gatherings/program/{world.program.pk}/debriefs/"' in page
    # Never the group's content: no link into its conversations.
    assert f"/communities/{group.pk}/home/" not in page


def test_the_mentor_section_costs_the_same_for_one_group_as_for_five(world: World) -> None:
    _mentored_groups(world, 1)
    programs = [world.program]
    with CaptureQueriesContext(connection) as one:
        home = mentor_home(world.mentor, programs, timezone.now())
    assert len(home.groups) == 1 and len(home.to_write) == 1
    _mentored_groups(world, 4)
    with CaptureQueriesContext(connection) as five:
        home = mentor_home(world.mentor, programs, timezone.now())
    assert len(home.groups) == 5 and len(home.to_write) == 5 and len(home.just_held) == 10
    # assignments with their groups, facilitators, gatherings, conversations
    assert len(one) == len(five) == 4


def test_the_debrief_tasks_cost_one_query_and_none_for_a_member(
    world: World, django_assert_num_queries: Any
) -> None:
    _mentored_groups(world, 3)
    member = _viewer(world.member)
    with django_assert_num_queries(0):
        assert debrief_tasks(member) == []
    mentor = _viewer(world.mentor)
    with django_assert_num_queries(1):
        tasks = debrief_tasks(mentor)
    # The world's own gathering is not over yet; each of the three circles has one.
    assert [t.kind for t in tasks] == ["debriefs-to-write"] * 3
    facilitator = _viewer(world.facilitator)
    world.gathering.starts_at = timezone.now() - dt.timedelta(days=2)
    world.gathering.save()
    GatheringFactory(community=world.community, starts_at=timezone.now() - dt.timedelta(days=3))
    with django_assert_num_queries(1):
        (task,) = debrief_tasks(facilitator)
    assert (task.kind, task.count) == ("debriefs-to-write", 2)
    assert task.url == f"/gatherings/community/{world.community.pk}/#past-title"


def test_a_mentor_assigned_nowhere_is_told_what_to_expect(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    client.force_login(world.mentor)
    page = client.get("/").content.decode()
    assert "No group is assigned to you yet." in page
    with django_assert_num_queries(1):  # their assignments: none
        home = mentor_home(world.mentor, [world.program], timezone.now())
    assert home.shown and home.groups == []
    with django_assert_num_queries(0):  # not a mentor
        assert not mentor_home(world.member, [], timezone.now()).shown


def test_the_program_list_puts_the_mentors_own_groups_first(client: Client, world: World) -> None:
    check_assign_mentor(
        actor=world.coordinator, community=world.other_community, mentor=world.mentor
    )
    theirs = GatheringFactory(
        community=world.other_community,
        title="Theirs, older",
        starts_at=timezone.now() - dt.timedelta(days=5),
    )
    client.force_login(world.mentor)
    page = client.get(f"/gatherings/program/{world.program.pk}/debriefs/").content.decode()
    assert page.index("Theirs, older") < page.index(world.gathering.title)
    assert page.count("A group you mentor") == 1
    assert f'href="/gatherings/{theirs.pk}/debrief/call/"' in page
    client.force_login(world.coordinator)
    page = client.get(f"/gatherings/program/{world.program.pk}/debriefs/").content.decode()
    assert "A group you mentor" not in page and "Open the debrief" in page
