"""Calls for topics: opening one (and every refusal), the emails in each member's language,
suggesting until it closes, the home task, and adding a topic to the agenda in one action."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.gatherings import topic_calls
from fireside.gatherings.models import Gathering, Topic, TopicCall
from fireside.lib.errors import Conflict, Gone, InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def coming(world: World) -> Gathering:
    return GatheringFactory(
        community=world.community,
        title="Outdoor play",
        starts_at=timezone.now() + dt.timedelta(days=7),
        created_by=world.facilitator,
    )


def open_call(world: World, g: Gathering, days_before: float = 2, **kw: Any) -> TopicCall:
    closes = g.starts_at - dt.timedelta(days=days_before)
    return topic_calls.check_open_call(
        actor=kw.get("actor", world.facilitator), gathering=g, closes_at=kw.get("closes", closes)
    )


def test_members_are_asked_by_email_in_their_language(
    world: World, coming: Gathering, mailoutbox: list[Any], commits: Any
) -> None:
    french = make_member(world.community, UserFactory(email="fr@example.org", language="fr"))
    with commits():
        open_call(world, coming)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.member.email, french.email])
    english = next(m for m in mailoutbox if m.to == [world.member.email])
    assert english.subject == "What would you like to talk about at “Outdoor play”?"
    assert reverse("gatherings:topic_call", args=[coming.pk]) in english.body
    in_french = next(m for m in mailoutbox if m.to == [french.email])
    assert "Outdoor play" in in_french.subject and "aimeriez" in in_french.subject


def test_a_wall_clock_closing_time_is_read_in_the_gatherings_zone(
    world: World, coming: Gathering
) -> None:
    local = coming.local_start.replace(tzinfo=None) - dt.timedelta(hours=3)
    call = open_call(world, coming, closes=local)
    assert call.closes_at == coming.starts_at - dt.timedelta(hours=3)


@pytest.mark.parametrize(
    ("case", "refusal"),
    [
        ("past", Conflict),
        ("cancelled", Conflict),
        ("after_start", InvalidInput),
        ("closed_already", InvalidInput),
        ("not_a_time", InvalidInput),
        ("twice", Conflict),
        ("member", NotAllowed),
        ("coordinator", NotAllowed),
    ],
)
def test_bad_calls_are_refused_and_nothing_is_sent(
    world: World,
    coming: Gathering,
    mailoutbox: list[Any],
    commits: Any,
    case: str,
    refusal: type[Exception],
) -> None:
    g, kw = coming, {}
    if case == "past":
        g = world.gathering  # begun an hour ago
        kw = {"closes": timezone.now() + dt.timedelta(hours=1)}
    elif case == "cancelled":
        Gathering.objects.filter(pk=g.pk).update(cancelled_at=timezone.now())
        g.refresh_from_db()
    elif case == "after_start":
        kw = {"closes": g.starts_at + dt.timedelta(minutes=1)}
    elif case == "closed_already":
        kw = {"closes": timezone.now() - dt.timedelta(minutes=1)}
    elif case == "not_a_time":
        kw = {"closes": "tomorrow"}
    elif case == "twice":
        TopicCall.objects.create(gathering=g, closes_at=g.starts_at)
    else:
        kw = {"actor": getattr(world, case)}
    before = TopicCall.objects.count()
    with commits(), pytest.raises(refusal):
        open_call(world, g, **kw)
    assert TopicCall.objects.count() == before and not mailoutbox


def test_members_suggest_until_it_closes(world: World, coming: Gathering) -> None:
    call = open_call(world, coming)
    topic = topic_calls.check_suggest_topic(
        user=world.member, call=call, title="Mud kitchens", details="Ours floods."
    )
    assert topic.call == call and topic.community == world.community
    assert [t.n_votes for t in topic_calls.topics_of(call)] == [1]  # with its author's vote
    with pytest.raises(NotAllowed):
        topic_calls.check_suggest_topic(user=world.coordinator, call=call, title="x", details="")
    with pytest.raises(InvalidInput):
        topic_calls.check_suggest_topic(user=world.member, call=call, title=" ", details="")
    TopicCall.objects.filter(pk=call.pk).update(closes_at=timezone.now())
    call.refresh_from_db()
    with pytest.raises(Gone):
        topic_calls.check_suggest_topic(user=world.member, call=call, title="Late", details="")
    assert Topic.objects.filter(call=call).count() == 1


def test_the_facilitator_adds_a_topic_to_the_agenda_in_one_action(
    world: World, coming: Gathering
) -> None:
    call = open_call(world, coming)
    topic = topic_calls.check_suggest_topic(
        user=world.member, call=call, title="Mud kitchens", details=""
    )
    topic_calls.check_add_to_agenda(actor=world.facilitator, call=call, topic=topic)
    item = coming.agenda.get()
    assert (item.topic, item.from_topic_id, item.minutes) == ("Mud kitchens", topic.pk, 20)
    topic.refresh_from_db()
    assert topic.used_in_id == coming.pk
    with pytest.raises(Conflict):
        topic_calls.check_add_to_agenda(actor=world.facilitator, call=call, topic=topic)
    with pytest.raises(NotAllowed):
        topic_calls.check_add_to_agenda(actor=world.member, call=call, topic=topic)
    other = Topic.objects.create(community=world.community, title="Not from the call")
    with pytest.raises(InvalidInput):
        topic_calls.check_add_to_agenda(actor=world.facilitator, call=call, topic=other)
    assert coming.agenda.count() == 1


def test_the_whole_round_through_the_pages(
    client: Client, world: World, coming: Gathering, commits: Any, mailoutbox: list[Any]
) -> None:
    client.force_login(world.facilitator)
    edit = client.get(reverse("gatherings:edit", args=[coming.pk])).content.decode()
    opening = reverse("gatherings:open_topic_call", args=[coming.pk])
    assert opening in edit
    after = (coming.local_start + dt.timedelta(days=1)).date().isoformat()
    response = client.post(opening, {"date": after, "time": "10:00"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not TopicCall.objects.exists()
    closes = (coming.local_start - dt.timedelta(days=1)).date().isoformat()
    with commits():
        response = client.post(opening, {"date": closes, "time": "10:00"})
    page = reverse("gatherings:topic_call", args=[coming.pk])
    assert response["Location"] == page
    assert [m.to for m in mailoutbox] == [[world.member.email]]

    client.force_login(world.member)
    home = client.get(reverse("home")).content.decode()
    assert "Suggest a topic for “Outdoor play”" in home and page in home
    assert (
        reverse("gatherings:topic_call", args=[coming.pk])
        in client.get(reverse("gatherings:detail", args=[coming.pk])).content.decode()
    )
    suggest = reverse("gatherings:suggest_topic", args=[coming.pk])
    assert client.post(suggest, {"title": ""}).status_code == 200
    response = client.post(suggest, {"title": "Mud kitchens", "details": ""})
    assert response["Location"] == page
    assert "Mud kitchens" in client.get(page).content.decode()
    assert "Suggest a topic for “Outdoor play”" not in client.get(reverse("home")).content.decode()

    client.force_login(world.facilitator)
    topic = Topic.objects.get(call__gathering=coming)
    edit = client.get(reverse("gatherings:edit", args=[coming.pk])).content.decode()
    add = reverse("gatherings:add_call_topic", args=[coming.pk, topic.pk])
    assert "Mud kitchens" in edit and add in edit
    response = client.post(add)
    assert response.status_code == 302
    assert list(coming.agenda.values_list("topic", flat=True)) == ["Mud kitchens"]


def test_nobody_outside_the_group_sees_a_call(
    client: Client, world: World, coming: Gathering
) -> None:
    call = open_call(world, coming)
    topic_calls.check_suggest_topic(user=world.member, call=call, title="Inside only", details="")
    for who in ("coordinator", "mentor", "staff", "outsider"):
        client.force_login(getattr(world, who))
        response = client.get(reverse("gatherings:topic_call", args=[coming.pk]))
        assert response.status_code in (403, 404)
        assert "Inside only" not in response.content.decode()
        assert (
            "Suggest a topic for “Outdoor play”" not in client.get(reverse("home")).content.decode()
        )
