"""The signed-in home page: what needs each person (the task registry, fireside.lib.home),
the next gathering of each of their groups with an answer in one tap, empty states that say
what to do next, and a fixed number of queries however much data there is."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.communities.models import CommunityRole, Membership
from fireside.communities.places import places_of
from fireside.demo.factories import (
    CommunityFactory,
    GatheringFactory,
    MembershipFactory,
    UserFactory,
    make_member,
)
from fireside.gatherings.models import Attendance, Rsvp
from fireside.lib.home import Task, Urgency, Viewer, registered_sources, tasks_for
from fireside.mentoring.models import Pairing
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection
from fireside.programs.models import ProgramStaff
from fireside.surveys.tests.factories import make_check, make_survey

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)  # a Wednesday, noon in Vancouver


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def tasks_of(user: Any) -> list[Task]:
    return tasks_for(Viewer(user=user, places=places_of(user), staff=_staff(user)))


def _staff(user: Any) -> list[Any]:
    return list(ProgramStaff.objects.filter(user=user).select_related("program"))


def kinds(user: Any) -> set[str]:
    return {t.kind for t in tasks_of(user)}


@pytest.fixture
def busy(world: World) -> World:
    """Mina and Fay are a pair quiet since last week; a survey is open; two gatherings were
    held last week in Fay's group, one without attendance, one without notes; a newcomer
    waits for a partner; Walt waits for a seat; the other circle has no facilitator."""
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.member, happened_on=dt.date(2026, 11, 12))
    make_survey(world.program, created_by=world.coordinator)
    held = GatheringFactory(
        community=world.community, title="Story night", starts_at=NOW - dt.timedelta(days=6)
    )
    noted = GatheringFactory(
        community=world.community, title="Walk and talk", starts_at=NOW - dt.timedelta(days=3)
    )
    Attendance.objects.create(gathering=noted, user=world.member, minutes=90)
    GatheringFactory(  # cancelled: nothing to record
        community=world.community, starts_at=NOW - dt.timedelta(days=2), cancelled_at=NOW
    )
    GatheringFactory(  # too long ago to ask for
        community=world.community, starts_at=NOW - dt.timedelta(days=45)
    )
    make_member(world.community, UserFactory(name="Nell Newcomer"))
    world.held = held  # type: ignore[attr-defined]
    world.noted = noted  # type: ignore[attr-defined]
    return world


# --- The registry ---------------------------------------------------------------------


def test_it_registers_every_app_source_in_order() -> None:
    names = [name.rsplit(".", 1)[1] for name in registered_sources()]
    expected = [
        "seats_offered",
        "agreements_changed",
        "roles_offered",
        "records_to_keep",
        "connection_this_week",
        "reflection_due",
        "waiting_for_partner",
        "surveys_open",
        "program_staffing",
    ]
    assert [n for n in names if n in expected] == expected


def test_it_lists_the_most_urgent_first(busy: World) -> None:
    tasks = tasks_of(busy.facilitator)
    assert [t.urgency for t in tasks] == sorted(t.urgency for t in tasks)
    assert [t.kind for t in tasks] == [
        "attendance-to-record",  # today: everyone's hours wait for it
        "notes-to-write",
        "debriefs-to-write",  # fireside/gatherings/mentor_home.py
        "connection-this-week",
        "reflection-due",
        "confidence-check",
        "survey-open",
        "waiting-for-partner",  # nothing is late
        "availability-missing",  # fireside/mentoring/matching_home.py
    ]
    by_kind = {t.kind: t for t in tasks}
    assert by_kind["attendance-to-record"].urgency == Urgency.TODAY
    assert by_kind["attendance-to-record"].url == reverse(
        "gatherings:attendance", args=[busy.held.pk]
    )
    assert by_kind["notes-to-write"].url == reverse("gatherings:notes", args=[busy.noted.pk])
    assert by_kind["waiting-for-partner"].count == 1  # Nell (Mina and Fay are a pair)
    assert by_kind["reflection-due"].urgency == Urgency.THIS_MONTH


def test_the_reflection_becomes_urgent_in_the_last_week(world: World, time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC), tick=False)
    (task,) = [t for t in tasks_of(world.member) if t.kind == "reflection-due"]
    assert task.urgency == Urgency.THIS_WEEK
    assert task.title == "Your November reflection"
    make_reflection(world.program, world.member, dt.date(2026, 11, 1))
    assert "reflection-due" not in kinds(world.member)


def test_a_connection_this_week_clears_the_task(busy: World) -> None:
    (task,) = [t for t in tasks_of(busy.member) if t.kind == "connection-this-week"]
    assert task.title == "No connection with Fay Facilitator logged this week"
    assert "Thursday 12 November" in task.detail
    make_connection(
        make_pairing(busy.other_community, busy.outsider, UserFactory()),
        busy.outsider,
        happened_on=dt.date(2026, 11, 17),
    )
    assert "connection-this-week" not in kinds(busy.outsider)
    mine = Pairing.objects.get(pair_members__user=busy.member)
    make_connection(mine, busy.facilitator, happened_on=dt.date(2026, 11, 16))  # Monday
    assert "connection-this-week" not in kinds(busy.member)


PERSONA_TASKS = {
    "outsider": {
        "reflection-due",
        "confidence-check",
        "survey-open",
        "connection-this-week",
        "availability-missing",
    },
    "waitlisted": set(),
    "member": {
        "reflection-due",
        "confidence-check",
        "survey-open",
        "connection-this-week",
        "availability-missing",
    },
    "facilitator": {
        "attendance-to-record",
        "notes-to-write",
        "debriefs-to-write",
        "connection-this-week",
        "reflection-due",
        "confidence-check",
        "survey-open",
        "waiting-for-partner",
        "availability-missing",
    },
    "mentor": set(),
    "coordinator": {"seat-waiting", "no-facilitator"},
    "staff": set(),
}


def test_each_task_appears_for_the_right_persona_and_opens(client: Client, busy: World) -> None:
    make_connection(  # the outsider has a quiet pair too
        make_pairing(busy.other_community, busy.outsider, UserFactory()),
        busy.outsider,
        happened_on=dt.date(2026, 11, 2),
    )
    for persona, expected in PERSONA_TASKS.items():
        user = busy.persona(persona)
        tasks = tasks_of(user)
        assert {t.kind for t in tasks} == expected, persona
        client.force_login(user)
        home = client.get("/").content.decode()
        for task in tasks:
            assert task.url.replace("&", "&amp;") in home, (persona, task.kind)
            response = client.get(task.url)
            assert response.status_code == 200, (persona, task.kind, task.url)


def test_coordinators_see_waiting_people_and_groups_without_a_facilitator(busy: World) -> None:
    MembershipFactory(community=busy.other_community, status="waitlisted", joined_on=None)
    by_kind = {t.kind: t for t in tasks_of(busy.coordinator)}
    waiting = by_kind["seat-waiting"]
    assert waiting.count == 2 and waiting.url == reverse(
        "programs:waitlists", args=[busy.program.pk]
    )
    assert waiting.title == f"2 people are waiting for a seat in {busy.program.name}"
    alone = by_kind["no-facilitator"]
    assert alone.count == 1 and alone.detail == "Another circle"
    CommunityRole.objects.create(
        community=busy.other_community,
        user=busy.outsider,
        role=CommunityRole.Role.CO_FACILITATOR,
        confirmed_at=timezone.now(),
    )
    Membership.objects.filter(status="waitlisted").delete()
    assert kinds(busy.coordinator) == set()


# --- The next gathering of each group, answered from the home -------------------------


def test_the_home_shows_the_next_gathering_of_each_group_with_the_answer(
    client: Client, world: World
) -> None:
    world.member.timezone = "America/Toronto"
    world.member.save()
    soon = GatheringFactory(
        community=world.community,
        title="December circle",
        starts_at=NOW + dt.timedelta(days=5),
        location="",
        online_url="https://meet.example.org/circle",
    )
    soon.agenda.create(topic="Outdoor play in the rain", activity="story_sharing", minutes=20)
    GatheringFactory(community=world.community, starts_at=NOW + dt.timedelta(days=12))
    client.force_login(world.member)
    html = client.get("/").content.decode()
    section = html[html.index('id="next-gatherings"') :]
    # The one begun an hour ago still runs: it comes first, then the next of each group.
    assert world.gathering.title in section and "Happening now" in section
    assert "December circle" not in section  # not the next in its group while one runs
    Attendance.objects.all().delete()
    world.gathering.delete()
    html = client.get("/").content.decode()
    section = html[html.index('id="next-gatherings"') :]
    assert "December circle" in section
    assert "Monday 23 November, 15:00" in section  # 12:00 in Vancouver is 15:00 in Toronto
    assert "Join online" in section and "https://meet.example.org/circle" in section
    assert "On the agenda: Outdoor play in the rain" in text_of(section)
    assert 'aria-pressed="true"' not in section and "Are you coming?" in section
    # The group's card says when too.
    cards = html[html.index('id="my-groups"') :]
    assert "Next: Monday 23 November, 15:00" in text_of(cards)

    response = client.post(
        reverse("gatherings:rsvp", args=[soon.pk]), {"response": "yes", "next": "/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you! The group knows you are coming."
    ]
    assert Rsvp.objects.get(gathering=soon, user=world.member).response == "yes"
    html = client.get("/").content.decode()
    section = html[html.index('id="next-gatherings"') :]
    assert "Your answer: Yes" in text_of(section)
    assert re.search(r'value="yes" aria-pressed="true"', section)
    assert re.search(r'value="no" aria-pressed="false"', section)


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize(
    "where",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\r\nSet-Cookie: x=1", ""],
)
def test_an_answer_never_returns_to_another_site(client: Client, world: World, where: str) -> None:
    soon = GatheringFactory(community=world.community, starts_at=NOW + dt.timedelta(days=2))
    client.force_login(world.member)
    response = client.post(
        reverse("gatherings:rsvp", args=[soon.pk]), {"response": "maybe", "next": where}
    )
    assert response["Location"] == reverse("gatherings:detail", args=[soon.pk])
    assert Rsvp.objects.get(gathering=soon, user=world.member).response == "maybe"


def test_a_bad_answer_from_the_home_changes_nothing(client: Client, world: World) -> None:
    soon = GatheringFactory(community=world.community, starts_at=NOW + dt.timedelta(days=2))
    client.force_login(world.member)
    response = client.post(
        reverse("gatherings:rsvp", args=[soon.pk]),
        {"response": "perhaps", "next": "/"},
        follow=True,
    )
    assert "Please answer yes, no or maybe." in text(response)
    assert not Rsvp.objects.filter(gathering=soon).exists()
    client.force_login(world.outsider)  # not in the group: no answer, whatever `next` says
    refused = client.post(
        reverse("gatherings:rsvp", args=[soon.pk]), {"response": "yes", "next": "/"}
    )
    assert refused.status_code == 404 and not Rsvp.objects.filter(gathering=soon).exists()


def test_the_group_home_shows_its_next_gathering(client: Client, world: World) -> None:
    soon = GatheringFactory(
        community=world.community, title="Rainy day ideas", starts_at=NOW + dt.timedelta(days=3)
    )
    Rsvp.objects.create(gathering=soon, user=world.member, response="maybe")
    world.gathering.delete()
    client.force_login(world.member)
    page = client.get(reverse("communities:home", args=[world.community.pk]))
    html = page.content.decode()
    section = html[html.index('id="group-next"') :]
    assert "Rainy day ideas" in section and "Your answer: Maybe" in text_of(section)
    back = reverse("communities:home", args=[world.community.pk])
    assert f'name="next" value="{back}"' in section
    assert "Orchard Street Library" in section  # in person: the place
    response = client.post(
        reverse("gatherings:rsvp", args=[soon.pk]), {"response": "no", "next": back}
    )
    assert response["Location"] == back
    soon.delete()
    html = client.get(back).content.decode()
    assert "Nothing is planned yet." in text_of(html[html.index('id="group-next"') :])


# --- Empty states ---------------------------------------------------------------------


def test_empty_states_say_what_to_do_next(client: Client, world: World) -> None:
    newcomer = UserFactory(name="Ned New")
    client.force_login(newcomer)
    page = text(client.get("/"))
    assert "Nothing right now" not in page
    assert "Your first step: find a group" in page
    assert reverse("communities:directory") in client.get("/").content.decode()

    client.force_login(world.waitlisted)
    assert "You're on a waiting list" in text(client.get("/"))

    # In a group, with nothing due: up to date, and when the group meets next.
    calm = UserFactory(name="Cal Calm")
    make_member(world.other_community, calm)
    make_reflection(world.program, calm, dt.date(2026, 11, 1))
    make_check(world.program, calm, [4] * 8, taken_on=dt.date(2026, 11, 2))
    GatheringFactory(
        community=world.other_community, title="Winter circle", starts_at=NOW + dt.timedelta(days=1)
    )
    assert tasks_of(calm) == []
    client.force_login(calm)
    page = text(client.get("/"))
    assert "You're up to date. Your next gathering is Winter circle, Thursday 19 November" in page
    assert "Start a conversation in Another circle" in page

    client.force_login(world.mentor)
    page = text(client.get("/"))
    assert "You're up to date: no one is waiting for you." in page
    assert f"See how {world.program.name} is going" in page


# --- Queries --------------------------------------------------------------------------


def _five_groups(world: World) -> Any:
    """Mina in five groups, facilitating one, paired, with a reflection, an open survey and
    gatherings in every group."""
    person = world.member
    groups = [world.community] + [
        CommunityFactory(program=world.program, name=f"Circle {i}") for i in range(4)
    ]
    for group in groups[1:]:
        make_member(group, person)
    CommunityRole.objects.create(
        community=groups[1], user=person, role="facilitator", confirmed_at=timezone.now()
    )
    make_pairing(world.community, person, world.facilitator)
    make_reflection(world.program, person, dt.date(2026, 10, 1))
    make_survey(world.program, created_by=world.coordinator)
    GatheringFactory(community=groups[1], starts_at=NOW - dt.timedelta(days=1))  # unrecorded
    return person, groups


def _grow(groups: list[Any], person: Any, n: int) -> None:
    """More of everything the home reads: people, pairs, connections, gatherings and their
    answers, attendance and agendas, surveys, reflections."""
    for index, group in enumerate(groups):
        others = [make_member(group) for _ in range(2)]
        pairing = make_pairing(group, *others)
        for day in range(n):
            make_connection(pairing, others[0], happened_on=dt.date(2026, 11, 1 + day))
        for i in range(n):
            past = GatheringFactory(community=group, starts_at=NOW - dt.timedelta(days=2 + i))
            Attendance.objects.create(gathering=past, user=others[0], minutes=60)
            coming = GatheringFactory(community=group, starts_at=NOW + dt.timedelta(days=1 + i))
            coming.agenda.create(topic=f"Topic {i}", activity="story_sharing", minutes=10)
            Rsvp.objects.create(gathering=coming, user=person, response="yes")
            Rsvp.objects.create(gathering=coming, user=others[1], response="no")
        make_survey(group.program, community=group, created_by=person, title=f"Check-in {index}")


def test_a_person_in_five_groups_costs_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    person, groups = _five_groups(world)
    client.force_login(person)
    counts = []
    for size in (1, 3):
        _grow(groups, person, size)
        client.get("/")
        # session, user, memberships (with flags), commitments, roles, the gatherings (next
        # and to record), peer-mentoring progress (reflection, minutes, people waiting for a
        # partner), pairs, whether their groups pair people, partner requests waiting, the
        # programs where members choose, unanswered matching questions, survey rounds,
        # confidence checks, unread notifications
        with django_assert_max_num_queries(16) as queries:
            page = text(client.get("/"))
        counts.append(len(queries))
        assert "Your next gatherings" in page and "Record who came" in page
        assert "Write the notes" in page and "Your confidence check" in page
    assert counts[0] == counts[1]
