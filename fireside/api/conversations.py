"""Threads and replies from the "Between gatherings" section of api-v1.md."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from fireside.api.core import PageQuery, me, paginate
from fireside.communities.access import get_community_for
from fireside.conversations import actions
from fireside.conversations.access import get_thread_for, threads_for
from fireside.conversations.models import Kind, Reply, Thread

router = Router(tags=["conversations"])


class ThreadIn(Schema):
    title: str
    body: str
    kind: Kind


class ReplyIn(Schema):
    body: str


def _author(post: Thread | Reply) -> dict[str, Any] | None:
    if post.author is None:
        return None
    return {"id": post.author_id, "name": post.author.display_name}


def _post(post: Thread | Reply) -> dict[str, Any]:
    """A hidden post shows its text only to its author and the facilitators (who get here
    only if they may see it); the reason is always there."""
    return {
        "id": post.pk,
        "body": post.body,
        "body_html": post.body_html,
        "author": _author(post),
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "hidden": post.is_hidden,
        "hidden_reason": post.hidden_reason,
    }


def thread_out(t: Thread) -> dict[str, Any]:
    return {
        **_post(t),
        "title": t.title,
        "kind": t.kind,
        "community": t.community_id,
        "last_activity_at": t.last_activity_at,
        "settled": t.is_settled,
        "reply_count": getattr(t, "reply_count", None),
    }


@router.post("/communities/{community_id}/threads", response={201: dict})
def start_thread(request: HttpRequest, community_id: int, payload: ThreadIn) -> Status:
    community, _ = get_community_for(me(request), community_id, "content")
    thread = actions.check_start_thread(author=me(request), community=community, **payload.dict())
    return Status(201, thread_out(thread))


@router.get("/communities/{community_id}/threads")
def list_threads(request: HttpRequest, community_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    community, standing = get_community_for(me(request), community_id, "content")
    return paginate(threads_for(me(request), community, standing), page, thread_out)


@router.get("/threads/{thread_id}")
def get_thread(request: HttpRequest, thread_id: int) -> dict[str, Any]:
    user = me(request)
    thread, standing = get_thread_for(user, thread_id)
    replies = [
        _post(r)
        if not r.is_hidden or standing.is_facilitator or r.author_id == user.pk
        else {**_post(r), "body": "", "body_html": ""}
        for r in thread.replies.all()
    ]
    return {**thread_out(thread), "replies": replies}


@router.post("/threads/{thread_id}/replies", response={201: dict})
def reply(request: HttpRequest, thread_id: int, payload: ReplyIn) -> Status:
    thread, _ = get_thread_for(me(request), thread_id)
    created = actions.check_reply(author=me(request), thread=thread, body=payload.body)
    return Status(201, {**_post(created), "thread": thread.pk})
