"""The "more or less" round: opening it (from the agenda too), cards from a phone with every
refusal, the group's grouped view without names, each author's own cards, closing, and the
one click that puts a group of cards on the next agenda."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.activities import more_or_less
from fireside.activities.models import CARD_MAX, Card, Round
from fireside.activities.tests.factories import make_card
from fireside.audit.models import AuditEvent
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.gatherings.models import Activity, AgendaItem, Gathering
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(world: World) -> Round:
    return more_or_less.check_open_round(
        actor=world.facilitator, gathering=world.gathering, topic="Our gatherings"
    )


def test_a_facilitator_opens_a_round_and_it_is_recorded(world: World, open_round: Round) -> None:
    assert open_round.is_open and open_round.topic == "Our gatherings"
    assert AuditEvent.objects.filter(verb="activities.open_round").count() == 1


def test_a_member_cannot_open_one_and_nothing_is_written(world: World) -> None:
    with pytest.raises(NotAllowed):
        more_or_less.check_open_round(actor=world.member, gathering=world.gathering, topic="T")
    with pytest.raises(InvalidInput):
        more_or_less.check_open_round(actor=world.facilitator, gathering=world.gathering, topic=" ")
    assert not Round.objects.exists()


def test_the_agenda_item_of_that_kind_starts_its_round(client: Client, world: World) -> None:
    item = AgendaItem.objects.create(
        gathering=world.gathering, topic="Story time", activity=Activity.MORE_OR_LESS, minutes=20
    )
    client.force_login(world.facilitator)
    page = client.get(reverse("activities:gathering", args=[world.gathering.pk]))
    assert "Start the agenda's round on “Story time”" in page.content.decode()
    response = client.post(
        reverse("activities:open_round", args=[world.gathering.pk]), {"agenda_item": item.pk}
    )
    found = Round.objects.get()
    assert response.status_code == 302 and found.agenda_item == item
    assert found.topic == "Story time"
    with pytest.raises(Conflict):
        more_or_less.check_open_round(
            actor=world.facilitator, gathering=world.gathering, topic="", agenda_item=item
        )


def test_members_add_cards_and_bad_input_writes_nothing(world: World, open_round: Round) -> None:
    card = more_or_less.check_add_card(
        user=world.member, round=open_round, side="more", text="  Songs  "
    )
    assert (card.side, card.text) == ("more", "Songs")
    with pytest.raises(InvalidInput, match="more or less"):
        more_or_less.check_add_card(user=world.member, round=open_round, side="most", text="x")
    with pytest.raises(InvalidInput, match="151 characters; the limit is 150"):
        more_or_less.check_add_card(
            user=world.member, round=open_round, side="less", text="é" * (CARD_MAX + 1)
        )
    with pytest.raises(NotAllowed):
        more_or_less.check_add_card(user=world.coordinator, round=open_round, side="more", text="x")
    assert Card.objects.count() == 1


def test_the_group_sees_cards_grouped_and_counted(world: World, open_round: Round) -> None:
    other = make_member(world.community, UserFactory(name="Olu Other"))
    make_card(open_round, world.member, "Outdoor play!")
    make_card(open_round, other, "outdoor   play")
    make_card(open_round, world.facilitator, "Songs")
    make_card(open_round, world.member, "Screens", side="less")
    groups = more_or_less.grouped(open_round)
    assert [(g.text, g.count, g.texts) for g in groups.more] == [
        ("Outdoor play!", 2, ["outdoor   play"]),
        ("Songs", 1, []),
    ]
    assert [(g.text, g.count) for g in groups.less] == [("Screens", 1)]
    assert groups.cards == 4


def test_the_page_shows_no_names_and_each_author_their_own_cards(
    client: Client, world: World, open_round: Round
) -> None:
    mine = make_card(open_round, world.member, "Time outdoors")
    make_card(open_round, world.facilitator, "Songs")
    client.force_login(world.facilitator)
    html = client.get(reverse("activities:round", args=[open_round.pk])).content.decode()
    assert "Time outdoors" in html and "Songs" in html
    assert "Mina Member" not in html
    assert reverse("activities:edit_card", args=[mine.pk]) not in html
    client.force_login(world.member)
    html = client.get(reverse("activities:round", args=[open_round.pk])).content.decode()
    assert reverse("activities:edit_card", args=[mine.pk]) in html


def test_an_author_edits_and_deletes_only_their_own_until_closed(
    client: Client, world: World, open_round: Round
) -> None:
    card = make_card(open_round, world.member, "Songs")
    client.force_login(world.facilitator)
    url = reverse("activities:edit_card", args=[card.pk])
    assert client.post(url, {"side": "less", "text": "Hijack"}).status_code == 403
    client.force_login(world.member)
    assert client.post(url, {"side": "less", "text": ""}).status_code == 400
    assert client.post(url, {"side": "less", "text": "Noise"}).status_code == 302
    card.refresh_from_db()
    assert (card.side, card.text) == ("less", "Noise")
    more_or_less.check_close_round(actor=world.facilitator, round=open_round)
    card.round.refresh_from_db()
    with pytest.raises(Conflict):
        more_or_less.check_edit_card(user=world.member, card=card, side="more", text="Late")
    response = client.post(reverse("activities:delete_card", args=[card.pk]))
    assert response.status_code == 302 and Card.objects.filter(pk=card.pk).exists()


def test_a_phone_adds_a_card_through_the_page(
    client: Client, world: World, open_round: Round
) -> None:
    client.force_login(world.member)
    url = reverse("activities:add_card", args=[open_round.pk])
    refused = client.post(url, {"side": "more", "text": "x" * 151})
    assert refused.status_code == 400
    assert "151 characters; the limit is 150." in refused.content.decode()
    assert client.post(url, {"side": "more", "text": "Songs"}).status_code == 302
    assert Card.objects.get().author == world.member


def test_cards_stop_when_the_facilitator_closes_the_round(world: World, open_round: Round) -> None:
    with pytest.raises(NotAllowed):
        more_or_less.check_close_round(actor=world.member, round=open_round)
    more_or_less.check_close_round(actor=world.facilitator, round=open_round)
    with pytest.raises(Conflict, match="closed"):
        more_or_less.check_add_card(user=world.member, round=open_round, side="more", text="x")


def _next(world: World) -> Gathering:
    return GatheringFactory(
        community=world.community, starts_at=timezone.now() + dt.timedelta(days=14)
    )


def test_a_group_of_cards_goes_on_the_next_agenda_in_one_click(
    client: Client, world: World, open_round: Round
) -> None:
    coming = _next(world)
    make_card(open_round, world.member, "Outdoor play")
    more_or_less.check_close_round(actor=world.facilitator, round=open_round)
    client.force_login(world.facilitator)
    html = client.get(reverse("activities:round", args=[open_round.pk])).content.decode()
    assert 'value="More of: Outdoor play"' in html and coming.title in html
    url = reverse("activities:to_agenda", args=[open_round.pk])
    body = {"side": "more", "key": "outdoor play", "topic": "More of: Outdoor play"}
    assert client.post(url, body).status_code == 302
    item = coming.agenda.get()
    assert (item.topic, item.activity) == ("More of: Outdoor play", Activity.OPEN_DISCUSSION)
    again = client.post(url, body)
    assert again.status_code == 400 and "On the agenda already." in again.content.decode()
    unknown = client.post(url, {**body, "key": "nothing like it"})
    assert unknown.status_code == 400 and coming.agenda.count() == 1


def test_without_a_next_gathering_it_says_so(world: World, open_round: Round) -> None:
    make_card(open_round, world.member, "Songs")
    with pytest.raises(Conflict, match="no gathering planned"):
        more_or_less.check_to_agenda(
            actor=world.facilitator, round=open_round, side="more", key="songs", topic="Songs"
        )


def test_the_gathering_page_links_to_the_activities(client: Client, world: World) -> None:
    client.force_login(world.member)
    html = client.get(reverse("gatherings:detail", args=[world.gathering.pk])).content.decode()
    assert reverse("activities:gathering", args=[world.gathering.pk]) in html


def test_the_round_page_reads_in_few_queries(
    client: Client, world: World, open_round: Round, django_assert_max_num_queries: Any
) -> None:
    for i in range(12):
        make_card(open_round, world.member, f"Card {i}")
    client.force_login(world.facilitator)
    url = reverse("activities:round", args=[open_round.pk])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
