"""Pair messages for the authorization guard and the leak test (fireside/lib/tests)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fireside.mentoring.message_models import PairMessage
from fireside.mentoring.models import Pairing

if TYPE_CHECKING:
    from fireside.lib.tests.leaks import Seeded


def make_message(pairing: Pairing, author: Any, body: str = "Hello") -> PairMessage:
    return PairMessage.objects.create(
        pairing=pairing, author=author, body=body, body_html=f"<p>{body}</p>"
    )


def guard_values(world: Any) -> dict[str, Any]:
    """Mina wrote to Fay, her partner (the guard's pair, mentoring.tests.factories)."""
    pairing = Pairing.objects.open().get(community=world.community, people=world.member)
    return {"message_id": make_message(pairing, world.member).pk}


def guard_message_body(world: Any) -> dict[str, Any]:
    return {"body": "Coffee on Thursday?"}


def seed_messages(world: Any, s: Seeded, pairing: Pairing) -> None:
    """Mina writes to Fay and Fay answers, through the action (so notices and emails are
    made as in real use): the two of them read both, nobody else either. Mina's draft of
    her next message is hers alone."""
    from fireside.mentoring.pair_drafts import check_save_draft
    from fireside.mentoring.pair_messages import check_send_message

    check_send_message(author=world.member, pairing=pairing, body=s.add("mentoring.pair_message"))
    check_send_message(
        author=world.facilitator, pairing=pairing, body=s.add("mentoring.pair_message_reply")
    )
    # What Mina is writing back and has not sent: hers alone, not even Fay's.
    check_save_draft(user=world.member, pairing=pairing, body=s.add("mentoring.pair_draft"))
