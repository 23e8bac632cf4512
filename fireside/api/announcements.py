"""Talking to the whole group: announcements (list, post, mark read) and calls for topics
before a gathering (open, read with their topics, suggest). For a group's active members
only; posting and opening are for its organiser and facilitators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fireside.announcements import actions as announcements
from fireside.announcements.access import get_announcement_for
from fireside.announcements.models import Announcement
from fireside.api.core import Id, me
from fireside.communities.access import get_community_for
from fireside.gatherings import topic_calls
from fireside.gatherings.models import Gathering, TopicCall
from fireside.lib.errors import Unprocessable
from fireside.lib.markdown import render_markdown

router = Router(tags=["announcements"])


class AnnouncementIn(Schema):
    title: str
    body: str


class TopicCallIn(Schema):
    gathering: Id
    closes_at: dt.datetime


class TopicIn(Schema):
    title: str
    details: str = ""


def _announcement_out(item: Announcement, is_read: bool) -> dict[str, Any]:
    return {
        "id": item.pk,
        "community": item.community_id,
        "title": item.title,
        "body": item.body,
        "body_html": str(render_markdown(item.body)),
        "author": item.author.display_name if item.author else None,
        "created_at": item.created_at,
        "read": is_read,
    }


@router.get("/communities/{community_id}/announcements")
def list_announcements(request: HttpRequest, community_id: int) -> dict[str, Any]:
    user = me(request)
    community, _standing = get_community_for(user, community_id, "content")
    items = list(announcements.for_member(user, community)[:100])
    return {
        "count": len(items),
        "items": [_announcement_out(a, a.is_read) for a in items],  # type: ignore[attr-defined]
    }


@router.post("/communities/{community_id}/announcements", response={201: dict})
def post_announcement(request: HttpRequest, community_id: int, payload: AnnouncementIn) -> Status:
    user = me(request)
    community, _standing = get_community_for(user, community_id, "plan")
    item = announcements.check_post_announcement(
        author=user, community=community, title=payload.title, body=payload.body
    )
    return Status(201, _announcement_out(item, True))


@router.post("/announcements/{announcement_id}/read")
def mark_announcement_read(request: HttpRequest, announcement_id: int) -> dict[str, Any]:
    user = me(request)
    item, _standing = get_announcement_for(user, announcement_id)
    announcements.do_mark_read(user=user, announcement=item)
    return _announcement_out(item, True)


def _call_out(call: TopicCall) -> dict[str, Any]:
    return {
        "id": call.pk,
        "gathering": call.gathering_id,
        "closes_at": call.closes_at,
        "open": call.is_open,
        "topics": [
            {
                "id": t.pk,
                "title": t.title,
                "details": t.details,
                "votes": t.n_votes,  # type: ignore[attr-defined]
                "on_agenda": t.used_in_id == call.gathering_id,
            }
            for t in topic_calls.topics_of(call)
        ],
    }


@router.post("/communities/{community_id}/topic-calls", response={201: dict})
def open_topic_call(request: HttpRequest, community_id: int, payload: TopicCallIn) -> Status:
    user = me(request)
    community, _standing = get_community_for(user, community_id, "plan")
    gathering = Gathering.objects.filter(pk=payload.gathering, community=community).first()
    if gathering is None:
        raise Unprocessable(
            _("gathering %(id)s is not one of this group's gatherings.")
            % {"id": payload.gathering},
            {"gathering": [_("A gathering of this group.")]},
        )
    gathering.community = community
    call = topic_calls.check_open_call(actor=user, gathering=gathering, closes_at=payload.closes_at)
    return Status(201, _call_out(call))


@router.get("/topic-calls/{topic_call_id}")
def get_topic_call(request: HttpRequest, topic_call_id: int) -> dict[str, Any]:
    return _call_out(topic_calls.get_call_for(me(request), topic_call_id, "content"))


@router.post("/topic-calls/{topic_call_id}/topics", response={201: dict})
def suggest_topic(request: HttpRequest, topic_call_id: int, payload: TopicIn) -> Status:
    user = me(request)
    call = topic_calls.get_call_for(user, topic_call_id, "content")
    topic = topic_calls.check_suggest_topic(
        user=user, call=call, title=payload.title, details=payload.details
    )
    return Status(201, {"id": topic.pk, "title": topic.title, "details": topic.details})
