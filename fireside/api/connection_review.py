"""Connections that can be trusted (docs/api.md, "Reviewing connections"): the partner of
whoever logged a connection confirms or disputes it; a facilitator of the group lists the
disputed ones (date, minutes, people, the dispute's note — never the writer's note) and
settles them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from fireside.api.core import me
from fireside.api.mentoring import connection_out
from fireside.communities.access import get_community_for
from fireside.mentoring import review
from fireside.mentoring.access import get_connection_to_review, get_dispute_to_settle

router = Router(tags=["mentoring"])


class DisputeIn(Schema):
    note: str = ""


class SettleIn(Schema):
    counts: Any = None  # true or false; anything else is a 400 from the action


@router.post("/connections/{connection_id}/confirm")
def confirm_connection(request: HttpRequest, connection_id: int) -> dict[str, Any]:
    user = me(request)
    connection = get_connection_to_review(user, connection_id)
    return connection_out(review.check_confirm_connection(user=user, connection=connection), user)


@router.post("/connections/{connection_id}/dispute")
def dispute_connection(
    request: HttpRequest, connection_id: int, payload: DisputeIn
) -> dict[str, Any]:
    user = me(request)
    connection = get_connection_to_review(user, connection_id)
    disputed = review.check_dispute_connection(user=user, connection=connection, note=payload.note)
    return connection_out(disputed, user)


@router.post("/connections/{disputed_id}/settle")
def settle_connection(request: HttpRequest, disputed_id: int, payload: SettleIn) -> dict[str, Any]:
    user = me(request)
    connection = get_dispute_to_settle(user, disputed_id)
    settled = review.check_settle_connection(
        actor=user, connection=connection, counts=payload.counts
    )
    return {**review.dispute_out(settled), "settled": True, "counts": settled.settled_counts}


@router.get("/communities/{community_id}/disputed-connections")
def disputed_connections(request: HttpRequest, community_id: int) -> dict[str, Any]:
    """For the group's facilitators: the disputed connections waiting to be settled."""
    user = me(request)
    community, _standing = get_community_for(user, community_id, "facilitate")
    return {"items": [review.dispute_out(c) for c in review.disputes_for([community.pk])]}
