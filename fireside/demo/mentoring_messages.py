"""Demo data: a short, friendly exchange in one pair's message thread (see mentoring.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fireside.lib.markdown import render_markdown
from fireside.mentoring.message_models import PairMessage, PairMessageRead
from fireside.mentoring.models import Pairing

# (which partner writes, hours before now, the words)
EXCHANGE = [
    (0, 50, "Hi! The unit on fractions went sideways today. Do you have ten minutes this week?"),
    (1, 47, "Always. Thursday after the bell? I can bring the **number line cards** I made."),
    (0, 46, "Thursday works. Thank you, truly: I was ready to start the whole unit over."),
    (1, 3, "Lovely talk today. Try the cards with the small group first and tell me how it goes."),
]


def seed_pair_messages(pairing: Pairing) -> int:
    """The pair's first two people write each other; the last message is still new for the
    first of them, so the pair's page and their home show it."""
    people = pairing.users()
    if len(people) < 2:
        return 0
    now = timezone.now()
    made = []
    for who, hours, words in EXCHANGE:
        message = PairMessage.objects.create(
            pairing=pairing, author=people[who], body=words, body_html=render_markdown(words)
        )
        PairMessage.objects.filter(pk=message.pk).update(created_at=now - dt.timedelta(hours=hours))
        made.append(message)
    for who, last in ((0, made[2]), (1, made[3])):
        PairMessageRead.objects.update_or_create(
            pairing=pairing, user=people[who], defaults={"last_id": last.pk, "read_at": now}
        )
    return len(made)
