"""What a member has not read in a group, and the group's THINK setting: extensions of the
"Between gatherings" section of api-v1.md (documented in docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Schema

from fireside.api.core import me
from fireside.communities.access import get_community_for
from fireside.communities.models import Think
from fireside.conversations import unread
from fireside.conversations.access import get_thread_for
from fireside.conversations.think import check_set_think

router = Router(tags=["conversations"])


class ThinkIn(Schema):
    think: Think


@router.get("/communities/{community_id}/unread")
def group_unread(request: HttpRequest, community_id: int) -> dict[str, Any]:
    """The member's unread totals in the group, and each thread with anything unread."""
    user = me(request)
    community, standing = get_community_for(user, community_id, "content")
    threads, totals = unread.for_list(user, community, standing)
    rows = [
        {"thread": row["pk"], "unread": row["unread"], "opened": not row["unopened"]}
        for row in threads.filter(hidden_at__isnull=True)
        .filter(Q(unread__gt=0) | Q(unopened=True))
        .values("pk", "unread", "unopened")
    ]
    return {
        "replies": totals.replies,
        "threads": totals.threads,
        "unopened": totals.unopened,
        "per_thread": rows,
    }


@router.post("/communities/{community_id}/read")
def mark_group_read(request: HttpRequest, community_id: int) -> dict[str, Any]:
    user = me(request)
    community, _ = get_community_for(user, community_id, "content")
    unread.do_mark_all_read(user=user, community=community)
    return {"replies": 0, "threads": 0, "unopened": 0, "per_thread": []}


@router.post("/threads/{thread_id}/read")
def mark_thread_read(request: HttpRequest, thread_id: int) -> dict[str, Any]:
    user = me(request)
    thread, _ = get_thread_for(user, thread_id)
    unread.do_mark_thread_read(user=user, thread=thread)
    return {"thread": thread.pk, "unread": 0, "opened": True}


@router.get("/communities/{community_id}/think")
def get_think(request: HttpRequest, community_id: int) -> dict[str, Any]:
    community, _ = get_community_for(me(request), community_id, "content")
    return {"think": community.think}


@router.put("/communities/{community_id}/think")
def set_think(request: HttpRequest, community_id: int, payload: ThinkIn) -> dict[str, Any]:
    community, _ = get_community_for(me(request), community_id, "facilitate")
    check_set_think(actor=me(request), community=community, think=payload.think)
    return {"think": community.think}
