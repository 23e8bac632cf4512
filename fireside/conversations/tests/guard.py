"""Conversations' rows for the authorization guard (fireside/lib/tests/test_authorization_guard.py,
persona sets in fireside/lib/tests/guard_rules.py): its URLs, its API routes, and the
objects their path arguments name."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from conftest import World
from fireside.conversations import attachments
from fireside.conversations.models import (
    Attachment,
    Reply,
    ResearchItem,
    Resource,
    Term,
    Thread,
)
from fireside.lib.tests.guard_rules import FACILITATORS, MEMBERS, Api, Web, no_body


def guard_thread(w: World) -> Thread:
    """Mina's thread in the world's group."""
    thread, _ = Thread.objects.get_or_create(
        community=w.community,
        author=w.member,
        defaults={
            "kind": "question",
            "title": "Guarded",
            "body": "b",
            "body_html": "<p>b</p>",
            "last_activity_at": timezone.now(),
        },
    )
    return thread


def guard_values(w: World) -> dict[str, Any]:
    """Mina's thread, Fay's reply to it with a picture attached, Mina's resource (a file),
    a glossary term and a research item."""
    thread = guard_thread(w)
    reply, _ = Reply.objects.get_or_create(
        thread=thread, author=w.facilitator, defaults={"body": "r", "body_html": "<p>r</p>"}
    )
    guard_file = "resources/guard-resource.txt"
    if not default_storage.exists(guard_file):
        default_storage.save(guard_file, ContentFile(b"Guarded\n"))
    resource, _ = Resource.objects.get_or_create(
        community=w.community,
        author=w.member,
        title="Guarded",
        defaults={"provenance": "found", "file": guard_file, "filename": "guard.txt", "size": 8},
    )
    for name in ("attachments/guard.webp", "attachments/guard-thumb.webp"):
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(b"RIFF guarded"))
    attachment, _ = Attachment.objects.get_or_create(
        reply=reply,
        uploader=w.facilitator,
        defaults={
            "file": "attachments/guard.webp",
            "thumbnail": "attachments/guard-thumb.webp",
            "filename": "guard.webp",
            "content_type": "image/webp",
            "size": 12,
            "width": 64,
            "height": 64,
        },
    )
    Reply.objects.filter(pk=reply.pk).update(attached=[attachments.shown(attachment)])
    term, _ = Term.objects.get_or_create(community=w.community, name="Guarded")
    research, _ = ResearchItem.objects.get_or_create(
        community=w.community, thread=thread, defaults={"title": "Guarded", "summary": "s"}
    )
    return {
        "thread_id": thread.pk,
        "reply_id": reply.pk,
        "resource_id": resource.pk,
        "attachment_id": attachment.pk,
        "term_id": term.pk,
        "research_id": research.pk,
        "post_id": thread.pk,
        "kind": "thread",
    }


WEB: Web = {
    "conversations:list": ("GET", MEMBERS),
    "conversations:new": ("GET", MEMBERS),
    "conversations:mark_read": ("POST", MEMBERS),
    # The editor's preview and drafts (editor.js): each member's own draft, never another's.
    "conversations:preview": ("POST", MEMBERS),
    "conversations:thread_draft": ("POST", MEMBERS),
    "conversations:reply_draft": ("POST", MEMBERS),
    "conversations:think": ("GET", FACILITATORS),
    "conversations:recognition": ("GET", MEMBERS),
    "conversations:thread": ("GET", MEMBERS),
    "conversations:answered": ("POST", MEMBERS),
    "conversations:edit": ("GET", {"member"}),  # the author, within the edit window
    "conversations:flag": ("GET", MEMBERS),
    "conversations:hide": ("GET", FACILITATORS),
    "conversations:restore": ("POST", FACILITATORS),
    "conversations:react": ("POST", MEMBERS),
    "conversations:mention_suggestions": ("GET", MEMBERS),
    "conversations:resources": ("GET", MEMBERS),
    "conversations:resource_new": ("GET", MEMBERS),
    # Not shared with the program: the outsider, a member of a sibling group, never downloads.
    "conversations:resource_download": ("GET", MEMBERS),
    # A post's attachments: the members who can see the post, never staff or the program's.
    "conversations:attachment": ("GET", MEMBERS),
    "conversations:attachment_thumb": ("GET", MEMBERS),
    "conversations:resource_share": ("POST", {"member"}),  # its author only
    "conversations:resource_remove": ("POST", {"member"}),  # its author only
    "conversations:glossary": ("GET", MEMBERS),
    "conversations:term_new": ("GET", MEMBERS),
    "conversations:term": ("GET", MEMBERS),
    "conversations:perspective": ("GET", MEMBERS),
    "conversations:research": ("GET", MEMBERS),
    "conversations:research_new": ("GET", MEMBERS),
    "conversations:research_agenda": ("GET", FACILITATORS),  # and organisers
}

API: Api = {
    ("POST", "/api/v1/communities/{community_id}/threads"): (
        MEMBERS,
        lambda w: {"title": "Hello", "body": "A *first* post", "kind": "idea"},
    ),
    ("GET", "/api/v1/communities/{community_id}/threads"): (MEMBERS, no_body),
    ("GET", "/api/v1/threads/{thread_id}"): (MEMBERS, no_body),
    ("POST", "/api/v1/threads/{thread_id}/replies"): (MEMBERS, lambda w: {"body": "Thanks!"}),
    # Drafts are each member's own: a member reads and writes only hers.
    ("GET", "/api/v1/communities/{community_id}/draft"): (MEMBERS, no_body),
    ("PUT", "/api/v1/communities/{community_id}/draft"): (MEMBERS, lambda w: {"body": "Soon"}),
    ("DELETE", "/api/v1/communities/{community_id}/draft"): (MEMBERS, no_body),
    ("GET", "/api/v1/threads/{thread_id}/draft"): (MEMBERS, no_body),
    ("PUT", "/api/v1/threads/{thread_id}/draft"): (MEMBERS, lambda w: {"body": "Soon"}),
    ("DELETE", "/api/v1/threads/{thread_id}/draft"): (MEMBERS, no_body),
    ("POST", "/api/v1/communities/{community_id}/preview"): (MEMBERS, lambda w: {"body": "*Hi*"}),
    ("GET", "/api/v1/threads/{thread_id}/reactions"): (MEMBERS, no_body),
    ("POST", "/api/v1/threads/{thread_id}/reactions"): (MEMBERS, lambda w: {"kind": "me_too"}),
    ("GET", "/api/v1/replies/{reply_id}/reactions"): (MEMBERS, no_body),
    ("POST", "/api/v1/replies/{reply_id}/reactions"): (MEMBERS, lambda w: {"kind": "thank_you"}),
    ("GET", "/api/v1/communities/{community_id}/mention-suggestions"): (MEMBERS, no_body),
    ("GET", "/api/v1/communities/{community_id}/unread"): (MEMBERS, no_body),
    ("POST", "/api/v1/communities/{community_id}/read"): (MEMBERS, no_body),
    ("POST", "/api/v1/threads/{thread_id}/read"): (MEMBERS, no_body),
    ("GET", "/api/v1/communities/{community_id}/think"): (MEMBERS, no_body),
    ("PUT", "/api/v1/communities/{community_id}/think"): (
        FACILITATORS,
        lambda w: {"think": "everywhere"},
    ),
    ("POST", "/api/v1/communities/{community_id}/resources"): (
        MEMBERS,
        lambda w: {"title": "A link", "url": "https://example.org/", "provenance": "found"},
    ),
    ("GET", "/api/v1/communities/{community_id}/resources"): (MEMBERS, no_body),
    ("GET", "/api/v1/resources/{resource_id}/download"): (MEMBERS, no_body),
    ("GET", "/api/v1/attachments/{attachment_id}"): (MEMBERS, no_body),
}
