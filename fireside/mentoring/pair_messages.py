"""A peer pair's private message thread (issue 20, part 3): the partners write each other,
see how many messages are new, and each message tells the other partner by their
notification settings.

Who reads: the people of the pair only (mentoring.access.get_pairing_for), current or former
seats of that pairing, while they have content standing in its group. Who writes: a person
whose seat is still open, in a pair that is still open. Nobody else ever reads a body:
facilitators, mentors, coordinators and operators get 404, the admin site does not list
messages, nothing is indexed for search and no report counts them.

Notifications and emails say "New message from <first name>", never the words: an email
leaves Fireside for inboxes a workplace may share or keep, and erasure cannot call it back.
(Reply by email, issue 21, will make that choice again, with its own template.)

A writer may delete their own message within DELETE_MINUTES, the time a partner usually
takes to notice it; messages are not edited. The editor (preview, drafts, quoting) came with
issue 21: pair_editor.py, pair_drafts.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fireside.accounts.models import ERASED_DOMAIN, User
from fireside.accounts.personal_data import Claim, Exempt, Section
from fireside.accounts.personal_data import register as register_personal_data
from fireside.communities.access import require, resolve_standing
from fireside.lib import ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, NotAllowed, Refused, TooMany
from fireside.lib.i18n import lazy_format
from fireside.lib.markdown import render_markdown
from fireside.lib.text import clean_text
from fireside.mentoring.message_models import BODY_MAX, PairMessage, PairMessageRead
from fireside.mentoring.models import Pairing, PairMember
from fireside.notifications.actions import notify
from fireside.notifications.models import Kind, Notification
from fireside.notifications.render import register as register_renderer
from fireside.notifications.render import told

DELETE_MINUTES = 15
# A person writes at most this many messages in RATE_WINDOW seconds: a chat at full speed
# stays well below it; a script sending a partner hundreds of emails does not.
RATE_LIMIT = 30
RATE_WINDOW = 10 * 60
SUBJECT = "pair_message"


def thread_url(pairing_id: int) -> str:
    return reverse("mentoring:messages", args=[pairing_id])


# --- Writing ---------------------------------------------------------------------------


def check_open_seat(user: User, pairing: Pairing) -> None:
    if not pairing.is_open:
        raise Conflict(_("This pair has ended: its messages stay here to read, not to answer."))
    if not any(m.user_id == user.pk and m.ended_on is None for m in pairing.members()):
        raise NotAllowed(_("You are no longer in this pair."))


def check_send_message(*, author: User, pairing: Pairing, body: object) -> PairMessage:
    """`author` writes to the rest of the pair (the caller got `pairing` through
    get_pairing_for). The partners hear of it by their notification settings."""
    text = clean_text(body, "body", BODY_MAX, required=True)
    check_open_seat(author, pairing)
    # Counted before the transaction: a count inside a rolled-back one would be undone.
    if not ratelimit.attempt(SUBJECT, str(author.pk), RATE_LIMIT, RATE_WINDOW):
        raise TooMany(_("You have sent many messages in the last few minutes. Try again soon."))
    with transaction.atomic():
        message = PairMessage.objects.create(
            pairing=pairing, author=author, body=text, body_html=render_markdown(text)
        )
        _read_up_to(author, pairing, message.pk)  # one's own words are never "new"
        _tell_partners(message, author)
    return message


def _tell_partners(message: PairMessage, author: User) -> None:
    """One notice per partner until they read the thread: a burst of short messages is one
    email, not ten."""
    pairing = message.pairing
    url = thread_url(pairing.pk)
    waiting = set(
        Notification.objects.filter(
            kind=Kind.PAIR_MESSAGE, url=url, read_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    partners = [
        m.user
        for m in pairing.members()
        if m.ended_on is None and m.user_id != author.pk and m.user_id not in waiting
    ]
    if partners:
        notify(
            users=partners,
            community=pairing.community,
            kind=Kind.PAIR_MESSAGE,
            url=url,
            subject=(SUBJECT, message.pk),
            actor=author,
        )


def get_message_to_delete(user: Any, pk: int) -> PairMessage:
    """A message, for its writer only: 404 for anyone else, the partner included."""
    message = (
        PairMessage.objects.select_related("pairing__community")
        .filter(pk=pk, author_id=getattr(user, "pk", None) or 0)
        .first()
    )
    if message is None:
        raise Refused(404)
    require(resolve_standing(user, message.pairing.community), "content")
    return message


def deletable_until(message: PairMessage) -> dt.datetime:
    return message.created_at + dt.timedelta(minutes=DELETE_MINUTES)


def check_delete_message(*, user: User, message: PairMessage) -> None:
    if message.author_id != user.pk:
        raise NotAllowed(_("Only its writer can delete a message."))
    if timezone.now() > deletable_until(message):
        raise NotAllowed(
            ngettext(
                "A message can be deleted during the first %(n)d minute after it is sent.",
                "A message can be deleted during the first %(n)d minutes after it is sent.",
                DELETE_MINUTES,
            )
            % {"n": DELETE_MINUTES}
        )
    with transaction.atomic():
        message_id = message.pk
        message.delete()
        # Its notices stay, saying only "a message from your peer partner" (render_messages
        # finds no message any more).
        record(user, "mentoring.delete_pair_message", message.pairing, message_id=message_id)


# --- Reading ---------------------------------------------------------------------------


def messages_of(pairing: Pairing) -> QuerySet[PairMessage]:
    """The whole thread, oldest first (two queries however long: messages and writers)."""
    return PairMessage.objects.filter(pairing=pairing).select_related("author").order_by("pk")


def _read_up_to(user: User, pairing: Pairing, last_id: int) -> None:
    now = timezone.now()
    marker, created = PairMessageRead.objects.get_or_create(
        pairing=pairing, user=user, defaults={"last_id": last_id, "read_at": now}
    )
    if not created and marker.last_id < last_id:
        PairMessageRead.objects.filter(pk=marker.pk, last_id__lt=last_id).update(
            last_id=last_id, read_at=now
        )


def do_mark_read(*, user: User, pairing: Pairing, up_to: int | None = None) -> int:
    """Everything up to message `up_to` (the latest when None) is read; the notices of the
    thread are read with it. Returns how many messages are still new."""
    latest = (
        PairMessage.objects.filter(pairing=pairing)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
        or 0
    )
    last_id = latest if up_to is None else min(up_to, latest)
    with transaction.atomic():
        _read_up_to(user, pairing, last_id)
        Notification.objects.filter(
            user=user, kind=Kind.PAIR_MESSAGE, url=thread_url(pairing.pk), read_at__isnull=True
        ).update(read_at=timezone.now())
    return unread_count(user, pairing)


def _last_read(user: User) -> Subquery:
    return Subquery(
        PairMessageRead.objects.filter(pairing=OuterRef("pairing"), user=user).values("last_id")[:1]
    )


def _new_for(user: User) -> QuerySet[PairMessage]:
    """Messages someone else wrote after the last one `user` read."""
    return (
        PairMessage.objects.annotate(seen_to=Coalesce(_last_read(user), Value(0)))
        .exclude(author=user)
        .filter(pk__gt=F("seen_to"))
    )


def unread_count(user: User, pairing: Pairing) -> int:
    return _new_for(user).filter(pairing=pairing).count()


@dataclass
class Summary:
    """What the pair's page says of the thread: the latest message and how many are new."""

    latest: PairMessage | None
    unread: int
    url: str


def summary(user: User, pairing: Pairing) -> Summary:
    """One query: the latest message (with its writer), counting the new ones beside it."""
    latest = (
        PairMessage.objects.filter(pairing=pairing)
        .select_related("author")
        .annotate(new=new_count(user))
        .order_by("-pk")
        .first()
    )
    unread = latest.new if latest is not None else 0  # type: ignore[attr-defined]
    return Summary(latest=latest, unread=unread, url=thread_url(pairing.pk))


def writer_name(message: PairMessage, reader: User) -> str:
    if message.author_id is None or message.author is None:
        return _("A former member")
    if message.author_id == reader.pk:
        return _("You")
    return message.author.display_name


def new_count(user: User, pairing: str = "pairing") -> Coalesce:
    """For a query with a `pairing` (or of pairings: `pairing="pk"`): how many of its messages
    are new for `user` (a subquery, so a list of pairs gets its counts in the same query)."""
    counted = (
        _new_for(user)
        .filter(pairing=OuterRef(pairing))
        .order_by()
        .values("pairing")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), Value(0))


# --- Notices -----------------------------------------------------------------------------


def first_name(user: User | None) -> str:
    if user is None or user.email.endswith(ERASED_DOMAIN):
        return _("A former member")
    return user.name.split()[0] if user.name.strip() else user.display_name


def render_messages(notes: Sequence[Notification]) -> None:
    """ "New message from Mina": the writer's first name as it is now, never the words; a
    deleted message leaves the neutral line."""
    ids = {n.subject_id for n in notes if n.subject_id is not None}
    alive = set(PairMessage.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for note in notes:
        if note.subject_id in alive and note.kind == Kind.PAIR_MESSAGE:
            told(
                note,
                lazy_format(
                    gettext_lazy("New message from %(name)s"), name=_lazy_first(note.actor)
                ),
            )


_lazy_first = lazy(first_name, str)


# --- Personal data -------------------------------------------------------------------------


def export_for(user: User) -> list[dict[str, Any]]:
    """Each thread the person was part of, whole: their words and their partners', as the
    conversation it was (a former member's messages under that name)."""
    pairing_ids = PairMember.objects.filter(user=user).values("pairing_id")
    messages = (
        PairMessage.objects.filter(pairing_id__in=pairing_ids)
        .select_related("author")
        .order_by("pairing_id", "pk")
    )
    return [
        {
            "pairing_id": m.pairing_id,
            "id": m.pk,
            "mine": m.author_id == user.pk,
            "author": writer_name(m, user) if m.author_id != user.pk else user.display_name,
            "body": m.body,
            "created_at": m.created_at.isoformat(),
            "edited_at": m.edited_at.isoformat() if m.edited_at else None,
        }
        for m in messages
    ]


def export_reads(user: User) -> list[dict[str, Any]]:
    return [
        {
            "pairing_id": r.pairing_id,
            "last_read_message_id": r.last_id,
            "read_at": r.read_at.isoformat(),
        }
        for r in PairMessageRead.objects.filter(user=user).order_by("pairing_id")
    ]


def erase_for(user: User) -> None:
    """Their messages stay for the partner, as a group's replies do, under "A former
    member"; how far they had read goes."""
    PairMessage.objects.filter(author=user).update(author=None)
    PairMessageRead.objects.filter(user=user).delete()


def register_all() -> None:
    register_renderer(SUBJECT, render_messages)
    register_personal_data(
        app="mentoring.pair_messages",
        sections=(
            Section(
                "peer_messages",
                export_for,
                claims=(Claim("mentoring.PairMessage", ("author",), ("body",)),),
            ),
            Section(
                "peer_messages_read",
                export_reads,
                claims=(Claim("mentoring.PairMessageRead", ("user",)),),
            ),
        ),
        exempt=(
            Exempt("mentoring.PairMessage", ("body_html",), "The HTML rendered from the body."),
        ),
        erase=erase_for,
        erase_order=20,
    )
