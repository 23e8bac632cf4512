"""Found by the crash test's burst on PostgreSQL: two replies committing out of order moved the
thread's last activity back to the earlier reply."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from conftest import World
from fireside.conversations.actions import check_reply, check_start_thread
from fireside.conversations.models import Thread

pytestmark = pytest.mark.django_db


def test_a_reply_that_commits_late_never_moves_the_activity_back(world: World) -> None:
    thread = check_start_thread(
        author=world.member, community=world.community, title="Rain", body="Boots?", kind="idea"
    )
    later = timezone.now() + dt.timedelta(minutes=5)
    # A reply stamped at `later` has already committed…
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=later)
    # …when one stamped earlier (its transaction began first) commits.
    with time_machine.travel(later - dt.timedelta(minutes=1), tick=False):
        reply = check_reply(author=world.facilitator, thread=thread, body="Spare pairs.")
    thread.refresh_from_db()
    assert reply.created_at < later
    assert thread.last_activity_at == later


def test_a_new_reply_still_moves_the_activity_forward(world: World) -> None:
    thread = check_start_thread(
        author=world.member, community=world.community, title="Rain", body="Boots?", kind="idea"
    )
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        reply = check_reply(author=world.facilitator, thread=thread, body="Spare pairs.")
    thread.refresh_from_db()
    assert thread.last_activity_at == reply.created_at
