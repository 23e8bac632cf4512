"""Reflection practices for tests, made directly (no checks), and their rows for the
authorization guard and the leak test."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fireside.activities.models import Card, Practice, PracticeFeedback, Round

if TYPE_CHECKING:  # the leak test's module imports this one
    from fireside.lib.tests.leaks import Seeded


def make_round(gathering: Any, opened_by: Any, **fields: Any) -> Round:
    fields.setdefault("topic", "Our gatherings")
    return Round.objects.create(gathering=gathering, opened_by=opened_by, **fields)


def make_card(round: Round, author: Any, text: str = "Songs", side: str = "more") -> Card:
    return Card.objects.create(round=round, author=author, text=text, side=side)


def make_practice(gathering: Any, presenter: Any, **fields: Any) -> Practice:
    fields.setdefault("title", "Puppets at circle time")
    fields.setdefault("description", "A short puppet story, then the children try.")
    return Practice.objects.create(gathering=gathering, presenter=presenter, **fields)


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def guard_values(world: Any) -> dict[str, int]:
    """Fay opened a round at the gathering under way, where Mina added a card; Mina
    presents a session and Fay gave her feedback."""
    found = Round.objects.filter(gathering=world.gathering, topic="Guarded").first()
    if found is None:
        found = make_round(world.gathering, world.facilitator, topic="Guarded")
        make_card(found, world.member, "Guarded card")
    practice = Practice.objects.filter(gathering=world.gathering, title="Guarded").first()
    if practice is None:
        practice = make_practice(world.gathering, world.member, title="Guarded")
        PracticeFeedback.objects.create(practice=practice, author=world.facilitator, worked="w")
    return {
        "round_id": found.pk,
        "card_id": found.cards.get().pk,
        "practice_id": practice.pk,
        "feedback_id": practice.feedback.get().pk,
    }


def guard_card_body(world: Any) -> dict[str, Any]:
    return {"side": "more", "text": "Time outdoors"}


def guard_feedback_body(world: Any) -> dict[str, Any]:
    return {"worked": "The song at the start", "to_try": "Fewer puppets"}


def guard_practice_body(world: Any) -> dict[str, Any]:
    return {"title": "Shadow puppets", "description": "A torch, a sheet, and a story."}


def guard_to_agenda_body(world: Any) -> dict[str, Any]:
    """The guarded round's card goes on a gathering planned for next week."""
    import datetime as dt

    from django.utils import timezone

    from fireside.demo.factories import GatheringFactory

    GatheringFactory(community=world.community, starts_at=timezone.now() + dt.timedelta(days=7))
    return {"side": "more", "key": "guarded card", "topic": "More of: Guarded card"}


# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """Fay opens a round, Mina adds a card; Mina presents a session and Fay gives her
    feedback, through the actions (so Mina is notified as in real use)."""
    from fireside.activities import more_or_less, practices
    from fireside.lib.tests.leaks import Seeded

    s = Seeded()
    found = more_or_less.check_open_round(
        actor=world.facilitator, gathering=world.gathering, topic=s.add("activities.round_topic")
    )
    card = more_or_less.check_add_card(
        user=world.member, round=found, side="less", text=s.add("activities.card")
    )
    practice = practices.check_present(
        user=world.member,
        gathering=world.gathering,
        title=s.add("activities.practice_title"),
        description=s.add("activities.practice_description"),
        wanted=s.add("activities.practice_wanted"),
    )
    feedback = practices.check_give_feedback(
        user=world.facilitator,
        practice=practice,
        worked=s.add("activities.feedback_worked"),
        to_try=s.add("activities.feedback_to_try"),
    )
    s.paths.update(
        round_id=found.pk, card_id=card.pk, practice_id=practice.pk, feedback_id=feedback.pk
    )
    return s
