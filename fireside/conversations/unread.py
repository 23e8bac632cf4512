"""What a member has not read yet, thread by thread (ThreadRead): the "N new" and the dot of
never-opened threads on the group's conversation list, the count on the Conversations tab,
and the "New" divider on a thread's page.

A reply is unread to someone when others wrote it after they last opened its thread (what
a person writes themselves is never new to them). Before they open a thread at all, what
others wrote after they joined the group is unread, and the thread has a dot. Hidden
replies and hidden threads are never counted: only facilitators and their authors see
them, and nobody needs to be told to go and read them.

The markers are per person and thread, written when they open the thread (or mark the
whole group read), and removed when they leave the group or ask to be forgotten.
(GroupVisit, fireside/conversations/visits.py, keeps the group-wide "since your last
visit" moment that the member's home counts from.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from fireside.communities.access import Standing
from fireside.communities.models import Community, Membership
from fireside.conversations.access import threads_for
from fireside.conversations.models import Reply, Thread, ThreadRead
from fireside.conversations.visits import do_mark_group_read

FIRST_UNREAD = "first-unread"  # the anchor of the "New" divider on a thread's page


@dataclass(frozen=True)
class Unread:
    """What one member has not read in one group."""

    replies: int = 0  # others' replies in threads they opened before
    threads: int = 0  # threads with anything unread, opened or not
    unopened: int = 0  # others' threads they never opened

    @property
    def any(self) -> bool:
        return bool(self.threads)


def joined_at(user: Any, community: Community) -> dt.datetime | None:
    """When `user` joined `community` as it is now (accepted its agreement, or asked for
    their seat): before their first look at a thread, unread starts there. None for anyone
    who is not an active member."""
    row = (
        Membership.objects.filter(
            user_id=user.pk, community=community, status=Membership.Status.ACTIVE
        )
        .values_list("agreement_accepted_at", "requested_at")
        .first()
    )
    if row is None:
        return None
    accepted, requested = row
    return max(accepted or requested, requested)


def annotate_unread(qs: QuerySet[Thread], user: Any, joined: dt.datetime) -> QuerySet[Any]:
    """Threads with `read_at` (their last opening, or None), `unread` (others' visible
    replies since, or since `joined` when never opened) and `unopened` (someone else's
    thread they never opened). Two subqueries per row, no query per thread."""
    read_at = Subquery(
        ThreadRead.objects.filter(user_id=user.pk, thread=OuterRef("pk")).values("read_at")[:1]
    )
    qs = qs.annotate(read_at=read_at)
    since = Coalesce("read_at", Value(joined), output_field=DateTimeField())
    replies = (
        Reply.objects.filter(thread=OuterRef("pk"), hidden_at__isnull=True)
        .filter(created_at__gt=OuterRef("since_read"))
        .exclude(author_id=user.pk)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(since_read=since).annotate(
        unread=Coalesce(Subquery(replies, output_field=IntegerField()), 0),
        unopened=Case(
            When(
                Q(read_at__isnull=True) & (Q(author__isnull=True) | ~Q(author_id=user.pk)),
                then=Value(True),
            ),
            default=Value(False),
        ),
    )


def unread_in(user: Any, community: Community) -> Unread:
    """What `user` has not read in `community`, in one query after the membership's (none
    for anyone not an active member)."""
    joined = joined_at(user, community)
    if joined is None:
        return Unread()
    return _totals(
        annotate_unread(
            Thread.objects.filter(community=community, hidden_at__isnull=True), user, joined
        )
    )


def for_list(user: Any, community: Community, standing: Standing) -> tuple[QuerySet[Any], Unread]:
    """The group's conversation list for `user` with each thread's unread markers, and
    their totals for the line above it (no markers for anyone not an active member)."""
    threads = threads_for(user, community, standing)
    joined = joined_at(user, community)
    if joined is None:
        return threads, Unread()
    threads = annotate_unread(threads, user, joined)
    return threads, _totals(
        annotate_unread(
            Thread.objects.filter(community=community, hidden_at__isnull=True), user, joined
        )
    )


def _totals(qs: QuerySet[Any]) -> Unread:
    """Summed in Python over one row per thread: one query, and the same numbers as the
    list's markers whatever the database."""
    replies = threads = unopened = 0
    for count, never in qs.order_by().values_list("unread", "unopened"):
        replies += count if not never else 0
        threads += 1 if count or never else 0
        unopened += 1 if never else 0
    return Unread(replies=replies, threads=threads, unopened=unopened)


def open_thread(user: Any, thread: Thread, replies: Iterable[Reply]) -> int | None:
    """`user` opens `thread` (its `replies` prefetched): the first reply they had not read
    yet, by pk, for the "New" divider (None when nothing is new), and everything on it is
    read from now. Two queries (one to read, one to write), however many replies. Only
    active members are remembered; anyone else gets None."""
    marker = ThreadRead.objects.filter(user_id=user.pk, thread=thread)
    row = (
        Membership.objects.filter(
            user_id=user.pk, community_id=thread.community_id, status=Membership.Status.ACTIVE
        )
        .annotate(
            marker_id=Subquery(marker.values("pk")[:1]),
            read_at=Subquery(marker.values("read_at")[:1]),
        )
        .values_list("agreement_accepted_at", "requested_at", "marker_id", "read_at")
        .first()
    )
    if row is None:
        return None
    accepted, requested, marker_id, read_at = row
    now = timezone.now()
    since = read_at if read_at is not None else max(accepted or requested, requested)
    first = next(
        (
            r.pk
            for r in replies
            if r.created_at > since and not r.is_hidden and r.author_id != user.pk
        ),
        None,
    )
    if marker_id is None:
        ThreadRead.objects.bulk_create(
            [ThreadRead(user_id=user.pk, thread=thread, read_at=now)], ignore_conflicts=True
        )
    else:
        ThreadRead.objects.filter(pk=marker_id).update(read_at=now)
    return first


def do_mark_thread_read(*, user: Any, thread: Thread) -> None:
    """Everything in `thread` is read as of now (already authorised: an active member)."""
    _mark(user, [thread.pk], timezone.now())


def do_mark_all_read(*, user: Any, community: Community) -> None:
    """Everything in `community` is read as of now, thread by thread and for the group's
    "since your last visit" (already authorised: an active member). Three queries however
    many threads."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Thread.objects.filter(community=community, hidden_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        _mark(user, ids, now)
        do_mark_group_read(user=user, community=community)


def _mark(user: Any, thread_ids: list[int], now: dt.datetime) -> None:
    ThreadRead.objects.bulk_create(
        [ThreadRead(user_id=user.pk, thread_id=pk, read_at=now) for pk in thread_ids],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["read_at"],
    )


def forget_reads_in(*, user_id: int, community_id: int) -> None:
    """Someone left the group: what they had read there describes only them, and goes."""
    ThreadRead.objects.filter(user_id=user_id, thread__community_id=community_id).delete()
