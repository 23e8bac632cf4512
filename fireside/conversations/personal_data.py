"""What conversations store about a person (see fireside/accounts/personal_data.py).

What a person wrote in their groups stays after erasure, for the conversation's sake, under
"A former member", and the user row no longer names them. What describes only them goes:
when they last visited each group, how far they have read each thread, the drafts they
never posted, and their reactions to posts. The files and pictures they attached to posts
go too (a file can show a face, a home, a document): their posts stay, without them."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register, rows
from fireside.conversations import attachments
from fireside.conversations.models import (
    Attachment,
    Draft,
    Flag,
    GroupVisit,
    Perspective,
    Reaction,
    Recognition,
    Reply,
    ResearchItem,
    Resource,
    Term,
    Thread,
    ThreadRead,
)

RENDERED = "The HTML rendered from the exported Markdown."
ATTACHED = (
    "The post's copy of its attachments' names, to show them; each attachment is in the "
    "post_attachments section of its uploader's export."
)
MODERATION = (
    "A facilitator's moderation of someone else's post; the reason is in the post's "
    "author's export."
)


def _erase(user: User) -> None:
    GroupVisit.objects.filter(user=user).delete()
    Draft.objects.filter(user=user).delete()
    # A reaction says only that this person answered a post: it goes with them.
    Reaction.objects.filter(user=user).delete()
    attachments.erase_uploaded_by(user)
    ThreadRead.objects.filter(user=user).delete()


def register_all() -> None:
    register(
        app="conversations",
        sections=(
            Section(
                "threads",
                lambda user: rows(
                    Thread.objects.filter(author=user),
                    "id",
                    "community_id",
                    "kind",
                    "title",
                    "body",
                    "created_at",
                    "edited_at",
                    "hidden_reason",
                ),
                claims=(
                    Claim("conversations.Thread", ("author",), ("title", "body", "hidden_reason")),
                ),
            ),
            Section(
                "replies",
                lambda user: rows(
                    Reply.objects.filter(author=user),
                    "id",
                    "thread_id",
                    "body",
                    "created_at",
                    "edited_at",
                    "hidden_reason",
                ),
                claims=(Claim("conversations.Reply", ("author",), ("body", "hidden_reason")),),
            ),
            Section(
                "post_attachments",
                lambda user: rows(
                    Attachment.objects.filter(uploader=user).order_by("pk"),
                    "id",
                    "thread_id",
                    "reply_id",
                    "filename",
                    "caption",
                    "content_type",
                    "size",
                    "created_at",
                ),
                claims=(
                    Claim(
                        "conversations.Attachment",
                        ("uploader",),
                        ("filename", "caption", "content_type"),
                    ),
                ),
            ),
            Section(
                "recognitions_given",
                lambda user: rows(
                    Recognition.objects.filter(from_user=user),
                    "community_id",
                    "to_user_id",
                    "note",
                    "created_at",
                ),
                claims=(Claim("conversations.Recognition", ("from_user",), ("note",)),),
            ),
            Section(
                "recognitions_received",
                lambda user: rows(
                    Recognition.objects.filter(to_user=user), "community_id", "note", "created_at"
                ),
                claims=(Claim("conversations.Recognition", ("to_user",), ("note",)),),
            ),
            Section(
                "flags_raised",
                lambda user: rows(Flag.objects.filter(flagged_by=user), "reason", "created_at"),
                claims=(Claim("conversations.Flag", ("flagged_by",), ("reason",)),),
            ),
            Section(
                "resources",
                lambda user: rows(
                    Resource.objects.filter(author=user),
                    "id",
                    "community_id",
                    "title",
                    "description",
                    "provenance",
                    "file",
                    "filename",
                    "url",
                    "shared_with_program",
                    "created_at",
                ),
                claims=(
                    Claim(
                        "conversations.Resource",
                        ("author",),
                        ("title", "description", "file", "filename", "url"),
                    ),
                ),
            ),
            Section(
                "glossary_terms_added",
                lambda user: rows(
                    Term.objects.filter(added_by=user), "id", "community_id", "name", "created_at"
                ),
                claims=(Claim("conversations.Term", ("added_by",), ("name",)),),
            ),
            Section(
                "glossary_perspectives",
                lambda user: rows(
                    Perspective.objects.filter(author=user),
                    "term_id",
                    "body",
                    "created_at",
                    "updated_at",
                ),
                claims=(Claim("conversations.Perspective", ("author",), ("body",)),),
            ),
            Section(
                "research_shared",
                lambda user: rows(
                    ResearchItem.objects.filter(shared_by=user),
                    "id",
                    "community_id",
                    "title",
                    "url",
                    "citation",
                    "summary",
                    "questions",
                    "created_at",
                ),
                claims=(
                    Claim(
                        "conversations.ResearchItem",
                        ("shared_by",),
                        ("title", "url", "citation", "summary", "questions"),
                    ),
                ),
            ),
            Section(
                "reactions",
                lambda user: rows(
                    Reaction.objects.filter(user=user).order_by("created_at", "pk"),
                    "thread_id",
                    "reply_id",
                    "kind",
                    "created_at",
                ),
                claims=(Claim("conversations.Reaction", ("user",)),),
            ),
            Section(
                "group_visits",
                lambda user: rows(
                    GroupVisit.objects.filter(user=user).order_by("community_id"),
                    "community_id",
                    "seen_at",
                    "new_since",
                ),
                claims=(Claim("conversations.GroupVisit", ("user",)),),
            ),
            Section(
                "drafts",
                lambda user: rows(
                    Draft.objects.filter(user=user).order_by("pk"),
                    "community_id",
                    "thread_id",
                    "title",
                    "body",
                    "updated_at",
                ),
                claims=(Claim("conversations.Draft", ("user",), ("title", "body")),),
            ),
            Section(
                "threads_read",
                lambda user: rows(
                    ThreadRead.objects.filter(user=user).order_by("thread_id"),
                    "thread_id",
                    "read_at",
                ),
                claims=(Claim("conversations.ThreadRead", ("user",)),),
            ),
        ),
        erase=_erase,
        exempt=(
            Exempt("conversations.Thread", ("body_html",), RENDERED),
            Exempt("conversations.Thread", ("attached",), ATTACHED),
            Exempt("conversations.Reply", ("attached",), ATTACHED),
            Exempt("conversations.Thread", ("hidden_by",), MODERATION),
            Exempt("conversations.Reply", ("body_html",), RENDERED),
            Exempt("conversations.Reply", ("hidden_by",), MODERATION),
            Exempt("conversations.Perspective", ("body_html",), RENDERED),
            Exempt(
                "conversations.Attachment",
                ("file", "thumbnail"),
                "The stored files' random names; the export lists each attachment by its name.",
            ),
            Exempt(
                "conversations.Attachment",
                ("width", "height"),
                "The picture's size in pixels, as Fireside wrote it again.",
            ),
            Exempt(
                "conversations.Resource",
                ("content_type",),
                "The file's type as Fireside detected it from its bytes.",
            ),
        ),
    )
