"""A pair's private message thread (docs/api.md, "Pair messages"): for the people of the pair
only; everyone else, facilitators and staff included, gets 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from fireside.accounts.models import User
from fireside.api.core import Id, PageQuery, me, paginate
from fireside.mentoring import pair_messages
from fireside.mentoring.access import get_pairing_for
from fireside.mentoring.message_models import PairMessage

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
