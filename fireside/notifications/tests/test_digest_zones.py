"""Digests for one time zone at a time: a zone's run emails only the people in that zone, and
without a zone everyone is emailed, as from cron. Nothing is emailed twice either way."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.notifications import actions
from fireside.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

PARIS, VANCOUVER = "Europe/Paris", "America/Vancouver"


def _readers() -> dict[str, Any]:
    """In a Vancouver program: one reader who set Paris on their profile, one who did not."""
    community = CommunityFactory(program__timezone=VANCOUVER)
    readers = {
        PARIS: make_member(community, UserFactory(timezone=PARIS)),
        VANCOUVER: make_member(community, UserFactory(timezone="")),
    }
    for reader in readers.values():
        Notification.objects.create(
            user=reader, community=community, kind=Kind.NEW_THREAD, text="A thread", url="/"
        )
    return readers


def _emailed() -> set[str]:
    return set(
        Notification.objects.filter(emailed_at__isnull=False).values_list("user__email", flat=True)
    )


def test_a_zone_s_run_emails_only_the_people_in_that_zone(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    readers = _readers()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_digests(period="daily", zone="Asia/Tokyo") == 0
        assert actions.send_digests(period="daily", zone=PARIS) == 1
    assert [m.to for m in mailoutbox] == [[readers[PARIS].email]]
    assert _emailed() == {readers[PARIS].email}
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_digests(period="daily", zone=PARIS) == 0  # nothing twice
        assert actions.send_digests(period="daily") == 1  # everyone: who is left
        assert actions.send_digests(period="daily", zone=VANCOUVER) == 0
    assert [m.to for m in mailoutbox][1:] == [[readers[VANCOUVER].email]]


def test_the_command_takes_a_zone_and_refuses_an_unknown_one() -> None:
    readers = _readers()
    out = io.StringIO()
    call_command("send_digests", "daily", "--zone", VANCOUVER, stdout=out)
    assert out.getvalue().strip() == f"Sent 1 daily digest(s) in {VANCOUVER}."
    assert _emailed() == {readers[VANCOUVER].email}
    with pytest.raises(CommandError, match="Mars/Olympus is not a known time zone"):
        call_command("send_digests", "daily", "--zone", "Mars/Olympus")
    call_command("send_digests", "daily", stdout=out)
    assert _emailed() == {r.email for r in readers.values()}
