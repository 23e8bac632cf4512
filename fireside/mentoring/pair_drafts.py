"""What one person of a peer pair is writing to the others and has not sent yet (issue 21,
part 7): kept on the server as they type, so it is there on another device.

A pair draft is its writer's alone: read and written only by them, for a pair where their
seat is still open (the caller got the pairing through get_pairing_for, which shows a pair
to its people only); never to the partner, nor to facilitators, mentors, coordinators,
operators or the admin site (PairDraft is not registered there). It goes when they send the
message, discard it, or the pair ends (actions.do_end_pairing), and with their account.

Why a model of its own rather than conversations' Draft: a conversation draft belongs to a
group or a thread, a pair draft to a pairing, and a model with either key would let one
place's rules (a group's members, a pair's seats) leak into the other's queries. What the
two share is the text's rules, the preview and quoting, in fireside/lib/editor.py.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Section, register, rows
from fireside.lib import editor
from fireside.mentoring.message_models import BODY_MAX, PairDraft, PairMessage
from fireside.mentoring.models import Pairing
from fireside.mentoring.pair_messages import check_open_seat


def draft_for(user: Any, pairing: Pairing) -> PairDraft | None:
    """Their draft for this pair, or None."""
    if not getattr(user, "pk", None):
        return None
    return PairDraft.objects.filter(user_id=user.pk, pairing=pairing).first()


def check_save_draft(*, user: User, pairing: Pairing, body: object) -> PairDraft | None:
    """Keep what they wrote so far, while their seat is open. Nothing written: no draft."""
    editor.may_save_draft(user)
    text = editor.draft_text(body, "body", BODY_MAX, _("The message"))
    check_open_seat(user, pairing)
    if not text.strip():
        do_discard_draft(user=user, pairing=pairing)
        return None
    mine: dict[str, Any] = {"user_id": user.pk, "pairing": pairing}
    fields: dict[str, Any] = {"body": text, "updated_at": timezone.now()}
    try:
        with transaction.atomic():
            draft, _created = PairDraft.objects.update_or_create(**mine, defaults=fields)
    except IntegrityError:  # two saves from two tabs at once: the later one wins
        PairDraft.objects.filter(**mine).update(**fields)
        draft = PairDraft.objects.get(**mine)
    return draft


def do_discard_draft(*, user: Any, pairing: Pairing | int) -> bool:
    return bool(PairDraft.objects.filter(user_id=user.pk, pairing=pairing).delete()[0])


def check_preview(*, user: User, body: object) -> SafeString:
    """The sanitised HTML a message with this text would show."""
    return editor.check_preview(user=user, body=body, limit=BODY_MAX)


def quoted(user: User, pairing: Pairing, value: str) -> str:
    """`?quote=message-12`: that message of this pair, quoted, or "" for any other."""
    kind, _sep, pk = value.partition("-")
    if kind != "message" or not pk.isdigit():
        return ""
    message = (
        PairMessage.objects.filter(pairing=pairing, pk=int(pk)).select_related("author").first()
    )
    return editor.quoted(message.author, message.body) if message is not None else ""


# --- Personal data -------------------------------------------------------------------------


def erase_for(user: User) -> None:
    PairDraft.objects.filter(user=user).delete()


def register_all() -> None:
    register(
        app="mentoring.pair_drafts",
        sections=(
            Section(
                "peer_message_drafts",
                lambda user: rows(
                    PairDraft.objects.filter(user=user).order_by("pk"),
                    "pairing_id",
                    "body",
                    "updated_at",
                ),
                claims=(Claim("mentoring.PairDraft", ("user",), ("body",)),),
            ),
        ),
        erase=erase_for,
        erase_order=20,
    )
