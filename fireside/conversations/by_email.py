"""Reply by email to a thread (fireside.inbound): an answer to news of a thread, a reply or a
mention in either is a reply in that thread, written through check_reply as on the web. THINK
is the web form's prompt, so it does not apply; the agreement and membership checks do. Its
attachments are posted as uploads (conversations.attachments, fireside.inbound.attached)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.conversations.access import get_thread_for
from fireside.conversations.attachments import check_reply
from fireside.conversations.models import Reply
from fireside.inbound import registry
from fireside.lib.errors import NotAllowed

CODE = "t"


def post_reply(person: User, thread_id: int, text: str, files: list[UploadedFile]) -> str:
    """The email's attachments go with it, through the web's checks: one refused, and
    nothing is posted (as on the web, which refuses the whole post)."""
    thread, _standing = get_thread_for(person, thread_id)
    if thread.is_hidden:  # its author and the facilitators still see it, but not by email
        raise NotAllowed(_("This thread is hidden: it takes no replies by email."))
    return check_reply(author=person, thread=thread, body=text, files=files).get_absolute_url()


def _thread_of_reply(reply_id: int) -> int | None:
    return Reply.objects.filter(pk=reply_id).values_list("thread_id", flat=True).first()


def register_all() -> None:
    registry.register(
        CODE, post_reply, {"thread": lambda thread_id: thread_id, "reply": _thread_of_reply}
    )
