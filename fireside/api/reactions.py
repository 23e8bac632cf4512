"""Reactions on threads and replies, and member suggestions for @mentions (extensions,
docs/api.md). Members of the post's group only, like the posts themselves."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from fireside.api.core import me
from fireside.communities.access import get_community_for
from fireside.conversations import mentions, reactions
from fireside.conversations.access import get_reply_for, get_thread_for
from fireside.conversations.models import Reply, Thread

router = Router(tags=["conversations"])


class ReactionIn(Schema):
    kind: str


class SuggestionQuery(Schema):
    q: str = ""


def _out(post: Thread | Reply, user: Any) -> dict[str, Any]:
    tallies = reactions.tallies_for([post], user).get(
        ("thread" if isinstance(post, Thread) else "reply", post.pk), []
    )
    return {"reactions": [asdict(t) for t in tallies]}


def _toggle(post: Thread | Reply, request: HttpRequest, kind: str) -> dict[str, Any]:
    user = me(request)
    on = reactions.check_toggle_reaction(user=user, post=post, kind=kind)
    return {"reacted": on, **_out(post, user)}


@router.get("/threads/{thread_id}/reactions")
def thread_reactions(request: HttpRequest, thread_id: int) -> dict[str, Any]:
    thread, _ = get_thread_for(me(request), thread_id)
    return _out(thread, me(request))


@router.post("/threads/{thread_id}/reactions")
def react_to_thread(request: HttpRequest, thread_id: int, payload: ReactionIn) -> dict[str, Any]:
    thread, _ = get_thread_for(me(request), thread_id)
    return _toggle(thread, request, payload.kind)


@router.get("/replies/{reply_id}/reactions")
def reply_reactions(request: HttpRequest, reply_id: int) -> dict[str, Any]:
    reply, _ = get_reply_for(me(request), reply_id)
    return _out(reply, me(request))


@router.post("/replies/{reply_id}/reactions")
def react_to_reply(request: HttpRequest, reply_id: int, payload: ReactionIn) -> dict[str, Any]:
    reply, _ = get_reply_for(me(request), reply_id)
    return _toggle(reply, request, payload.kind)


@router.get("/communities/{community_id}/mention-suggestions")
def mention_suggestions(
    request: HttpRequest, community_id: int, query: Query[SuggestionQuery]
) -> dict[str, Any]:
    community, _ = get_community_for(me(request), community_id, "content")
    return {"members": mentions.suggestions(community, me(request), query.q)}
