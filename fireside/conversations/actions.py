"""Threads and replies: starting, replying, editing, marking answered, flags, hiding and
recognition. Resources (resources.py), the glossary (glossary.py) and unpacking research
(research.py) live beside it and build on the checks here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from fireside.accounts.models import User
from fireside.communities.access import resolve_standing
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.conversations.mentions import notify_mentions as _notify_mentions
from fireside.conversations.mentions import notify_new_mentions
from fireside.conversations.models import (
    Flag,
    Kind,
    Recognition,
    Reply,
    Revision,
    Thread,
)
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable
from fireside.lib.mail import send_templated
from fireside.lib.markdown import render_markdown
from fireside.lib.text import clean_text
from fireside.notifications.actions import notify
from fireside.notifications.models import Kind as NotifyKind
from fireside.search import index as search_index

TITLE_MAX = 200
BODY_MAX = 20_000

Post = Thread | Reply
# Research threads start only from "Unpacking research", with their ResearchItem.
POSTABLE_KINDS = [k for k in Kind.values if k != Kind.RESEARCH]


# A field as a sentence names it; the key itself stays English, as the API's field name.
FIELD_WORDS = {
    "title": pgettext_lazy("field, with its article", "the title"),
    "body": pgettext_lazy("field, with its article", "the message"),
    "reason": pgettext_lazy("field, with its article", "the reason"),
    "note": pgettext_lazy("field, with its article", "the note"),
    "description": pgettext_lazy("field, with its article", "the description"),
    "term": pgettext_lazy("field, with its article", "the term"),
    "perspective": pgettext_lazy("field, with its article", "the perspective"),
    "citation": pgettext_lazy("field, with its article", "the citation"),
    "summary": pgettext_lazy("field, with its article", "the summary"),
}


def _text(value: object, field: str, limit: int) -> str:
    words = str(FIELD_WORDS.get(field, field))
    return clean_text(
        value if isinstance(value, str) else "",  # anything but text is nothing written
        field,
        limit,
        required=True,
        label=capfirst(words),
        missing=_("Write %(field)s first.") % {"field": words},
    )


def _check_can_post(user: User, community: Community) -> None:
    standing = resolve_standing(user, community)
    if not standing.is_member:
        raise NotAllowed(_("Only members of the group can post in it."))
    if standing.needs_to_accept_agreement:
        raise NotAllowed(
            _(
                "The group's agreement has changed. Please read and accept the new version "
                "before you post again."
            )
        )


def community_of(post: Post) -> Community:
    return post.community if isinstance(post, Thread) else post.thread.community


def check_start_thread(
    *, author: User, community: Community, title: object, body: object, kind: object
) -> Thread:
    if not isinstance(kind, str) or kind not in POSTABLE_KINDS:
        raise InvalidInput(
            _("kind must be one of: %(POSTABLE_KINDS)s.")
            % {"POSTABLE_KINDS": ", ".join(POSTABLE_KINDS)},
            {"kind": [_("Choose a kind.")]},
        )
    title_text = _text(title, "title", TITLE_MAX)
    body_text = _text(body, "body", BODY_MAX)
    _check_can_post(author, community)
    return _start_thread(author, community, title_text, body_text, kind)


def _start_thread(
    author: User, community: Community, title_text: str, body_text: str, kind: str
) -> Thread:
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            community=community,
            author=author,
            kind=kind,
            title=title_text,
            body=body_text,
            body_html=render_markdown(body_text),
            last_activity_at=now,
        )
        record(author, "conversations.start_thread", community, thread_id=thread.pk)
        _index(thread)
        members = _members(community)
        notify(
            users=members,
            community=community,
            kind=NotifyKind.NEW_THREAD,
            subject=("thread", thread.pk),
            url=thread.get_absolute_url(),
            actor=author,
        )
        _notify_mentions(author, community, body_text, thread, members)
    return thread


def check_reply(*, author: User, thread: Thread, body: object) -> Reply:
    body_text = _text(body, "body", BODY_MAX)
    _check_can_post(author, thread.community)
    with transaction.atomic():
        reply = Reply.objects.create(
            thread=thread, author=author, body=body_text, body_html=render_markdown(body_text)
        )
        # Greatest, not a plain set: two replies committing in the other order must not move
        # the thread's activity back to the earlier one (found by the crash test's burst).
        Thread.objects.filter(pk=thread.pk).update(
            last_activity_at=Greatest(F("last_activity_at"), Value(reply.created_at))
        )
        record(author, "conversations.reply", thread.community, thread_id=thread.pk)
        _index(reply)
        if thread.author is not None:
            notify(
                users=[thread.author],
                community=thread.community,
                kind=NotifyKind.REPLY,
                subject=("reply", reply.pk),
                url=reply.get_absolute_url(),
                actor=author,
            )
        _notify_mentions(author, thread.community, body_text, reply, _members(thread.community))
    return reply


def editable_until(post: Post) -> dt.datetime:
    return post.created_at + dt.timedelta(minutes=settings.POST_EDIT_MINUTES)


def can_edit(user: Any, post: Post) -> bool:
    return (
        getattr(user, "pk", None) is not None
        and post.author_id == user.pk
        and (post.is_hidden or timezone.now() <= editable_until(post))
    )


def check_edit_post(*, author: User, post: Post, body: object, title: object = None) -> Post:
    """The author edits within the edit window (a hidden post stays editable, so its author
    can put it right); the earlier text is kept as a revision."""
    if not can_edit(author, post):
        raise NotAllowed(
            _("Posts can be edited by their author for %(POST_EDIT_MINUTES)s minutes.")
            % {"POST_EDIT_MINUTES": settings.POST_EDIT_MINUTES}
        )
    body_text = _text(body, "body", BODY_MAX)
    new_title = _text(title, "title", TITLE_MAX) if isinstance(post, Thread) else ""
    post_before = post.body
    with transaction.atomic():
        Revision.objects.create(
            thread=post if isinstance(post, Thread) else None,
            reply=post if isinstance(post, Reply) else None,
            title=post.title if isinstance(post, Thread) else "",
            body=post.body,
        )
        if isinstance(post, Thread):
            post.title = new_title
        post.body, post.body_html = body_text, render_markdown(body_text)
        post.edited_at = timezone.now()
        post.save()
        _index(post)
        record(
            author,
            "conversations.edit",
            community_of(post),
            post=f"{post._meta.model_name}:{post.pk}",
        )
        notify_new_mentions(author=author, post=post, earlier_body=post_before)
    return post


def do_mark_answered(*, actor: User, thread: Thread, answered: bool) -> Thread:
    if thread.kind != Kind.QUESTION:
        raise Unprocessable(_("Only questions can be marked answered."))
    thread.answered_at = timezone.now() if answered else None
    with transaction.atomic():
        thread.save(update_fields=["answered_at"])
        record(actor, "conversations.mark_answered", thread.community, thread_id=thread.pk)
    return thread


def facilitators_of(community: Community) -> list[User]:
    ids = (
        CommunityRole.objects.current()
        .filter(
            community=community,
            role__in=[CommunityRole.Role.FACILITATOR, CommunityRole.Role.CO_FACILITATOR],
            user__memberships__community=community,
            user__memberships__status=Membership.Status.ACTIVE,
        )
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def check_flag(*, user: User, post: Post, reason: object) -> Flag:
    """Tell the facilitators, privately. The post's author is not told who flagged it."""
    text = _text(reason, "reason", 500)
    community = community_of(post)
    with transaction.atomic():
        flag = Flag.objects.create(
            thread=post if isinstance(post, Thread) else None,
            reply=post if isinstance(post, Reply) else None,
            flagged_by=user,
            reason=text,
        )
        record(user, "conversations.flag", community, flag_id=flag.pk)
        notify(
            users=facilitators_of(community),
            community=community,
            kind=NotifyKind.FLAG,
            subject=("flag", flag.pk),
            url=post.get_absolute_url(),
        )
    return flag


def do_hide(*, actor: User, post: Post, reason: object) -> Post:
    """Hide a post from the group; its author still sees it, is told why, and can edit it."""
    text = _text(reason, "reason", 500)
    if post.is_hidden:
        raise Conflict(_("This post is already hidden."))
    community = community_of(post)
    with transaction.atomic():
        post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), actor, text
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _index(post)
        _resolve_flags(post)
        record(actor, "conversations.hide", community, post=f"{post._meta.model_name}:{post.pk}")
        if post.author is not None and post.author.is_active:
            send_templated(
                "post_hidden",
                {"user": post.author, "community": community, "post": post, "reason": text},
                post.author.email,
            )
    return post


def do_unhide(*, actor: User, post: Post) -> Post:
    if not post.is_hidden:
        raise Conflict(_("This post is not hidden."))
    with transaction.atomic():
        post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _index(post)
        if isinstance(post, Thread):
            _index_replies(post)
        record(
            actor,
            "conversations.unhide",
            community_of(post),
            post=f"{post._meta.model_name}:{post.pk}",
        )
    return post


def do_dismiss_flags(*, actor: User, post: Post) -> int:
    with transaction.atomic():
        count = _resolve_flags(post)
        record(actor, "conversations.dismiss_flags", community_of(post), count=count)
    return count


def _resolve_flags(post: Post) -> int:
    flags = post.flags.filter(resolved_at__isnull=True)
    return flags.update(resolved_at=timezone.now())


def check_recognise(
    *, giver: User, community: Community, receiver: User, note: object
) -> Recognition:
    text = _text(note, "note", 500)
    if giver.pk == receiver.pk:
        raise InvalidInput(_("Recognise someone else: the group will recognise you too."))
    _check_can_post(giver, community)
    if not Membership.objects.filter(
        community=community, user=receiver, status=Membership.Status.ACTIVE
    ).exists():
        raise Unprocessable(_("You can recognise members of this group."))
    with transaction.atomic():
        recognition = Recognition.objects.create(
            community=community, from_user=giver, to_user=receiver, note=text
        )
        record(giver, "conversations.recognise", community, to=receiver.pk)
        notify(
            users=[receiver],
            community=community,
            kind=NotifyKind.RECOGNITION,
            subject=("recognition", recognition.pk),
            url=reverse("conversations:recognition", kwargs={"community_id": community.pk}),
            actor=giver,
        )
    return recognition


def _index(post: Post) -> None:
    """Visible posts are searchable by members; hidden ones are not. A reply's entry belongs
    to its thread's: it shows the thread's live title, and goes when the thread is hidden."""
    if post.is_hidden:
        search_index.remove(type=post._meta.model_name or "", object_id=post.pk)
        return
    if isinstance(post, Thread):
        search_index.put(
            type="thread",
            object_id=post.pk,
            community=post.community_id,
            title=post.title,
            body=post.body,
            url=post.get_absolute_url(),
        )
        return
    search_index.put(
        type="reply",
        object_id=post.pk,
        community=post.thread.community_id,
        body=post.body,
        url=post.get_absolute_url(),
        parent=("thread", post.thread_id),
    )


def _index_replies(thread: Thread) -> None:
    """A thread shown again brings its visible replies back into search."""
    for reply in thread.replies.filter(hidden_at__isnull=True).select_related("thread"):
        _index(reply)


def _members(community: Community) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            community=community, status=Membership.Status.ACTIVE
        ).select_related("user")
    ]
