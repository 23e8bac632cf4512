"""Threads, replies, edits, flags, hiding and recognition; resources, shared
understandings (the glossary) and unpacking research."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Max, QuerySet, Value
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
    UNSTATED_PROVENANCE,
    Flag,
    Kind,
    Perspective,
    Provenance,
    Recognition,
    Reply,
    ResearchItem,
    Resource,
    ResourceTag,
    Revision,
    Term,
    Thread,
)
from fireside.gatherings.models import Activity, AgendaItem, Gathering
from fireside.lib import uploads
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable
from fireside.lib.mail import send_templated
from fireside.lib.markdown import render_markdown
from fireside.lib.text import storable, within_limit
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
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(
            _("Write %(field)s first.") % {"field": words},
            {field: [_("This field is required.")]},
        )
    value = storable(field, value).strip()
    return within_limit(field, value, limit, capfirst(words))


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


# Resources ---------------------------------------------------------------------------

DESCRIPTION_MAX = 2000
TAG_MAX = 40
TAGS_MAX = 12


def parse_tags(value: object) -> list[str]:
    """Comma-separated (or a list): trimmed, lower-cased, inner spaces collapsed, no repeats."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, list):
        items = list(value)
    else:
        raise InvalidInput(
            _("tags must be comma-separated words."), {"tags": [_("Separate with ,")]}
        )
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(
                _("tags must be comma-separated words."), {"tags": [_("Words only.")]}
            )
        tag = " ".join(item.replace("\x00", "").split()).lstrip("#").lower()
        if len(tag) > TAG_MAX:
            raise InvalidInput(
                _("Each tag can be at most %(TAG_MAX)s characters.") % {"TAG_MAX": TAG_MAX},
                {"tags": [_("At most %(TAG_MAX)s.") % {"TAG_MAX": TAG_MAX}]},
            )
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise InvalidInput(
            _("At most %(TAGS_MAX)s tags, please.") % {"TAGS_MAX": TAGS_MAX},
            {"tags": [_("At most %(TAGS_MAX)s tags.") % {"TAGS_MAX": TAGS_MAX}]},
        )
    return tags


def _optional_text(value: object, field: str, limit: int) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return _text(value, field, limit)


def _link(value: object, field: str = "url") -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(
            _("Give the %(field)s first.") % {"field": field},
            {field: [_("This field is required.")]},
        )
    url = value.strip()
    try:
        if len(url) > 500:
            raise ValidationError(_("too long"))
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise InvalidInput(
            _("%(field)s must be a web address starting with https:// or http://.")
            % {"field": field},
            {field: [_("Enter a web address starting with https://.")]},
        ) from exc
    return url


def _flag(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidInput(
        _("%(field)s must be true or false.") % {"field": field}, {field: [_("True or false.")]}
    )


def check_share_resource(
    *,
    author: User,
    community: Community,
    title: object,
    provenance: object = UNSTATED_PROVENANCE,
    description: object = "",
    tags: object = "",
    upload: UploadedFile | None = None,
    url: object = None,
    share_with_program: object = False,
) -> Resource:
    """A file (checked by size, then by what its bytes are) or a link, never both. Nothing
    is stored unless everything is right: the file is written last and removed again if
    the database write fails."""
    has_link = isinstance(url, str) and bool(url.strip())
    if (upload is None) == (not has_link):
        message = (
            _("Choose a file or give a link, not both.")
            if has_link
            else _("Add a file or a link to share.")
        )
        raise InvalidInput(message, {"file": [message]})
    detected = uploads.check_file(upload) if upload is not None else None
    link = _link(url) if has_link else ""
    title_text = _text(title, "title", TITLE_MAX)
    description_text = _optional_text(description, "description", DESCRIPTION_MAX)
    if not isinstance(provenance, str) or provenance not in Provenance.values:
        raise InvalidInput(
            _("provenance must be one of: %(values)s.") % {"values": ", ".join(Provenance.values)},
            {"provenance": [_("Say where it comes from.")]},
        )
    tag_names = parse_tags(tags)
    shared = _flag(share_with_program, "share_with_program")
    _check_can_post(author, community)
    # Counted before the file is stored; a file that is not stored takes its count back.
    counted = upload is not None and bool(author.pk)
    if counted:
        uploads.count_uploads(author.pk)
    stored = content_type = filename = ""
    if upload is not None and detected is not None:
        kind, extension = detected
        content_type, filename = kind.mime_for(extension), uploads.clean_filename(upload.name or "")
        stored = default_storage.save(f"resources/{secrets.token_urlsafe(24)}.{extension}", upload)
    try:
        with transaction.atomic():
            resource = Resource.objects.create(
                community=community,
                author=author,
                title=title_text,
                description=description_text,
                provenance=provenance,
                file=stored,
                filename=filename,
                content_type=content_type,
                size=(upload.size or 0) if upload is not None else 0,
                url=link,
                shared_with_program=shared,
            )
            ResourceTag.objects.bulk_create(
                ResourceTag(resource=resource, name=name) for name in tag_names
            )
            record(author, "conversations.share_resource", community, resource_id=resource.pk)
            _index_resource(resource, tag_names)
    except BaseException:
        if stored:
            default_storage.delete(stored)
        if counted:
            uploads.refund_uploads(author.pk)
        raise
    return resource


def check_set_program_sharing(*, author: User, resource: Resource, shared: object) -> Resource:
    """Only the author can let other groups of the program see their resource, or stop it."""
    if resource.author_id != author.pk:
        raise NotAllowed(_("Only the person who shared a resource can decide who else sees it."))
    value = _flag(shared, "shared")
    with transaction.atomic():
        resource.shared_with_program = value
        resource.save(update_fields=["shared_with_program"])
        record(
            author,
            "conversations.share_resource_with_program",
            resource.community,
            resource_id=resource.pk,
            shared=value,
        )
    return resource


def check_remove_resource(*, author: User, resource: Resource) -> None:
    if resource.author_id != author.pk:
        raise NotAllowed(_("Only the person who shared a resource can remove it."))
    stored = resource.file.name if resource.file else ""
    with transaction.atomic():
        record(
            author,
            "conversations.remove_resource",
            resource.community,
            resource_id=resource.pk,
        )
        search_index.remove(type="resource", object_id=resource.pk)
        resource.delete()
        if stored:
            transaction.on_commit(lambda: default_storage.delete(stored))


def _index_resource(resource: Resource, tags: list[str]) -> None:
    search_index.put(
        type="resource",
        object_id=resource.pk,
        community=resource.community_id,
        title=resource.title,
        body="\n".join([resource.description, " ".join(tags), resource.filename]).strip(),
        url=resource.get_absolute_url(),
    )


# Shared understandings -----------------------------------------------------------------

TERM_MAX = 120
PERSPECTIVE_MAX = 5000


def check_add_term(
    *, author: User, community: Community, name: object, perspective: object
) -> Term:
    """A new term, with its first perspective: the author's."""
    name_text = " ".join(_text(name, "term", TERM_MAX).split())
    body_text = _text(perspective, "perspective", PERSPECTIVE_MAX)
    _check_can_post(author, community)
    taken = Conflict(
        _("“%(name_text)s” is already in the glossary. Add your perspective to it there.")
        % {"name_text": name_text},
        {"name": [_("Already in the glossary.")]},
    )
    if Term.objects.filter(community=community, name__iexact=name_text).exists():
        raise taken
    try:
        with transaction.atomic():
            term = Term.objects.create(community=community, name=name_text, added_by=author)
            Perspective.objects.create(
                term=term, author=author, body=body_text, body_html=render_markdown(body_text)
            )
            record(author, "conversations.add_term", community, term_id=term.pk)
            _index_term(term)
    except IntegrityError as exc:  # the same term added at the same moment
        raise taken from exc
    return term


def check_set_perspective(*, author: User, term: Term, body: object) -> Perspective:
    """Add the author's perspective on a term, or change it: one each, theirs alone."""
    body_text = _text(body, "perspective", PERSPECTIVE_MAX)
    _check_can_post(author, term.community)
    with transaction.atomic():
        perspective, created = Perspective.objects.update_or_create(
            term=term,
            author=author,
            defaults={"body": body_text, "body_html": render_markdown(body_text)},
        )
        record(
            author,
            "conversations.add_perspective" if created else "conversations.edit_perspective",
            term.community,
            term_id=term.pk,
        )
        _index_term(term)
    return perspective


def _index_term(term: Term) -> None:
    search_index.put(
        type="term",
        object_id=term.pk,
        community=term.community_id,
        title=term.name,
        body="\n\n".join(term.perspectives.values_list("body", flat=True)),
        url=term.get_absolute_url(),
    )


# Unpacking research ----------------------------------------------------------------------

CITATION_MAX = 1000
SUMMARY_MAX = 3000
QUESTION_MAX = 300
QUESTIONS_MAX = 10
AGENDA_MAX = 30


def parse_questions(value: object) -> list[str]:
    """One question a line (or a list of them)."""
    if value is None or value == "":
        return []
    raw = value.splitlines() if isinstance(value, str) else value
    if not isinstance(raw, list) or not all(isinstance(q, str) for q in raw):
        raise InvalidInput(
            _("questions must be text, one a line."), {"questions": [_("Text only.")]}
        )
    questions = [" ".join(q.replace("\x00", "").split()) for q in raw]
    questions = [q for q in questions if q]
    if len(questions) > QUESTIONS_MAX or any(len(q) > QUESTION_MAX for q in questions):
        raise InvalidInput(
            _("At most %(QUESTIONS_MAX)s questions of %(QUESTION_MAX)s characters each.")
            % {"QUESTIONS_MAX": QUESTIONS_MAX, "QUESTION_MAX": QUESTION_MAX},
            {
                "questions": [
                    _("At most %(QUESTIONS_MAX)s questions.") % {"QUESTIONS_MAX": QUESTIONS_MAX}
                ]
            },
        )
    return questions


def upcoming_gatherings(community: Community) -> QuerySet[Gathering]:
    """Where research can go on the agenda: the group's future gatherings not cancelled."""
    return Gathering.objects.filter(
        community=community, cancelled_at__isnull=True, starts_at__gt=timezone.now()
    ).order_by("starts_at", "pk")


def _research_body(summary: str, link: str, citation: str, questions: list[str]) -> str:
    parts = [summary]
    if link:
        parts.append(_("Read it: <%(link)s>") % {"link": link})
    if citation:
        parts.append("> " + "\n> ".join(citation.splitlines()))
    if questions:
        parts.append(
            "**" + _("Questions to talk about") + "**\n\n" + "\n".join(f"1. {q}" for q in questions)
        )
    return "\n\n".join(parts)


def _check_agenda_slot(
    actor: User, community: Community, gathering: Gathering, minutes: object
) -> int:
    if not resolve_standing(actor, community).can_plan:
        raise NotAllowed(_("Facilitators and organisers put things on a gathering's agenda."))
    if not upcoming_gatherings(community).filter(pk=gathering.pk).exists():
        raise Unprocessable(
            _("Choose one of the group's upcoming gatherings."),
            {"gathering": [_("An upcoming gathering of this group.")]},
        )
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
        raise InvalidInput(
            _("minutes must be a whole number from 1 to 600."), {"minutes": [_("From 1 to 600.")]}
        )
    if gathering.agenda.count() >= AGENDA_MAX:
        raise Conflict(
            _("That gathering's agenda already has %(AGENDA_MAX)s items.")
            % {"AGENDA_MAX": AGENDA_MAX}
        )
    return minutes


def _add_to_agenda(item: ResearchItem, gathering: Gathering, minutes: int) -> AgendaItem:
    last = gathering.agenda.aggregate(last=Max("position"))["last"]
    agenda_item = AgendaItem.objects.create(
        gathering=gathering,
        position=0 if last is None else last + 1,
        topic=(_("Unpacking research: %(title)s") % {"title": item.title})[:200],
        activity=Activity.RESEARCH,
        minutes=minutes,
    )
    item.agenda_item = agenda_item
    item.save(update_fields=["agenda_item"])
    return agenda_item


def check_share_research(
    *,
    author: User,
    community: Community,
    title: object,
    summary: object,
    url: object = "",
    citation: object = "",
    questions: object = "",
    gathering: Gathering | None = None,
    minutes: object = 20,
) -> ResearchItem:
    """Share a study or article: it opens a "research" thread for the discussion and,
    when a facilitator or organiser chooses an upcoming gathering, goes on its agenda."""
    title_text = _text(title, "title", TITLE_MAX)
    has_link = isinstance(url, str) and bool(url.strip())
    link = _link(url) if has_link else ""
    citation_text = _optional_text(citation, "citation", CITATION_MAX)
    if not link and not citation_text:
        raise InvalidInput(
            _("Give a link or a citation, so others can find it."),
            {"url": [_("A link or a citation.")]},
        )
    summary_text = _text(summary, "summary", SUMMARY_MAX)
    question_list = parse_questions(questions)
    _check_can_post(author, community)
    slot = _check_agenda_slot(author, community, gathering, minutes) if gathering else 0
    body = _research_body(summary_text, link, citation_text, question_list)
    with transaction.atomic():
        thread = _start_thread(author, community, title_text, body, Kind.RESEARCH)
        item = ResearchItem.objects.create(
            community=community,
            thread=thread,
            shared_by=author,
            title=title_text,
            url=link,
            citation=citation_text,
            summary=summary_text,
            questions=question_list,
        )
        if gathering is not None:
            _add_to_agenda(item, gathering, slot)
        record(author, "conversations.share_research", community, research_id=item.pk)
    return item


def check_put_research_on_agenda(
    *, actor: User, item: ResearchItem, gathering: Gathering, minutes: object = 20
) -> AgendaItem:
    """A facilitator or organiser puts shared research on an upcoming gathering's agenda."""
    slot = _check_agenda_slot(actor, item.community, gathering, minutes)
    if item.agenda_item is not None and item.agenda_item.gathering_id == gathering.pk:
        raise Conflict(_("This research is already on that gathering's agenda."))
    with transaction.atomic():
        agenda_item = _add_to_agenda(item, gathering, slot)
        record(
            actor,
            "conversations.research_on_agenda",
            item.community,
            research_id=item.pk,
            gathering_id=gathering.pk,
        )
    return agenda_item
