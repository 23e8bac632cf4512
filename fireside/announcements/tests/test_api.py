"""The API for announcements and calls for topics (docs/api.md, "Talking to the whole
group")."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.announcements.models import Announcement, AnnouncementRead
from fireside.demo.factories import GatheringFactory
from fireside.gatherings.models import Topic, TopicCall

pytestmark = pytest.mark.django_db


def call(client: Client, method: str, url: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_announcements_are_posted_listed_and_marked_read(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    base = f"/api/v1/communities/{world.community.pk}/announcements"
    refused = call(client, "POST", base, world.facilitator, {"title": " ", "body": "b"})
    assert refused.status_code == 400 and "title" in refused.json()["detail"]
    assert call(client, "POST", base, world.member, {"title": "t", "body": "b"}).status_code == 403
    assert not Announcement.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        posted = call(
            client, "POST", base, world.facilitator, {"title": "Snow day", "body": "*Stay* home"}
        )
    assert posted.status_code == 201, posted.content
    item = posted.json()
    assert item["body_html"] == "<p><em>Stay</em> home</p>\n" and item["read"] is True
    assert [m.to for m in mailoutbox] == [[world.member.email]]
    listed = call(client, "GET", base, world.member).json()
    assert listed["count"] == 1 and listed["items"][0]["read"] is False
    read = call(client, "POST", f"/api/v1/announcements/{item['id']}/read", world.member)
    assert read.status_code == 200 and read.json()["read"] is True
    assert AnnouncementRead.objects.filter(user=world.member).count() == 1
    assert call(client, "GET", base, world.member).json()["items"][0]["read"] is True
    assert call(client, "GET", base, world.coordinator).status_code in (403, 404)


def test_a_call_for_topics_is_opened_read_and_answered(client: Client, world: World) -> None:
    coming = GatheringFactory(
        community=world.community, starts_at=timezone.now() + dt.timedelta(days=7)
    )
    url = f"/api/v1/communities/{world.community.pk}/topic-calls"
    late = (coming.starts_at + dt.timedelta(hours=1)).isoformat()
    too_late = call(
        client, "POST", url, world.facilitator, {"gathering": coming.pk, "closes_at": late}
    )
    assert too_late.status_code == 400
    past = call(
        client,
        "POST",
        url,
        world.facilitator,
        {"gathering": world.gathering.pk, "closes_at": late},
    )
    assert past.status_code == 409
    elsewhere = GatheringFactory(community=world.other_community)
    closes = (coming.starts_at - dt.timedelta(days=1)).isoformat()
    assert (
        call(
            client, "POST", url, world.facilitator, {"gathering": elsewhere.pk, "closes_at": closes}
        )
    ).status_code == 422
    assert not TopicCall.objects.exists()
    opened = call(
        client, "POST", url, world.facilitator, {"gathering": coming.pk, "closes_at": closes}
    )
    assert opened.status_code == 201, opened.content
    call_id = opened.json()["id"]
    suggested = call(
        client, "POST", f"/api/v1/topic-calls/{call_id}/topics", world.member, {"title": "Naps"}
    )
    assert suggested.status_code == 201
    read = call(client, "GET", f"/api/v1/topic-calls/{call_id}", world.member).json()
    assert read["open"] is True
    assert [(t["title"], t["votes"], t["on_agenda"]) for t in read["topics"]] == [
        ("Naps", 1, False)
    ]
    TopicCall.objects.filter(pk=call_id).update(closes_at=timezone.now())
    closed = call(
        client, "POST", f"/api/v1/topic-calls/{call_id}/topics", world.member, {"title": "Late"}
    )
    assert closed.status_code == 410
    assert Topic.objects.filter(call_id=call_id).count() == 1
