"""The reflection practices of a gathering (fireside/activities): the cards of a "more or
less" round (read grouped, add one) and the feedback on a practice session (read, give).
For the group's active members only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from fireside.activities import more_or_less, practices
from fireside.activities.access import get_practice_for, get_round_for
from fireside.activities.models import Practice, Round
from fireside.api.core import me

router = Router(tags=["activities"])


class CardIn(Schema):
    side: str
    text: str


class FeedbackIn(Schema):
    worked: str = ""
    to_try: str = ""
    named: bool = True


def _groups(groups: list[more_or_less.Group]) -> list[dict[str, Any]]:
    return [{"text": g.text, "count": g.count, "also": g.texts} for g in groups]


def _round_out(found: Round, user: Any) -> dict[str, Any]:
    grouped = more_or_less.grouped(found)
    return {
        "id": found.pk,
        "gathering": found.gathering_id,
        "topic": found.topic,
        "open": found.is_open,
        "cards": grouped.cards,
        "more": _groups(grouped.more),
        "less": _groups(grouped.less),
        "mine": [
            {"id": c.pk, "side": c.side, "text": c.text} for c in more_or_less.cards_of(user, found)
        ],
    }


@router.get("/more-or-less/{round_id}/cards")
def list_cards(request: HttpRequest, round_id: int) -> dict[str, Any]:
    user = me(request)
    found, _standing = get_round_for(user, round_id, "content")
    return _round_out(found, user)


@router.post("/more-or-less/{round_id}/cards", response={201: dict})
def add_card(request: HttpRequest, round_id: int, payload: CardIn) -> Status:
    user = me(request)
    found, _standing = get_round_for(user, round_id, "content")
    card = more_or_less.check_add_card(user=user, round=found, side=payload.side, text=payload.text)
    return Status(201, {"id": card.pk, "side": card.side, "text": card.text})


def _practice_out(found: Practice, user: Any, moderator: bool) -> dict[str, Any]:
    mine = found.presenter_id == user.pk
    return {
        "id": found.pk,
        "gathering": found.gathering_id,
        "title": found.title,
        "description": found.description,
        "wanted": found.wanted,
        "presenter": found.presenter.display_name if found.presenter else None,
        "feedback": [
            {
                "id": f.pk,
                "author": (f.author.display_name if f.author else None) if f.named else None,
                "worked": f.worked,
                "to_try": f.to_try,
                "helpful": f.helpful if mine or f.author_id == user.pk else None,
                "hidden": f.is_hidden,
                "created_at": f.created_at,
            }
            for f in practices.feedback_for(user, found, moderator=moderator)
        ],
    }


@router.get("/practices/{practice_id}/feedback")
def list_feedback(request: HttpRequest, practice_id: int) -> dict[str, Any]:
    user = me(request)
    found, standing = get_practice_for(user, practice_id, "content")
    return _practice_out(found, user, standing.is_facilitator)


@router.post("/practices/{practice_id}/feedback", response={201: dict})
def give_feedback(request: HttpRequest, practice_id: int, payload: FeedbackIn) -> Status:
    user = me(request)
    found, _standing = get_practice_for(user, practice_id, "content")
    given = practices.check_give_feedback(
        user=user, practice=found, worked=payload.worked, to_try=payload.to_try, named=payload.named
    )
    return Status(
        201,
        {"id": given.pk, "worked": given.worked, "to_try": given.to_try, "named": given.named},
    )
