"""Writing comfortably: drafts kept on the server, the preview and quoting.

A draft is its author's alone: it is read and written only by the person it belongs to, for
a place (a new thread in a group, or a reply to a thread) where they are an active member;
the caller has checked that. It goes when they post there, discard it, leave the group, or
leave it untouched for DRAFT_DAYS (the schedule's `forget_old_drafts`).

The preview is the page's own rendering (fireside/lib/markdown.py), never a second one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fireside.communities.models import Community
from fireside.conversations.actions import BODY_MAX, TITLE_MAX
from fireside.conversations.models import Draft, Reply, Thread
from fireside.lib import ratelimit
from fireside.lib.errors import ActionError, InvalidInput, TooMany, Unprocessable
from fireside.lib.markdown import render_markdown
from fireside.lib.text import storable, within_limit

DRAFT_DAYS = 90
# Previews and saves come every few seconds while someone types: generous, but a loop
# in a client (or a script) cannot make the server render Markdown without end.
PER_MINUTE = 60


class TooLarge(ActionError):
    """Text far over its limit: refused unread (HTTP 413)."""

    status = 413


def _text(value: object, field: str, limit: int, label: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Unprocessable(_("%(field)s must be text.") % {"field": label}, {field: [label]})
    # Kept as typed (not stripped): a draft is unfinished, its blank lines included.
    text = value.replace("\r\n", "\n")
    if len(text) > 2 * limit:
        raise TooLarge(_("%(field)s is far too long to keep.") % {"field": label})
    try:
        return within_limit(field, storable(field, text), limit, label) if text.strip() else ""
    except InvalidInput as exc:  # over the limit, or a character no database can keep
        raise Unprocessable(exc.message, exc.errors) from exc


def draft_for(user: Any, community: Community | int, thread: Thread | int | None) -> Draft | None:
    """Their draft for this place, or None."""
    if not getattr(user, "pk", None):
        return None
    if thread is not None:
        return Draft.objects.filter(user_id=user.pk, thread=thread).first()
    return Draft.objects.filter(user_id=user.pk, community=community, thread=None).first()


def check_save_draft(
    *, user: Any, community: Community, thread: Thread | None, title: object, body: object
) -> Draft | None:
    """Keep what they wrote so far (already authorised). Nothing written: no draft."""
    if not ratelimit.attempt("draft", str(user.pk), PER_MINUTE, 60):
        raise TooMany(_("Too many saves in a minute. Wait a moment and try again."))
    title_text = _text(title, "title", TITLE_MAX, _("The title")) if thread is None else ""
    body_text = _text(body, "body", BODY_MAX, _("The message"))
    if not title_text.strip() and not body_text.strip():
        do_discard_draft(user=user, community=community, thread=thread)
        return None
    fields = {"title": title_text, "body": body_text, "updated_at": timezone.now()}
    mine = {"user_id": user.pk, "community": community, "thread": thread}
    try:
        with transaction.atomic():
            draft, _created = Draft.objects.update_or_create(**mine, defaults=fields)
    except IntegrityError:  # two saves from two tabs at once: the later one wins
        Draft.objects.filter(**mine).update(**fields)
        draft = Draft.objects.get(**mine)
    return draft


def do_discard_draft(*, user: Any, community: Community | int, thread: Thread | int | None) -> bool:
    qs = Draft.objects.filter(user_id=user.pk)
    qs = (
        qs.filter(thread=thread)
        if thread is not None
        else qs.filter(community=community, thread=None)
    )
    return bool(qs.delete()[0])


def forget_drafts_in(*, user: Any, community: Community) -> int:
    """Someone left the group: what they had not posted there goes with them."""
    return Draft.objects.filter(user_id=user.pk, community=community).delete()[0]


def forget_old_drafts(now: dt.datetime | None = None) -> int:
    before = (now or timezone.now()) - dt.timedelta(days=DRAFT_DAYS)
    return Draft.objects.filter(updated_at__lt=before).delete()[0]


def check_preview(*, user: Any, body: object) -> SafeString:
    """The sanitised HTML a post with this text would show."""
    if not ratelimit.attempt("preview", str(user.pk), PER_MINUTE, 60):
        raise TooMany(_("Too many previews in a minute. Wait a moment and try again."))
    return render_markdown(_text(body, "body", BODY_MAX, _("The message")))


def quoted(post: Thread | Reply) -> str:
    """The post as Markdown quote lines under "Name wrote:", to start a reply with."""
    name = " ".join(post.author.display_name.split()) if post.author else _("A former member")
    lines = [f"> {line}".rstrip() for line in post.body.strip().splitlines()]
    return "\n".join([_("%(name)s wrote:") % {"name": name}, *lines]) + "\n\n"
