"""Threads are inside their community: its standing decides (fireside/communities/access.py).
Hidden posts stay visible to their author and the facilitators only. Resources have one
rule of their own (resources_visible_to), since their author may share them program-wide."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from fireside.communities.access import Need, Standing, require, resolve_standing
from fireside.communities.models import Community, Membership
from fireside.conversations.models import (
    Attachment,
    Reply,
    ResearchItem,
    Resource,
    Term,
    Thread,
)
from fireside.lib.errors import Refused


def _visible(qs: QuerySet[Any], user: Any, standing: Standing) -> QuerySet[Any]:
    if standing.is_facilitator:
        return qs
    return qs.filter(Q(hidden_at__isnull=True) | Q(author_id=user.pk))


def threads_for(user: Any, community: Community, standing: Standing) -> QuerySet[Thread]:
    """The community's threads this person may read, newest activity first."""
    return _visible(
        Thread.objects.filter(community=community)
        .select_related("author")
        .annotate(reply_count=Count("replies", filter=Q(replies__hidden_at__isnull=True))),
        user,
        standing,
    ).order_by("-last_activity_at", "-pk")


def get_thread_for(user: Any, pk: int, need: Need = "content") -> tuple[Thread, Standing]:
    thread = get_object_or_404(
        Thread.objects.select_related("author", "community__program").prefetch_related(
            Prefetch("replies", queryset=Reply.objects.select_related("author"))
        ),
        pk=pk,
    )
    standing = require(resolve_standing(user, thread.community), need)
    if hidden_from(user, standing, thread):
        raise Refused(404)
    return thread, standing


def hidden_from(user: Any, standing: Standing, thread: Thread, reply: Reply | None = None) -> bool:
    """Whether a hidden post keeps this member out: only its author and the facilitators
    see it. Under a hidden thread a reply is as hidden as the thread."""
    if standing.is_facilitator:
        return False
    return (thread.is_hidden and thread.author_id != user.pk) or (
        reply is not None and reply.is_hidden and reply.author_id != user.pk
    )


def get_reply_for(user: Any, pk: int, need: Need = "content") -> tuple[Reply, Standing]:
    reply = get_object_or_404(
        Reply.objects.select_related("author", "thread__community__program"), pk=pk
    )
    standing = require(resolve_standing(user, reply.thread.community), need)
    if hidden_from(user, standing, reply.thread, reply):
        raise Refused(404)
    return reply, standing


def get_attachment_for(user: Any, pk: int) -> Attachment:
    """An attachment, for the members who can see its post; 404 for everyone else (staff,
    coordinators and mentors included): nothing says it exists."""
    attachment = get_object_or_404(
        Attachment.objects.select_related(
            "thread__community__program", "reply__thread__community__program"
        ),
        pk=pk,
    )
    reply = attachment.reply
    thread = reply.thread if reply is not None else attachment.thread
    if thread is None:
        raise Refused(404)
    standing = require(resolve_standing(user, thread.community), "content")
    if hidden_from(user, standing, thread, reply):
        raise Refused(404)
    return attachment


def resources_visible_to(user: Any) -> QuerySet[Resource]:
    """The one rule for resources, for lists and downloads alike: a resource is for the
    active members of its group and, only when its author has said so, for the active
    members of the other groups in the same program. Nobody else, staff included."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Resource.objects.none()
    mine = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
    return Resource.objects.filter(
        Q(community__in=mine.values("community_id"))
        | Q(shared_with_program=True, community__program__in=mine.values("community__program_id"))
    )


def resources_for(user: Any, community: Community, *, scope: str = "group") -> QuerySet[Resource]:
    """A group's own resources, or (scope "program") what other groups of its program
    chose to share, newest first; with authors and tags in two queries however many."""
    qs = resources_visible_to(user)
    if scope == "program":
        qs = qs.filter(shared_with_program=True, community__program_id=community.program_id)
        qs = qs.exclude(community=community)
    else:
        qs = qs.filter(community=community)
    return (
        qs.select_related("author", "community")
        .prefetch_related("tags")
        .order_by("-created_at", "-pk")
    )


def get_resource_for(user: Any, pk: int) -> Resource:
    """404 for anyone the resource is not for: nothing says it exists."""
    resource = (
        resources_visible_to(user).select_related("author", "community__program").filter(pk=pk)
    ).first()
    if resource is None:
        raise Refused(404)
    return resource


def get_term_for(user: Any, pk: int, need: Need = "content") -> tuple[Term, Standing]:
    term = get_object_or_404(Term.objects.select_related("community__program"), pk=pk)
    return term, require(resolve_standing(user, term.community), need)


def get_research_for(user: Any, pk: int, need: Need = "content") -> tuple[ResearchItem, Standing]:
    item = get_object_or_404(
        ResearchItem.objects.select_related("community__program", "thread", "agenda_item"), pk=pk
    )
    return item, require(resolve_standing(user, item.community), need)
