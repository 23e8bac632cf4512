"""What the reflection practices store about a person (see fireside/accounts/personal_data.py).

Exported: their own cards, the sessions they presented and the feedback they gave. Erased:
their cards (they describe the person's wishes and were never named) go; sessions and
feedback they wrote for the group stay its record, under "A former member"."""

from __future__ import annotations

from typing import Any

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register
from fireside.activities.models import Card, Practice, PracticeFeedback


def export_for(user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "more_or_less_cards": [
            {
                "round": c.round.topic,
                "side": c.side,
                "text": c.text,
                "created_at": c.created_at.isoformat(),
            }
            for c in Card.objects.filter(author=user).select_related("round")
        ],
        "sessions_presented": [
            {
                "title": p.title,
                "description": p.description,
                "wanted": p.wanted,
                "created_at": p.created_at.isoformat(),
            }
            for p in Practice.objects.filter(presenter=user)
        ],
        "feedback_given": [
            {
                "session": f.practice.title,
                "worked": f.worked,
                "to_try": f.to_try,
                "named": f.named,
                "created_at": f.created_at.isoformat(),
            }
            for f in PracticeFeedback.objects.filter(author=user).select_related("practice")
        ],
    }


def erase_for(user: User) -> None:
    Card.objects.filter(author=user).delete()


def register_all() -> None:
    register(
        app="activities",
        sections=(
            Section(
                "activities",
                export_for,
                claims=(
                    Claim("activities.Card", ("author",), ("text",)),
                    Claim(
                        "activities.Practice", ("presenter",), ("title", "description", "wanted")
                    ),
                    Claim("activities.PracticeFeedback", ("author",), ("worked", "to_try")),
                ),
            ),
        ),
        exempt=(
            Exempt(
                "activities.Round",
                ("opened_by", "topic"),
                "A round's topic is the group's, set by whoever facilitated; it says nothing "
                "about them.",
            ),
            Exempt(
                "activities.PracticeFeedback",
                ("hidden_by",),
                "Which facilitator hid feedback is the group's moderation record.",
            ),
        ),
        erase=erase_for,
        erase_order=40,
    )
