"""Writing comfortably: drafts kept on the server, the preview and quoting.

A draft is its author's alone: it is read and written only by the person it belongs to, for
a place (a new thread in a group, or a reply to a thread) where they are an active member;
the caller has checked that. It goes when they post there, discard it, leave the group, or
leave it untouched for DRAFT_DAYS (the schedule's `forget_old_drafts`).

The text's rules, the preview and quoting are the editor's own (fireside/lib/editor.py),
shared with the peer pairs' messages."""

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
from fireside.lib import editor

DRAFT_DAYS = 90


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
    editor.may_save_draft(user)
    title_text = (
        editor.draft_text(title, "title", TITLE_MAX, _("The title")) if thread is None else ""
    )
    body_text = editor.draft_text(body, "body", BODY_MAX, _("The message"))
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
    return editor.check_preview(user=user, body=body, limit=BODY_MAX)


def quoted(post: Thread | Reply) -> str:
    """The post as Markdown quote lines under "Name wrote:", to start a reply with."""
    return editor.quoted(post.author, post.body)
