"""Threads are inside their community: its standing decides (fireside/communities/access.py).
Hidden posts stay visible to their author and the facilitators only."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from fireside.communities.access import Standing, require, resolve_standing
from fireside.communities.models import Community
from fireside.conversations.models import Reply, Thread
from fireside.lib.errors import Refused


def _visible(qs: QuerySet[Any], user: Any, standing: Standing) -> QuerySet[Any]:
    if standing.is_facilitator:
        return qs
    return qs.filter(Q(hidden_at__isnull=True) | Q(author_id=user.pk))


def threads_for(user: Any, community: Community, standing: Standing) -> QuerySet[Thread]:
    """The community's threads this person may read, newest activity first."""
    return _visible(
        Thread.objects.filter(community=community)
        .select_related("author")
        .annotate(reply_count=Count("replies", filter=Q(replies__hidden_at__isnull=True))),
        user,
        standing,
    ).order_by("-last_activity_at", "-pk")


def get_thread_for(user: Any, pk: int, need: str = "content") -> tuple[Thread, Standing]:
    thread = get_object_or_404(
        Thread.objects.select_related("author", "community__program").prefetch_related(
            Prefetch("replies", queryset=Reply.objects.select_related("author"))
        ),
        pk=pk,
    )
    standing = require(resolve_standing(user, thread.community), need)
    if thread.is_hidden and not (standing.is_facilitator or thread.author_id == user.pk):
        raise Refused(404)
    return thread, standing


def get_reply_for(user: Any, pk: int, need: str = "content") -> tuple[Reply, Standing]:
    reply = get_object_or_404(
        Reply.objects.select_related("author", "thread__community__program"), pk=pk
    )
    standing = require(resolve_standing(user, reply.thread.community), need)
    if reply.is_hidden and not (standing.is_facilitator or reply.author_id == user.pk):
        raise Refused(404)
    return reply, standing
