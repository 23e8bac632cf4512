"""Writing comfortably, an extension of api-v1.md (docs/api.md): a person's own draft of a
new thread in a group or of a reply to a thread, and the preview of a post's Markdown."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from fireside.api.core import me
from fireside.communities.access import get_community_for
from fireside.communities.models import Community
from fireside.conversations import drafts
from fireside.conversations.access import get_thread_for
from fireside.conversations.models import Draft, Thread

router = Router(tags=["drafts"])


class DraftIn(Schema):
    title: str = ""
    body: str = ""


class PreviewIn(Schema):
    body: str


def _out(draft: Draft | None) -> dict[str, Any]:
    """No draft reads as an empty one: a client fills its form with whatever comes back."""
    return {
        "title": draft.title if draft else "",
        "body": draft.body if draft else "",
        "updated_at": draft.updated_at if draft else None,
    }


def _group(request: HttpRequest, community_id: int) -> Community:
    return get_community_for(me(request), community_id, "content")[0]


def _thread(request: HttpRequest, thread_id: int) -> Thread:
    return get_thread_for(me(request), thread_id)[0]


@router.get("/communities/{community_id}/draft")
def get_thread_draft(request: HttpRequest, community_id: int) -> dict[str, Any]:
    """My draft of a new thread in this group."""
    community = _group(request, community_id)
    return _out(drafts.draft_for(me(request), community, None))


@router.put("/communities/{community_id}/draft")
def put_thread_draft(request: HttpRequest, community_id: int, data: DraftIn) -> dict[str, Any]:
    """Keep it (an empty title and body delete it). 413 far over the limits, 422 over them."""
    community = _group(request, community_id)
    draft = drafts.check_save_draft(
        user=me(request), community=community, thread=None, title=data.title, body=data.body
    )
    return _out(draft)


@router.delete("/communities/{community_id}/draft", response={204: None})
def delete_thread_draft(request: HttpRequest, community_id: int) -> Status:
    community = _group(request, community_id)
    drafts.do_discard_draft(user=me(request), community=community, thread=None)
    return Status(204, None)


@router.get("/threads/{thread_id}/draft")
def get_reply_draft(request: HttpRequest, thread_id: int) -> dict[str, Any]:
    """My draft of a reply to this thread."""
    thread = _thread(request, thread_id)
    return _out(drafts.draft_for(me(request), thread.community_id, thread))


@router.put("/threads/{thread_id}/draft")
def put_reply_draft(request: HttpRequest, thread_id: int, data: DraftIn) -> dict[str, Any]:
    """Keep it (an empty body deletes it; a reply has no title)."""
    thread = _thread(request, thread_id)
    draft = drafts.check_save_draft(
        user=me(request), community=thread.community, thread=thread, title="", body=data.body
    )
    return _out(draft)


@router.delete("/threads/{thread_id}/draft", response={204: None})
def delete_reply_draft(request: HttpRequest, thread_id: int) -> Status:
    thread = _thread(request, thread_id)
    drafts.do_discard_draft(user=me(request), community=thread.community_id, thread=thread)
    return Status(204, None)


@router.post("/communities/{community_id}/preview")
def preview(request: HttpRequest, community_id: int, data: PreviewIn) -> dict[str, Any]:
    """The sanitised HTML a post with this Markdown would show in this group."""
    _group(request, community_id)
    return {"body_html": drafts.check_preview(user=me(request), body=data.body)}
