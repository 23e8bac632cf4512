"""Threads, replies, edits, flags, hiding and recognition."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.access import resolve_standing
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.conversations.models import Flag, Kind, Recognition, Reply, Revision, Thread
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable
from fireside.lib.mail import send_templated
from fireside.lib.markdown import render_markdown
from fireside.notifications.actions import notify
from fireside.notifications.models import Kind as NotifyKind
from fireside.search import index as search_index

TITLE_MAX = 200
BODY_MAX = 20_000

Post = Thread | Reply


def _text(value: object, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"Write the {field} first.", {field: ["This field is required."]})
    value = value.strip()
    if "\x00" in value:
        raise InvalidInput(f"The {field} contains characters that cannot be stored.")
    if len(value) > limit:
        raise InvalidInput(
            f"The {field} is too long: at most {limit} characters.", {field: [f"At most {limit}."]}
        )
    return value


def _check_can_post(user: User, community: Community) -> None:
    standing = resolve_standing(user, community)
    if not standing.is_member:
        raise NotAllowed("Only members of the group can post in it.")
    if standing.needs_to_accept_agreement:
        raise NotAllowed(
            "The group's agreement has changed. Please read and accept the new version "
            "before you post again."
        )


def community_of(post: Post) -> Community:
    return post.community if isinstance(post, Thread) else post.thread.community


def check_start_thread(
    *, author: User, community: Community, title: object, body: object, kind: object
) -> Thread:
    if not isinstance(kind, str) or kind not in Kind.values:
        raise InvalidInput(
            f"kind must be one of: {', '.join(Kind.values)}.", {"kind": ["Choose a kind."]}
        )
    title_text = _text(title, "title", TITLE_MAX)
    body_text = _text(body, "message", BODY_MAX)
    _check_can_post(author, community)
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
            text=f"{author.display_name} started “{thread.title}”",
            url=thread.get_absolute_url(),
            actor=author,
        )
        _notify_mentions(author, community, body_text, thread.get_absolute_url(), members)
    return thread


def check_reply(*, author: User, thread: Thread, body: object) -> Reply:
    body_text = _text(body, "message", BODY_MAX)
    _check_can_post(author, thread.community)
    with transaction.atomic():
        reply = Reply.objects.create(
            thread=thread, author=author, body=body_text, body_html=render_markdown(body_text)
        )
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=reply.created_at)
        record(author, "conversations.reply", thread.community, thread_id=thread.pk)
        _index(reply)
        if thread.author is not None:
            notify(
                users=[thread.author],
                community=thread.community,
                kind=NotifyKind.REPLY,
                text=f"{author.display_name} replied to “{thread.title}”",
                url=reply.get_absolute_url(),
                actor=author,
            )
        _notify_mentions(
            author,
            thread.community,
            body_text,
            reply.get_absolute_url(),
            _members(thread.community),
        )
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
            f"Posts can be edited by their author for {settings.POST_EDIT_MINUTES} minutes."
        )
    body_text = _text(body, "message", BODY_MAX)
    new_title = _text(title, "title", TITLE_MAX) if isinstance(post, Thread) else ""
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
    return post


def do_mark_answered(*, actor: User, thread: Thread, answered: bool) -> Thread:
    if thread.kind != Kind.QUESTION:
        raise Unprocessable("Only questions can be marked answered.")
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
            text=f"A post was flagged to the facilitators: {text}",
            url=post.get_absolute_url(),
        )
    return flag


def do_hide(*, actor: User, post: Post, reason: object) -> Post:
    """Hide a post from the group; its author still sees it, is told why, and can edit it."""
    text = _text(reason, "reason", 500)
    if post.is_hidden:
        raise Conflict("This post is already hidden.")
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
        raise Conflict("This post is not hidden.")
    with transaction.atomic():
        post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _index(post)
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
        raise InvalidInput("Recognise someone else: the group will recognise you too.")
    _check_can_post(giver, community)
    if not Membership.objects.filter(
        community=community, user=receiver, status=Membership.Status.ACTIVE
    ).exists():
        raise Unprocessable("You can recognise members of this group.")
    with transaction.atomic():
        recognition = Recognition.objects.create(
            community=community, from_user=giver, to_user=receiver, note=text
        )
        record(giver, "conversations.recognise", community, to=receiver.pk)
        notify(
            users=[receiver],
            community=community,
            kind=NotifyKind.RECOGNITION,
            text=f"{giver.display_name} recognised you: {text}",
            url=reverse("conversations:recognition", kwargs={"community_id": community.pk}),
            actor=giver,
        )
    return recognition


def _index(post: Post) -> None:
    """Visible posts are searchable by members; hidden ones are not."""
    if post.is_hidden:
        search_index.remove(type=post._meta.model_name or "", object_id=post.pk)
        return
    thread = post if isinstance(post, Thread) else post.thread
    search_index.put(
        type=post._meta.model_name or "",
        object_id=post.pk,
        community=thread.community_id,
        title=thread.title,
        body=post.body,
        url=post.get_absolute_url(),
    )


def _members(community: Community) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            community=community, status=Membership.Status.ACTIVE
        ).select_related("user")
    ]


def mentioned(text: str, people: list[User]) -> list[User]:
    """Members named with @ in a post: "@Mina Member", or "@Mina" when only one Mina."""
    lowered = text.lower()
    first_names: dict[str, list[User]] = {}
    for person in people:
        first_names.setdefault(person.display_name.split(" ")[0].lower(), []).append(person)
    found = []
    for person in people:
        names = [person.display_name.lower()]
        first = person.display_name.split(" ")[0].lower()
        if len(first_names[first]) == 1:
            names.append(first)
        if any(re.search(rf"@{re.escape(n)}(?![\w-])", lowered) for n in names):
            found.append(person)
    return found


def _notify_mentions(
    author: User, community: Community, text: str, url: str, members: list[User]
) -> None:
    named = mentioned(text, members)
    if named:
        notify(
            users=named,
            community=community,
            kind=NotifyKind.MENTION,
            text=f"{author.display_name} mentioned you",
            url=url,
            actor=author,
        )
