"""The reflection practices of a gathering (fireside/activities), through the same actions
as the web: "more or less" rounds (open, close, put a group of cards on the next agenda)
and their cards (read grouped, add, change or delete one's own); practice sessions
(present) and their feedback (read, give, change or delete one's own, hide). For the
group's active members only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fireside.activities import more_or_less, practices
from fireside.activities.access import (
    get_card_for,
    get_feedback_for,
    get_practice_for,
    get_round_for,
)
from fireside.activities.models import Card, Practice, PracticeFeedback, Round
from fireside.api.core import me
from fireside.gatherings.access import get_gathering_for
from fireside.gatherings.models import AgendaItem, Gathering
from fireside.lib.errors import InvalidInput

router = Router(tags=["activities"])


class CardIn(Schema):
    side: str
    text: str


class FeedbackIn(Schema):
    worked: str = ""
    to_try: str = ""
    named: bool = True


class RoundIn(Schema):
    topic: str = ""
    agenda_item: int | None = None


class PracticeIn(Schema):
    title: str
    description: str
    wanted: str = ""
    agenda_item: int | None = None


class HideIn(Schema):
    hide: bool = True


class AgendaIn(Schema):
    side: str
    key: str
    topic: str


def _item(gathering: Gathering, pk: int | None) -> AgendaItem | None:
    """The gathering's agenda item of that number; another gathering's counts as unknown."""
    if pk is None:
        return None
    found = AgendaItem.objects.filter(pk=pk, gathering=gathering).first() if pk > 0 else None
    if found is None:
        raise InvalidInput(
            _("This agenda item is not on this gathering's agenda."),
            {"agenda_item": [_("Not on this gathering's agenda.")]},
        )
    return found


def _round_summary(found: Round) -> dict[str, Any]:
    return {
        "id": found.pk,
        "gathering": found.gathering_id,
        "topic": found.topic,
        "open": found.is_open,
        "agenda_item": found.agenda_item_id,
    }


def _card(card: Card) -> dict[str, Any]:
    return {"id": card.pk, "side": card.side, "text": card.text}


@router.get("/gatherings/{gathering_id}/more-or-less")
def list_rounds(request: HttpRequest, gathering_id: int) -> list[dict[str, Any]]:
    gathering, _standing = get_gathering_for(me(request), gathering_id, "content")
    return [_round_summary(r) for r in gathering.more_or_less_rounds.all()]


@router.post("/gatherings/{gathering_id}/more-or-less", response={201: dict})
def open_round(request: HttpRequest, gathering_id: int, payload: RoundIn) -> Status:
    user = me(request)
    gathering, _standing = get_gathering_for(user, gathering_id, "content")
    found = more_or_less.check_open_round(
        actor=user,
        gathering=gathering,
        topic=payload.topic,
        agenda_item=_item(gathering, payload.agenda_item),
    )
    return Status(201, _round_summary(found))


@router.post("/more-or-less/{round_id}/close")
def close_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    user = me(request)
    found, _standing = get_round_for(user, round_id, "content")
    return _round_summary(more_or_less.check_close_round(actor=user, round=found))


@router.post("/more-or-less/{round_id}/agenda")
def to_agenda(request: HttpRequest, round_id: int, payload: AgendaIn) -> dict[str, Any]:
    user = me(request)
    found, _standing = get_round_for(user, round_id, "content")
    coming = more_or_less.check_to_agenda(
        actor=user, round=found, side=payload.side, key=payload.key, topic=payload.topic
    )
    return {
        "gathering": coming.pk,
        "agenda": [{"topic": a.topic, "activity": a.activity} for a in coming.agenda.all()],
    }


@router.put("/more-or-less/cards/{card_id}")
def edit_card(request: HttpRequest, card_id: int, payload: CardIn) -> dict[str, Any]:
    user = me(request)
    card, _standing = get_card_for(user, card_id, "content")
    return _card(
        more_or_less.check_edit_card(user=user, card=card, side=payload.side, text=payload.text)
    )


@router.delete("/more-or-less/cards/{card_id}", response={204: None})
def delete_card(request: HttpRequest, card_id: int) -> Status:
    user = me(request)
    card, _standing = get_card_for(user, card_id, "content")
    more_or_less.check_delete_card(user=user, card=card)
    return Status(204, None)


def _groups(groups: list[more_or_less.Group]) -> list[dict[str, Any]]:
    return [
        {"side": g.side, "key": g.key, "text": g.text, "count": g.count, "also": g.texts}
        for g in groups
    ]


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
        "mine": [_card(c) for c in more_or_less.cards_of(user, found)],
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
    return Status(201, _card(card))


def _practice_summary(found: Practice) -> dict[str, Any]:
    return {
        "id": found.pk,
        "gathering": found.gathering_id,
        "agenda_item": found.agenda_item_id,
        "title": found.title,
        "description": found.description,
        "wanted": found.wanted,
        "presenter": found.presenter.display_name if found.presenter else None,
    }


@router.get("/gatherings/{gathering_id}/practices")
def list_practices(request: HttpRequest, gathering_id: int) -> list[dict[str, Any]]:
    gathering, _standing = get_gathering_for(me(request), gathering_id, "content")
    return [_practice_summary(p) for p in practices.practices_of(gathering)]


@router.post("/gatherings/{gathering_id}/practices", response={201: dict})
def present(request: HttpRequest, gathering_id: int, payload: PracticeIn) -> Status:
    user = me(request)
    gathering, _standing = get_gathering_for(user, gathering_id, "content")
    found = practices.check_present(
        user=user,
        gathering=gathering,
        title=payload.title,
        description=payload.description,
        wanted=payload.wanted,
        agenda_item=_item(gathering, payload.agenda_item),
    )
    return Status(201, _practice_summary(found))


def _feedback(given: PracticeFeedback) -> dict[str, Any]:
    return {
        "id": given.pk,
        "worked": given.worked,
        "to_try": given.to_try,
        "named": given.named,
        "hidden": given.is_hidden,
    }


@router.put("/practice-feedback/{feedback_id}")
def edit_feedback(request: HttpRequest, feedback_id: int, payload: FeedbackIn) -> dict[str, Any]:
    user = me(request)
    given, _standing = get_feedback_for(user, feedback_id, "content")
    practices.check_edit_feedback(
        user=user, feedback=given, worked=payload.worked, to_try=payload.to_try, named=payload.named
    )
    return _feedback(given)


@router.delete("/practice-feedback/{feedback_id}", response={204: None})
def delete_feedback(request: HttpRequest, feedback_id: int) -> Status:
    user = me(request)
    given, _standing = get_feedback_for(user, feedback_id, "content")
    practices.check_delete_feedback(user=user, feedback=given)
    return Status(204, None)


@router.post("/practice-feedback/{feedback_id}/hide")
def hide_feedback(request: HttpRequest, feedback_id: int, payload: HideIn) -> dict[str, Any]:
    user = me(request)
    given, _standing = get_feedback_for(user, feedback_id, "content")
    practices.check_hide(actor=user, feedback=given, hide=payload.hide)
    return _feedback(given)


def _practice_out(found: Practice, user: Any, moderator: bool) -> dict[str, Any]:
    mine = found.presenter_id == user.pk
    return {
        **_practice_summary(found),
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
    return _practice_out(found, user, standing.is_facilitator or found.presenter_id == user.pk)


@router.post("/practices/{practice_id}/feedback", response={201: dict})
def give_feedback(request: HttpRequest, practice_id: int, payload: FeedbackIn) -> Status:
    user = me(request)
    found, _standing = get_practice_for(user, practice_id, "content")
    given = practices.check_give_feedback(
        user=user, practice=found, worked=payload.worked, to_try=payload.to_try, named=payload.named
    )
    return Status(201, _feedback(given))
