"""What is new in a member's groups since their last visit: threads, replies and resources
that others posted (what a person wrote themselves is never new to them), hidden posts left
out. Counted for active members only, the people who may read a group's content.

A visit (GroupVisit) is remembered when a member opens their group's home, its
conversations or a thread: at most once a minute, unless something was posted since the
last time (then at once, so nothing they have just seen is counted as new again). Two
moments are kept:
- `seen_at`, the last time they were there: their home counts what came after it;
- `new_since`, where the current visit's "new" begins (the end of the visit before it):
  the group's pages mark what came after it, so going from the group's home to its
  conversations does not clear the markers on the way. A page opened more than VISIT_GAP
  after the last one starts a new visit.
Before any visit, what is new counts from when they joined (accepted the agreement).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from fireside.communities.access import Standing
from fireside.communities.group_home import register_group_home
from fireside.communities.models import Community, Membership
from fireside.conversations.models import GroupVisit, Reply, Resource, Thread
from fireside.lib.prepared import Prepared

VISIT_GAP = dt.timedelta(minutes=30)
REFRESH = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class News:
    """What others posted in one group since a moment."""

    threads: int = 0
    replies: int = 0
    resources: int = 0

    @property
    def total(self) -> int:
        return self.threads + self.replies + self.resources


@dataclass(frozen=True)
class GroupNews:
    """One group's line in "New in your groups" on a member's home."""

    membership: Membership  # with its community
    news: News
    # The thread with news from others that moved last: the line's link goes straight there.
    newest_thread_id: int | None = None
    newest_thread_title: str = ""


@dataclass(frozen=True)
class Visit:
    """A member on one of their group's pages: where this visit's "new" begins (the
    conversation list marks what came after it), and on the group's home what is new
    since they were last there."""

    since: dt.datetime
    news: News | None = None


# --- Counting ------------------------------------------------------------------------------


def _by_others(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    # exclude() keeps posts whose author is gone (author NULL): a former member's words are
    # still new to everyone else.
    return qs.exclude(author_id=user.pk)


def _count(qs: QuerySet[Any], group_by: str) -> Coalesce:
    counted = qs.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _threads_since(user: Any, since: Any) -> QuerySet[Thread]:
    return _by_others(
        Thread.objects.filter(
            community=OuterRef("community_id"), created_at__gt=since, hidden_at__isnull=True
        ),
        user,
    )


def _replies_since(user: Any, since: Any) -> QuerySet[Reply]:
    return _by_others(
        Reply.objects.filter(
            thread__community=OuterRef("community_id"),
            created_at__gt=since,
            hidden_at__isnull=True,
            thread__hidden_at__isnull=True,
        ),
        user,
    )


def _resources_since(user: Any, since: Any) -> QuerySet[Resource]:
    return _by_others(
        Resource.objects.filter(community=OuterRef("community_id"), created_at__gt=since), user
    )


def _news_counts(user: Any, since_field: str = "since") -> dict[str, Any]:
    """Counts over a Membership queryset annotated with the moment `since_field`."""
    since = OuterRef(since_field)
    return {
        "new_threads": _count(_threads_since(user, since), "community"),
        "new_replies": _count(_replies_since(user, since), "thread__community"),
        "new_resources": _count(_resources_since(user, since), "community"),
    }


def _news(row: dict[str, Any]) -> News:
    return News(
        threads=row["new_threads"], replies=row["new_replies"], resources=row["new_resources"]
    )


def _visit(user: Any, field: str) -> Subquery:
    return Subquery(
        GroupVisit.objects.filter(user_id=user.pk, community=OuterRef("community_id")).values(
            field
        )[:1]
    )


def _joined() -> Coalesce:
    """When a member joined: they accepted the group's agreement then (older rows may
    lack it: when they asked for their seat)."""
    return Coalesce(F("agreement_accepted_at"), F("requested_at"))


def _since_joining(moment: Any) -> Greatest:
    """`moment` (a visit's, or else when they joined), never before this membership was
    asked for: someone who left and came back starts afresh, not from their old visits."""
    return Greatest(
        Coalesce(moment, _joined(), output_field=DateTimeField()),
        F("requested_at"),
        output_field=DateTimeField(),
    )


# --- A member's home -------------------------------------------------------------------------


def _news_rows(user_id: int) -> QuerySet[Membership, dict[str, Any]]:
    """What is new in each of the person's active groups since they were last there (built
    once per process: fireside.lib.prepared)."""
    user = SimpleNamespace(pk=user_id)
    started = Q(created_at__gt=OuterRef("since")) & (Q(author__isnull=True) | ~Q(author_id=user_id))
    replied = _by_others(
        Reply.objects.filter(
            thread=OuterRef("pk"),
            created_at__gt=OuterRef(OuterRef("since")),
            hidden_at__isnull=True,
        ),
        user,
    )
    moved = (
        Thread.objects.filter(community=OuterRef("community_id"), hidden_at__isnull=True)
        .filter(started | Exists(replied))
        .order_by("-last_activity_at", "-pk")
    )
    return (
        Membership.objects.filter(user_id=user_id, status=Membership.Status.ACTIVE)
        .annotate(seen_at=_visit(user, "seen_at"))
        .annotate(since=_since_joining(F("seen_at")))
        .annotate(
            **_news_counts(user),
            newest_thread_id=Subquery(moved.values("pk")[:1]),
            newest_thread_title=Subquery(moved.values("title")[:1]),
        )
        .values(
            "pk",
            "new_threads",
            "new_replies",
            "new_resources",
            "newest_thread_id",
            "newest_thread_title",
        )
    )


_NEWS = Prepared(_news_rows, user_id=int)


def news_for(user: Any, active: list[Membership]) -> list[GroupNews]:
    """What is new for `user` in each of these groups (their active memberships, with
    community, as `Places.active` has them) since they were last there, the groups with
    news only, in the order given. One query however many groups, none for no group."""
    if not active:
        return []
    rows = _NEWS.rows(user_id=user.pk)
    found = {row["pk"]: row for row in rows}
    news = []
    for membership in active:
        row = found.get(membership.pk)
        if row is None or not _news(row).total:
            continue
        news.append(
            GroupNews(
                membership=membership,
                news=_news(row),
                newest_thread_id=row["newest_thread_id"],
                newest_thread_title=row["newest_thread_title"] or "",
            )
        )
    return news


# --- A member on their group's pages ------------------------------------------------------


def _visit_row(
    user_id: int, community_id: int, gap_start: dt.datetime, *, count: bool
) -> QuerySet[Membership, dict[str, Any]]:
    """The member's row for open_group (built once per process: fireside.lib.prepared)."""
    user = SimpleNamespace(pk=user_id)
    starts_visit = Q(seen_at__lt=Value(gap_start, output_field=DateTimeField()))
    qs = (
        Membership.objects.filter(
            user_id=user_id, community_id=community_id, status=Membership.Status.ACTIVE
        )
        .annotate(
            visit_id=_visit(user, "pk"),
            seen_at=_visit(user, "seen_at"),
            new_since=_visit(user, "new_since"),
        )
        .annotate(
            # Anything posted since they were last here: then the visit is written at
            # once, so their home never counts again what they have just seen.
            threads_moved=Exists(
                Thread.objects.filter(
                    community=OuterRef("community_id"), last_activity_at__gt=OuterRef("seen_at")
                )
            ),
            resources_added=Exists(
                Resource.objects.filter(
                    community=OuterRef("community_id"), created_at__gt=OuterRef("seen_at")
                )
            ),
            since=_since_joining(
                Case(
                    When(starts_visit, then=F("seen_at")),
                    default=F("new_since"),
                    output_field=DateTimeField(),
                )
            ),
        )
    )
    if count:
        # What came since they were last on any of the group's pages, as on their home.
        qs = qs.annotate(last_seen=_since_joining(F("seen_at"))).annotate(
            **_news_counts(user, "last_seen")
        )
    return qs.values().order_by("pk")[:1]


_VISIT_ROW = {
    count: Prepared(
        functools.partial(_visit_row, count=count),
        user_id=int,
        community_id=int,
        gap_start=dt.datetime,
    )
    for count in (False, True)
}


def open_group(user: Any, community: Community, *, count: bool = False) -> Visit | None:
    """Remember that `user` opened one of `community`'s pages and say where this visit's
    "new" begins for them on it; with `count`, what is new since they were last on one of
    its pages (their home counts the same). One query to read (the visit, with the
    counts), at most one to write, none when the last write is recent and nothing was
    posted since. None for anyone not an active member: nothing is remembered for them."""
    now = timezone.now()
    found = _VISIT_ROW[count].rows(
        user_id=user.pk, community_id=community.pk, gap_start=now - VISIT_GAP
    )
    if not found:
        return None
    row = found[0]
    since = row["since"]
    _remember(user, community, row, now)
    return Visit(since=since, news=_news(row) if count else None)


def _remember(user: Any, community: Community, row: dict[str, Any], now: dt.datetime) -> None:
    seen_at = row["seen_at"]
    if row["visit_id"] is None:
        # Two first pages at once: the second insert is ignored, the first one stands.
        GroupVisit.objects.bulk_create(
            [GroupVisit(user=user, community=community, seen_at=now, new_since=row["since"])],
            ignore_conflicts=True,
        )
    elif seen_at < now - VISIT_GAP:
        GroupVisit.objects.filter(pk=row["visit_id"], seen_at=seen_at).update(
            seen_at=now, new_since=row["since"]
        )
    elif seen_at < now - REFRESH or row["threads_moved"] or row["resources_added"]:
        GroupVisit.objects.filter(pk=row["visit_id"]).update(seen_at=now)


def what_is_new(
    user: Any, community: Community, standing: Standing, membership: Membership | None
) -> Visit | None:
    """The group's home: what is new for this member since their last visit (and this
    visit remembered). Nothing for anyone who is not an active member."""
    return open_group(user, community, count=True) if standing.is_member else None


def register_all() -> None:
    register_group_home("conversations", what_is_new)


def do_mark_group_read(*, user: Any, community: Community) -> None:
    """Everything in the group is seen, as of now (already authorised: an active member)."""
    now = timezone.now()
    updated = GroupVisit.objects.filter(user_id=user.pk, community=community).update(
        seen_at=now, new_since=now
    )
    if not updated:
        GroupVisit.objects.bulk_create(
            [GroupVisit(user=user, community=community, seen_at=now, new_since=now)],
            ignore_conflicts=True,
        )
