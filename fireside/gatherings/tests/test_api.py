"""The gathering API paths that review found rough: the program's end, agendas from proposed
topics, who can be listed as present, cancelled gatherings, late RSVPs — and bodies of the
wrong JSON types, which must never give a 500 or write anything."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.audit.models import AuditEvent
from fireside.communities.models import Membership
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.gatherings import agendas, scheduling
from fireside.gatherings.models import (
    AgendaItem,
    Attendance,
    Debrief,
    Gathering,
    Rsvp,
    Series,
    Topic,
)

pytestmark = pytest.mark.django_db

SCHEDULE = {
    "title": "Weekly walk",
    "starts_at": "2027-03-03T10:00:00",
    "duration_minutes": 60,
    "timezone": "America/Vancouver",
    "location": "Park gate",
    "online_url": "",
    "recurrence": "FREQ=WEEKLY;COUNT=4",
    "agenda": [{"topic": "Check-in", "activity": "open_discussion", "minutes": 10}],
}


def call(client: Client, method: str, url: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_a_counted_series_is_cut_at_the_program_end_and_the_answer_says_so(
    client: Client, world: World
) -> None:
    url = f"/api/v1/communities/{world.community.pk}/gatherings"
    response = call(
        client, "POST", url, world.facilitator, {**SCHEDULE, "recurrence": "FREQ=WEEKLY;COUNT=30"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["gatherings"]) == 18
    assert body["gatherings"][-1]["starts_at"].startswith("2027-06-30")
    assert "only 18 gatherings will be scheduled" in body["notice"]
    # The same dates again: a clash, scheduled anyway.
    within = call(client, "POST", url, world.facilitator, {**SCHEDULE, "allow_clash": True}).json()
    assert (len(within["gatherings"]), within["notice"]) == (4, None)


def test_a_count_over_sixty_is_400_with_the_reason(client: Client, world: World) -> None:
    url = f"/api/v1/communities/{world.community.pk}/gatherings"
    response = call(
        client, "POST", url, world.facilitator, {**SCHEDULE, "recurrence": "FREQ=DAILY;COUNT=61"}
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "The rule asks for 61 gatherings (COUNT=61), and a series can have at most 60."
    )
    assert not Series.objects.exists()


def test_an_rsvp_after_the_gathering_ended_is_422(client: Client, world: World) -> None:
    ended = GatheringFactory(
        community=world.community, starts_at=timezone.now() - dt.timedelta(days=1)
    )
    response = call(
        client, "POST", f"/api/v1/gatherings/{ended.pk}/rsvp", world.member, {"response": "yes"}
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("This gathering is over")
    assert not Rsvp.objects.exists()


def test_replacing_the_agenda_frees_the_topics_it_no_longer_holds(
    client: Client, world: World
) -> None:
    g = GatheringFactory(community=world.community)
    topic = agendas.do_propose_topic(
        user=world.member, community=world.community, title="Naps", details=""
    )
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=g,
        changes={
            "agenda": [
                {"topic": "Naps", "activity": "research", "minutes": 5, "from_topic_id": topic.pk}
            ]
        },
    )
    response = call(
        client,
        "PATCH",
        f"/api/v1/gatherings/{g.pk}",
        world.facilitator,
        {"agenda": [{"topic": "Check-in", "activity": "open_discussion", "minutes": 10}]},
    )
    assert response.status_code == 200, response.content
    topic.refresh_from_db()
    assert topic.used_in is None


def test_attendance_of_someone_who_joined_later_is_422_and_names_them(
    client: Client, world: World
) -> None:
    g = GatheringFactory(
        community=world.community, starts_at=timezone.now() - dt.timedelta(days=20)
    )
    Membership.objects.filter(user=world.member).update(
        joined_on=timezone.localdate() - dt.timedelta(days=60)
    )
    newcomer = make_member(world.community, UserFactory(name="Nia Newcomer"))
    rows = [{"user_id": world.member.pk}, {"user_id": newcomer.pk}, {"user_id": world.outsider.pk}]
    response = call(client, "PUT", f"/api/v1/gatherings/{g.pk}/attendance", world.facilitator, rows)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "Nia Newcomer was not a member of the group at the time of this gathering" in detail
    assert "1 other person on the list is not in this group" in detail
    assert str(world.outsider.pk) not in detail and "Otto" not in detail
    assert not Attendance.objects.exists()


def test_a_cancelled_gathering_sends_no_notes_and_refuses_a_debrief(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    g = world.gathering
    scheduling.do_cancel(actor=world.facilitator, gathering=g)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        patched = call(
            client, "PATCH", f"/api/v1/gatherings/{g.pk}", world.facilitator, {"notes": "Snow."}
        )
    assert patched.status_code == 200
    assert mailoutbox == []
    debrief = call(
        client, "POST", f"/api/v1/gatherings/{g.pk}/debrief", world.mentor, {"logistics": "Snow"}
    )
    assert debrief.status_code == 409
    assert debrief.json()["detail"] == (
        "This gathering was cancelled, so there is nothing to debrief."
    )
    assert not Debrief.objects.exists()


# --- Wrong JSON types: never a 500, nothing written --------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=5,
)
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _state(world: World) -> tuple[Any, ...]:
    """Everything these routes could write."""
    return (
        Gathering.objects.count(),
        Series.objects.count(),
        [model_to_dict(g) for g in Gathering.objects.order_by("pk")],
        list(AgendaItem.objects.values_list("gathering", "topic", "activity", "minutes")),
        list(Topic.objects.values_list("pk", "used_in")),
        list(Rsvp.objects.values_list("gathering", "user", "response")),
        list(Attendance.objects.values_list("gathering", "user", "present", "minutes")),
        list(Debrief.objects.values_list("logistics", "common_threads", "wonderings")),
        AuditEvent.objects.count(),
    )


def _refused_without_writing(response: Any, before: tuple[Any, ...], world: World) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert isinstance(response.json()["detail"], str)
        assert _state(world) == before


def _replace(body: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    return {**body, key: value}


@SETTINGS
@given(key=st.sampled_from(sorted(SCHEDULE)), value=JSON)
def test_no_schedule_field_of_a_wrong_type_gives_a_500(
    client: Client, world: World, key: str, value: Any
) -> None:
    before = _state(world)
    response = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/gatherings",
        world.facilitator,
        _replace(SCHEDULE, key, value),
    )
    _refused_without_writing(response, before, world)


@SETTINGS
@given(
    item_key=st.sampled_from(["topic", "activity", "minutes", "from_topic_id"]),
    value=JSON,
)
def test_no_agenda_item_of_a_wrong_type_gives_a_500(
    client: Client, world: World, item_key: str, value: Any
) -> None:
    g = world.gathering
    item = {"topic": "Check-in", "activity": "open_discussion", "minutes": 10, item_key: value}
    before = _state(world)
    response = call(
        client, "PATCH", f"/api/v1/gatherings/{g.pk}", world.facilitator, {"agenda": [item]}
    )
    _refused_without_writing(response, before, world)


PATCHABLE = [
    "title",
    "starts_at",
    "duration_minutes",
    "timezone",
    "location",
    "online_url",
    "notes",
    "action_points",
    "ideas_next_time",
    "agenda",
]


@SETTINGS
@given(key=st.sampled_from(PATCHABLE), value=JSON)
def test_no_patch_of_a_wrong_type_gives_a_500(
    client: Client, world: World, key: str, value: Any
) -> None:
    before = _state(world)
    response = call(
        client, "PATCH", f"/api/v1/gatherings/{world.gathering.pk}", world.facilitator, {key: value}
    )
    _refused_without_writing(response, before, world)


@SETTINGS
@given(body=JSON)
def test_no_rsvp_body_gives_a_500(client: Client, world: World, body: Any) -> None:
    before = _state(world)
    response = call(
        client, "POST", f"/api/v1/gatherings/{world.gathering.pk}/rsvp", world.member, body
    )
    _refused_without_writing(response, before, world)


@SETTINGS
@given(key=st.sampled_from(["user_id", "present", "minutes"]), value=JSON)
def test_no_attendance_row_of_a_wrong_type_gives_a_500(
    client: Client, world: World, key: str, value: Any
) -> None:
    rows = [{"user_id": world.member.pk, "present": True, key: value}]
    before = _state(world)
    response = call(
        client,
        "PUT",
        f"/api/v1/gatherings/{world.gathering.pk}/attendance",
        world.facilitator,
        rows,
    )
    _refused_without_writing(response, before, world)


@SETTINGS
@given(key=st.sampled_from(["logistics", "common_threads", "wonderings"]), value=JSON)
def test_no_debrief_field_of_a_wrong_type_gives_a_500(
    client: Client, world: World, key: str, value: Any
) -> None:
    before = _state(world)
    response = call(
        client,
        "POST",
        f"/api/v1/gatherings/{world.gathering.pk}/debrief",
        world.mentor,
        {"logistics": "Room was cold", key: value},
    )
    _refused_without_writing(response, before, world)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "rsvp", {"response": ["yes"]}),
        ("POST", "rsvp", {"response": 1}),
        ("POST", "rsvp", ["yes"]),
        ("PUT", "attendance", {"user_id": 1}),
        ("PUT", "attendance", [{"user_id": "1"}, {"user_id": True}]),
        ("PUT", "attendance", [{"user_id": 2**70}]),
        ("PATCH", "", {"action_points": "Bring boots"}),
        ("PATCH", "", {"action_points": [["Bring boots"]]}),
        ("PATCH", "", {"agenda": {"topic": "x"}}),
        ("PATCH", "", {"agenda": [{"topic": "x", "activity": "research", "minutes": 5.5}]}),
        ("PATCH", "", {"starts_at": 10**20}),
        ("PATCH", "", {"timezone": ["Europe/Paris"]}),
        ("POST", "debrief", {"logistics": {"room": "cold"}}),
    ],
)
def test_bodies_of_the_wrong_shape_are_clear_400s_or_422s(
    client: Client, world: World, method: str, path: str, body: Any
) -> None:
    user = world.mentor if path == "debrief" else world.facilitator
    before = _state(world)
    response = call(
        client, method, f"/api/v1/gatherings/{world.gathering.pk}/{path}".rstrip("/"), user, body
    )
    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"].endswith(".")
    assert _state(world) == before
