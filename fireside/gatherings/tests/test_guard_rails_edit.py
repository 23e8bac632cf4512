"""Guard rails when moving a gathering: a new time that clashes with another gathering is
shown on the edit page and saved only when confirmed; the API checks it when asked."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import GatheringFactory
from fireside.gatherings import scheduling
from fireside.gatherings.guard_rails import Clash
from fireside.gatherings.models import Gathering

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("America/Vancouver")


def at(days: int, hour: int) -> dt.datetime:
    day = (timezone.now() + dt.timedelta(days=days)).astimezone(ZONE)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def details(g: Gathering, start: dt.datetime, **fields: Any) -> dict[str, Any]:
    local = start.astimezone(ZONE)
    return {
        "part": "details",
        "title": g.title,
        "date": local.date().isoformat(),
        "start_time": local.strftime("%H:%M"),
        "duration_minutes": str(g.duration_minutes),
        "timezone": "America/Vancouver",
        "location": g.location,
        "online_url": "",
        **fields,
    }


def two_gatherings(world: World) -> tuple[Gathering, Gathering]:
    walk = GatheringFactory(community=world.community, title="Walk", starts_at=at(10, 19))
    circle = GatheringFactory(community=world.community, title="Circle", starts_at=at(12, 19))
    return walk, circle


def test_moving_onto_another_gathering_is_shown_and_saved_only_when_confirmed(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    walk, circle = two_gatherings(world)
    client.force_login(world.facilitator)
    edit = reverse("gatherings:edit", args=[circle.pk])
    data = details(circle, walk.starts_at + dt.timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "It clashes with" in html and "Save anyway" in html and "“Walk”" in html
    assert reverse("gatherings:detail", args=[walk.pk]) in html
    assert 'name="save_anyway"' in html
    circle.refresh_from_db()
    assert (circle.starts_at, circle.sequence) == (at(12, 19), 0)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {**data, "save_anyway": "1"})
    assert response.status_code == 302
    circle.refresh_from_db()
    assert circle.starts_at == walk.starts_at + dt.timedelta(minutes=30)
    assert circle.sequence == 1
    assert {m.to[0] for m in mail.outbox} >= {world.member.email}


def test_moving_within_its_own_time_or_changing_only_the_place_is_no_clash(
    client: Client, world: World
) -> None:
    _walk, circle = two_gatherings(world)
    client.force_login(world.facilitator)
    edit = reverse("gatherings:edit", args=[circle.pk])
    later = circle.starts_at + dt.timedelta(minutes=10)
    assert client.post(edit, details(circle, later)).status_code == 302
    circle.refresh_from_db()
    assert circle.starts_at == later
    moved = details(circle, later, location="River path")
    assert client.post(edit, moved).status_code == 302


def test_the_check_runs_only_when_the_time_or_length_changes(world: World) -> None:
    walk, circle = two_gatherings(world)
    # Already clashing (saved anyway before): changing the title alone is still fine.
    Gathering.objects.filter(pk=circle.pk).update(starts_at=walk.starts_at)
    circle.refresh_from_db()
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=circle,
        changes={"title": "Circle (renamed)"},
        allow_clash=False,
    )
    with pytest.raises(Clash):
        scheduling.check_update_gathering(
            actor=world.facilitator,
            gathering=circle,
            changes={"duration_minutes": 60},
            allow_clash=False,
        )


def test_the_api_refuses_a_clash_with_409_only_when_asked(client: Client, world: World) -> None:
    walk, circle = two_gatherings(world)
    path = f"/api/v1/gatherings/{circle.pk}"
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.facilitator)}"}
    body = {"starts_at": walk.starts_at.isoformat(), "allow_clash": False}
    refused = client.patch(path, json.dumps(body), content_type="application/json", headers=headers)
    assert refused.status_code == 409, refused.content
    assert "Walk" in refused.json()["detail"]
    circle.refresh_from_db()
    assert (circle.starts_at, circle.sequence) == (at(12, 19), 0)
    assert mail.outbox == []
    # API v1: without the flag, the new time is saved as before.
    legacy = {"starts_at": walk.starts_at.isoformat()}
    saved = client.patch(path, json.dumps(legacy), content_type="application/json", headers=headers)
    assert saved.status_code == 200, saved.content
    circle.refresh_from_db()
    assert circle.starts_at == walk.starts_at
