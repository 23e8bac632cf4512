"""A pair's private message thread (docs/api.md, "Pair messages"): for the people of the pair
only; everyone else, facilitators and staff included, gets 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from fireside.accounts.models import User
from fireside.api.core import Id, PageQuery, me, paginate
from fireside.mentoring import pair_drafts, pair_messages
from fireside.mentoring.access import get_pairing_for
from fireside.mentoring.message_models import PairDraft, PairMessage

router = Router(tags=["mentoring"])


class MessageIn(Schema):
    body: str = ""


class ReadIn(Schema):
    # Read up to this message (the latest when left out).
    up_to: Id | None = None


def message_out(m: PairMessage, reader: User) -> dict[str, Any]:
    return {
        "id": m.pk,
        "pairing_id": m.pairing_id,
        "author": (
            {"id": m.author_id, "name": m.author.display_name}
            if m.author is not None and m.author_id is not None
            else None
        ),
        "mine": m.author_id == reader.pk,
        "body": m.body,
        "body_html": str(m.body_html),
        "created_at": m.created_at,
        "edited_at": m.edited_at,
        "deletable_until": pair_messages.deletable_until(m) if m.author_id == reader.pk else None,
    }


@router.get("/pairings/{pairing_id}/messages")
def list_messages(request: HttpRequest, pairing_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """Newest first. Reading the list does not mark it read: POST …/messages/read does."""
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    listed = paginate(
        pair_messages.messages_of(pairing).order_by("-pk"),
        page,
        lambda m: message_out(m, user),
    )
    return {**listed, "unread": pair_messages.unread_count(user, pairing)}


@router.post("/pairings/{pairing_id}/messages", response={201: dict})
def send_message(request: HttpRequest, pairing_id: int, payload: MessageIn) -> Status:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    message = pair_messages.check_send_message(author=user, pairing=pairing, body=payload.body)
    return Status(201, message_out(message, user))


@router.post("/pairings/{pairing_id}/messages/read")
def mark_read(request: HttpRequest, pairing_id: int, payload: ReadIn) -> dict[str, Any]:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    return {"unread": pair_messages.do_mark_read(user=user, pairing=pairing, up_to=payload.up_to)}


@router.delete("/pair-messages/{message_id}", response={204: None})
def delete_message(request: HttpRequest, message_id: int) -> Status:
    user = me(request)
    message = pair_messages.get_message_to_delete(user, message_id)
    pair_messages.check_delete_message(user=user, message=message)
    return Status(204, None)


class DraftIn(Schema):
    body: str = ""


class PreviewIn(Schema):
    body: str


def _draft_out(draft: PairDraft | None) -> dict[str, Any]:
    """No draft reads as an empty one, as a group's drafts do (fireside/api/drafts.py)."""
    return {"body": draft.body if draft else "", "updated_at": draft.updated_at if draft else None}


@router.get("/pairings/{pairing_id}/messages/draft")
def get_draft(request: HttpRequest, pairing_id: int) -> dict[str, Any]:
    """My draft of the next message to the pair: mine alone, never the partner's."""
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    return _draft_out(pair_drafts.draft_for(user, pairing))


@router.put("/pairings/{pairing_id}/messages/draft")
def put_draft(request: HttpRequest, pairing_id: int, data: DraftIn) -> dict[str, Any]:
    """Keep it (an empty body deletes it). 413 far over the limit, 422 over it."""
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    return _draft_out(pair_drafts.check_save_draft(user=user, pairing=pairing, body=data.body))


@router.delete("/pairings/{pairing_id}/messages/draft", response={204: None})
def delete_draft(request: HttpRequest, pairing_id: int) -> Status:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    pair_drafts.do_discard_draft(user=user, pairing=pairing)
    return Status(204, None)


@router.post("/pairings/{pairing_id}/messages/preview")
def preview(request: HttpRequest, pairing_id: int, data: PreviewIn) -> dict[str, Any]:
    """The sanitised HTML a message with this Markdown would show."""
    user = me(request)
    get_pairing_for(user, pairing_id)
    return {"body_html": pair_drafts.check_preview(user=user, body=data.body)}
