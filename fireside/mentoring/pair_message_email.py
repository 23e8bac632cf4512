"""Reply by email to a peer partner (fireside.inbound): an answer to "New message from …" is a
message in that pair's thread, sent through check_send_message as on the web (its words only:
pair messages have no attachments)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from fireside.accounts.models import User
from fireside.inbound import registry
from fireside.mentoring.access import get_pairing_for
from fireside.mentoring.message_models import PairMessage
from fireside.mentoring.pair_messages import SUBJECT, check_send_message, thread_url

CODE = "p"


def post_message(person: User, pairing_id: int, text: str, files: list[UploadedFile]) -> str:
    """Pair messages carry no files: an email's attachments are left out, its words posted."""
    pairing, _standing = get_pairing_for(person, pairing_id)
    check_send_message(author=person, pairing=pairing, body=text)
    return thread_url(pairing.pk)


def _pairing_of(message_id: int) -> int | None:
    return PairMessage.objects.filter(pk=message_id).values_list("pairing_id", flat=True).first()


def register_all() -> None:
    registry.register(CODE, post_message, {SUBJECT: _pairing_of})
