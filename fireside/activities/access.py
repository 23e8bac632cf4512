"""A round, a card, a practice or a piece of feedback is inside its gathering's group: the
group's standing decides (fireside/communities/access.py): 404 to outsiders, 403 to those
who know the group's inside but may not do this."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from fireside.activities.models import Card, Practice, PracticeFeedback, Round
from fireside.communities.access import Need, Standing, require, resolve_standing

GATHERING = "gathering__community__program"


def get_round_for(user: Any, pk: int, need: Need) -> tuple[Round, Standing]:
    found = get_object_or_404(Round.objects.select_related(GATHERING), pk=pk)
    return found, require(resolve_standing(user, found.gathering.community), need)


def get_card_for(user: Any, pk: int, need: Need) -> tuple[Card, Standing]:
    found = get_object_or_404(Card.objects.select_related(f"round__{GATHERING}"), pk=pk)
    return found, require(resolve_standing(user, found.round.gathering.community), need)


def get_practice_for(user: Any, pk: int, need: Need) -> tuple[Practice, Standing]:
    found = get_object_or_404(Practice.objects.select_related(GATHERING, "presenter"), pk=pk)
    return found, require(resolve_standing(user, found.gathering.community), need)


def get_feedback_for(user: Any, pk: int, need: Need) -> tuple[PracticeFeedback, Standing]:
    found = get_object_or_404(
        PracticeFeedback.objects.select_related(f"practice__{GATHERING}"), pk=pk
    )
    return found, require(resolve_standing(user, found.practice.gathering.community), need)
