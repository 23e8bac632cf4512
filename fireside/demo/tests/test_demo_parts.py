"""Pieces of the demo on their own, in a small world (the whole demo: test_seed_demo.py)."""

from __future__ import annotations

import pytest

from conftest import World
from fireside.demo.gatherings import seed_date_poll
from fireside.demo.mentoring_messages import EXCHANGE, seed_pair_messages
from fireside.gatherings.models import PollAnswer
from fireside.mentoring import pair_messages
from fireside.mentoring.tests.factories import make_pairing

pytestmark = pytest.mark.django_db


def test_the_demo_asks_its_group_which_evening_suits(world: World) -> None:
    world.community.meeting_place = "Orchard Street Library"
    poll = seed_date_poll(world.community, keep_for_trying=[world.member.email])
    assert poll is not None and poll.options.count() == 3
    assert not PollAnswer.objects.filter(user=world.member).exists()


def test_the_demo_exchange_leaves_one_message_new(world: World) -> None:
    pair = make_pairing(world.community, world.member, world.facilitator)
    assert seed_pair_messages(pair) == len(EXCHANGE)
    first, second = pair.users()
    assert pair_messages.unread_count(first, pair) == 1
    assert pair_messages.unread_count(second, pair) == 0
