"""The peer mentoring pages through the Django test client, with their query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.communities.places import places_of
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.gatherings.models import Attendance
from fireside.lib.home import Viewer, tasks_for
from fireside.mentoring.home import home_summary
from fireside.mentoring.models import Connection, Pairing, Reflection
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def url(name: str, *args: Any) -> str:
    return reverse(f"mentoring:{name}", args=args)


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def grow(world: World, n: int) -> list[Any]:
    return [
        make_member(world.community, UserFactory(name=f"Peer {i}", interests=["music"]))
        for i in range(n)
    ]


def test_a_facilitator_pairs_the_group_from_suggestions(
    client: Client,
    world: World,
    mailoutbox: list[Any],
    django_assert_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    grow(world, 3)  # five people: two pairs and a trio
    client.force_login(world.facilitator)
    html = page(client.get(url("pairings", world.community.pk)))
    assert "Waiting for a partner" in html and "Suggest pairs for them" in html
    html = page(client.get(url("suggest", world.community.pk)))
    assert "trio" in html and "Peer 1 and Peer 0: both interested in music." in html
    assert "csrfmiddlewaretoken" in html and 'name="action" value="redo"' in html

    shown = [v.split('"')[0] for v in html.split('name="shown" value="')[1:]]
    assert len(shown) == 2
    redo = client.post(
        url("accept", world.community.pk), {"shown": shown, "group": shown[1:], "action": "redo"}
    )
    assert redo.status_code == 302 and "avoid=" in redo["Location"]
    assert not Pairing.objects.exists()
    again = page(client.get(redo["Location"]))
    assert (
        f'name="group" value="{shown[0]}"' not in again
    )  # the unticked pair is not suggested again
    assert f'name="avoid" value="{shown[0]}"' in again

    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(
            url("accept", world.community.pk), {"group": shown, "action": "accept"}
        )
    assert accepted.status_code == 302
    assert Pairing.objects.count() == 2
    assert len(mailoutbox) == 5
    # session, user, community + program, standing (membership, agreement, roles,
    # program roles), active members with first join, open pair members, all pairs,
    # their members with users, disputed connections (none here, so no prefetch),
    # notifications badge
    with django_assert_num_queries(13):
        html = page(client.get(accepted["Location"]))
    assert "2 pairs made" in html and "Everyone in the group has a partner." in html
    assert "Why this pair" in html


def test_pairing_by_hand_with_a_mistake_and_ending_a_pair(client: Client, world: World) -> None:
    (third,) = grow(world, 1)
    client.force_login(world.facilitator)
    pairings = url("pairings", world.community.pk)
    same = client.post(pairings, {"first": third.pk, "second": third.pk})
    assert "error-summary" in page(same) and "cannot be paired with themselves" in page(same)
    assert not Pairing.objects.exists()
    made = client.post(pairings, {"first": third.pk, "second": world.member.pk})
    assert made.status_code == 302
    pairing = Pairing.objects.get()
    assert client.post(url("end", pairing.pk)).status_code == 302
    pairing.refresh_from_db()
    assert not pairing.is_open
    assert "Earlier pairs" in page(client.get(pairings))


def test_members_do_not_see_the_pairing_page(client: Client, world: World) -> None:
    client.force_login(world.member)
    assert client.get(url("pairings", world.community.pk)).status_code == 403
    assert client.post(url("accept", world.community.pk), {"group": "1-2"}).status_code == 403


def test_a_member_logs_a_connection_in_seconds(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 2)
    )
    client.force_login(world.member)
    # session, user, pairing + community + program, its members, standing (membership,
    # agreement, roles, program roles), connections with writers, the message thread's
    # latest message (none here, so no count of new ones), the pair's catch-ups, its goals,
    # notifications badge
    with django_assert_num_queries(13):
        html = page(client.get(url("pair", pairing.pk)))
    assert 'type="date"' in html and 'value="2026-11-18"' in html and 'max="2026-11-18"' in html
    assert "facilitator@example.org" in html  # how to reach one's partner
    response = client.post(
        url("pair", pairing.pk),
        {"happened_on": "2026-11-17", "minutes": "20", "format": "phone", "note": "Naps!"},
    )
    assert response.status_code == 302
    connection = Connection.objects.get()
    assert (connection.minutes, connection.format, connection.note) == (20, "phone", "Naps!")
    assert "Naps!" in page(client.get(url("pair", pairing.pk)))
    client.force_login(world.facilitator)
    theirs = page(client.get(url("pair", pairing.pk)))
    assert "Logged by Mina Member" in theirs and "Naps!" not in theirs
    assert url("remove_connection", connection.pk) not in theirs


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"happened_on": "2026-11-19"}, "in the future"),
        ({"minutes": "0"}, "greater than or equal to 1"),
        ({"minutes": "1441"}, "less than or equal to 1440"),
        ({"format": "pigeon"}, "Select a valid choice"),
    ],
)
def test_bad_connections_show_a_message_and_save_nothing(
    client: Client, world: World, fields: dict[str, str], message: str
) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    client.force_login(world.member)
    data = {"happened_on": "2026-11-17", "minutes": "30", "format": "coffee", **fields}
    html = page(client.post(url("pair", pairing.pk), data))
    assert "error-summary" in html and message in html
    assert not Connection.objects.exists()


def test_only_the_pair_sees_its_page(client: Client, world: World) -> None:
    third = make_member(world.community)
    pairing = make_pairing(world.community, world.member, third)
    connection = make_connection(pairing, world.member)
    client.force_login(world.facilitator)
    assert client.get(url("pair", pairing.pk)).status_code == 404
    client.force_login(third)
    assert client.post(url("remove_connection", connection.pk)).status_code == 404
    client.force_login(world.member)
    assert client.post(url("remove_connection", connection.pk)).status_code == 302
    assert not Connection.objects.exists()


def test_my_pairs_page(client: Client, world: World) -> None:
    old = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 9, 1)
    )
    Pairing.objects.filter(pk=old.pk).update(ended_on=dt.date(2026, 10, 1))
    old.pair_members.update(ended_on=dt.date(2026, 10, 1))
    third = make_member(world.community, UserFactory(name="Theo Third"))
    make_pairing(world.community, world.member, third)
    client.force_login(world.member)
    html = page(client.get(url("mine")))
    assert html.index("Theo Third") < html.index("Earlier partners") < html.index("Fay Facilitator")
    assert url("reflections", world.program.pk) in html


def test_a_monthly_reflection_written_edited_and_withdrawn(client: Client, world: World) -> None:
    client.force_login(world.member)
    reflections = url("reflections", world.program.pk)
    html = page(client.get(reflections))
    assert "Your reflection for November 2026" in html
    assert "Only you can read what you write here" in html
    assert "October 2026" in html and "September 2026" in html  # months to catch up on
    unconsented = client.post(reflections, {"body": "Slow mornings", "shareable_excerpt": "x"})
    assert "Tick this to share the excerpt" in page(unconsented)
    assert not Reflection.objects.exists()
    saved = client.post(
        reflections,
        {"body": "Slow mornings", "shareable_excerpt": "Slow is good", "consent": "on"},
    )
    reflection = Reflection.objects.get()
    assert saved["Location"] == url("reflection", reflection.pk)
    assert client.get(reflections)["Location"] == url("reflection", reflection.pk)
    html = page(client.get(url("reflection", reflection.pk)))
    assert "Slow mornings" in html and "Withdraw my excerpt" in html
    client.post(url("withdraw", reflection.pk))
    reflection.refresh_from_db()
    assert reflection.shareable_excerpt == ""
    client.post(url("reflection", reflection.pk), {"body": "Slower mornings"})
    reflection.refresh_from_db()
    assert reflection.body == "Slower mornings"
    october = page(client.get(f"{reflections}?month=2026-10"))
    assert "Your reflection for October 2026" in october


def test_people_outside_the_program_cannot_reflect(client: Client, world: World) -> None:
    for person in (world.waitlisted, world.mentor, world.coordinator, world.staff):
        client.force_login(person)
        assert client.get(url("reflections", world.program.pk)).status_code == 403
    reflection = make_reflection(world.program, world.member)
    client.force_login(world.facilitator)
    assert client.get(url("reflection", reflection.pk)).status_code == 404


HOME = Template('{% include "mentoring/_home.html" %}')


def home(user: Any, places: Any = None) -> str:
    """The home's "Peer mentoring" panel as the home page includes it (only when shown)."""
    summary = home_summary(user, places)
    return HOME.render(Context({"user": user, "panel": summary})) if summary.shown else ""


def test_the_home_section_shows_partner_connection_reflection_and_hours(
    world: World, django_assert_num_queries: Any
) -> None:
    pairing = make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 2)
    )
    make_connection(pairing, world.facilitator, happened_on=dt.date(2026, 11, 16), minutes=45)
    make_connection(pairing, world.member, happened_on=dt.date(2026, 10, 30), minutes=500)
    gathering = GatheringFactory(
        community=world.community, starts_at=dt.datetime(2026, 11, 4, 3, 0, tzinfo=dt.UTC)
    )  # 3 November, 19:00 in Vancouver
    Attendance.objects.create(gathering=gathering, user=world.member, minutes=90)
    october = GatheringFactory(
        community=world.community, starts_at=dt.datetime(2026, 11, 1, 5, 0, tzinfo=dt.UTC)
    )  # still 31 October in Vancouver
    Attendance.objects.create(gathering=october, user=world.member, minutes=90)
    # their places (memberships, commitments, roles), the reflection and the minutes of
    # gatherings and connections together, open pairs with their people and last connection
    with django_assert_num_queries(5):
        html = home(world.member)
    assert "Peer mentoring" in html and "Fay Facilitator" in html
    assert "Last connected Monday 16 November." in html
    assert "Your November reflection is not written yet." in html
    assert "2.25 of 5 hours in November" in html  # 90 + 45 minutes
    # On the home page their places are read already: only the section's own queries.
    places = places_of(world.member)
    with django_assert_num_queries(2):
        assert home(world.member, places) == html
    with django_assert_num_queries(0):  # read once for the page: the tasks reuse it
        assert home(world.member, places) == html
    # Someone else's places are never shown for them: their own are read instead.
    other = places_of(world.facilitator)
    assert home(world.member, other) == html
    make_reflection(world.program, world.member, dt.date(2026, 11, 1))
    html = home(world.member)
    assert "Your November reflection is written." in html
    assert "2.75 of 5 hours in November" in html  # and 30 for the reflection
    world.program.monthly_hours_target = Decimal("2.5")
    world.program.save()
    html = home(world.member)
    assert "Target reached" in html


def test_the_home_section_for_facilitators_and_for_people_outside_groups(world: World) -> None:
    grow(world, 1)
    html = home(world.facilitator)
    assert url("pairings", world.community.pk) in html
    # How many wait for a partner is a task on the home page now, not a line here.
    tasks = tasks_for(Viewer(user=world.facilitator, places=places_of(world.facilitator)))
    waiting = [t for t in tasks if t.kind == "waiting-for-partner"]
    assert [(t.title, t.count) for t in waiting] == [
        (f"3 people in {world.community.name} are waiting for a partner", 3)
    ]
    assert "You do not have a peer partner yet" in html
    for person in (world.waitlisted, world.coordinator, world.staff):
        assert "Peer mentoring" not in home(person)
