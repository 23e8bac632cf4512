"""What communities' pages ask of the apps above them, registered by those apps from their
`AppConfig.ready()`, so communities imports none of them (docs/architecture.md):

- the directory's cards show each group's next start: gatherings registers `next_starts`;
- a group's members page offers "Add a member", and an approved proposal invites its
  proposer to facilitate: both are invitations, which registers `adding` and `invite`.

Each hook has one provider; registering again (a reloaded app) replaces it. Without a
provider the pages simply leave that part out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from fireside.communities.models import Community

# (community ids, now) -> {community id: (starts_at, time zone)}, one query for them all.
NextStarts = Callable[[Iterable[int], dt.datetime], dict[int, tuple[dt.datetime, str]]]
# Invite an address to a group without sending an email; returns the link to accept it ("" when
# there is none to give). Raises ActionError when the address may not be invited.
Invite = Callable[..., str]


@dataclass(frozen=True)
class Adding:
    form: Callable[[], Any]  # the empty "Add a member" form shown to a group's managers
    handle: Callable[[HttpRequest, Community], None]  # act on the posted form and say how it went


_next_starts: list[NextStarts] = []
_adding: list[Adding] = []
_invite: list[Invite] = []


def register_next_starts(reader: NextStarts) -> None:
    _next_starts[:] = [reader]


def register_adding(adding: Adding) -> None:
    _adding[:] = [adding]


def register_invite(invite: Invite) -> None:
    _invite[:] = [invite]


def next_starts(
    community_ids: Iterable[int], now: dt.datetime
) -> dict[int, tuple[dt.datetime, str]]:
    return _next_starts[0](community_ids, now) if _next_starts else {}


def adding() -> Adding | None:
    return _adding[0] if _adding else None


def invite(**kwargs: Any) -> str:
    """Invite (see `Invite`); "" when no app invites people."""
    return _invite[0](**kwargs) if _invite else ""
