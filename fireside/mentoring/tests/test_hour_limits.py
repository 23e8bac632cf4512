"""No source of hours gives more than its rules allow (security finding 3): one connection
per pair and day, no longer than the program's maximum, never in the future; attendance
never longer than the gathering."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.gatherings import actions as meet
from fireside.gatherings.models import Attendance
from fireside.lib.errors import ActionError, Conflict, InvalidInput, Unprocessable
from fireside.mentoring import connections
from fireside.mentoring.models import Connection, Pairing
from fireside.mentoring.tests.factories import make_pairing

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 17)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def _pair(world: World) -> Any:
    return make_pairing(
        world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 2)
    )


def _log(world: World, pairing: Any, user: Any = None, **fields: Any) -> Connection:
    fields = {"happened_on": DAY, "minutes": 60, "format": "walk", **fields}
    return connections.check_log_connection(user=user or world.member, pairing=pairing, **fields)


def test_ten_day_long_connections_on_one_day_give_one_connection(world: World) -> None:
    pairing = _pair(world)
    _log(world, pairing, minutes=120)
    for who in (world.member, world.facilitator):
        with pytest.raises(Conflict, match="already logged for 17 November 2026"):
            _log(world, pairing, user=who, minutes=180)
    assert list(Connection.objects.values_list("minutes", flat=True)) == [120]


def test_a_connection_is_no_longer_than_the_programs_maximum(world: World) -> None:
    pairing = _pair(world)
    assert world.program.max_connection_minutes == 180
    with pytest.raises(Unprocessable, match="at most 180 minutes"):
        _log(world, pairing, minutes=181)
    with pytest.raises(Unprocessable, match="at most 180 minutes"):
        _log(world, pairing, minutes=1440)
    assert not Connection.objects.exists()
    world.program.max_connection_minutes = 240
    world.program.save()
    assert _log(world, pairing, minutes=240).minutes == 240


def test_the_database_refuses_a_second_connection_on_a_day(world: World) -> None:
    pairing = _pair(world)
    _log(world, pairing)
    with pytest.raises(IntegrityError), transaction.atomic():
        Connection.objects.create(pairing=pairing, happened_on=DAY, minutes=5, format="walk")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(-5, 2000), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_no_sequence_of_logs_gives_a_pair_more_than_the_maximum_a_day(
    world: World, logs: list[tuple[int, int, bool]]
) -> None:
    Pairing.objects.all().delete()  # each example starts afresh, within the one test
    pairing = _pair(world)
    for days_ago, minutes, by_partner in logs:
        user = world.facilitator if by_partner else world.member
        day = DAY - dt.timedelta(days_ago)
        with contextlib.suppress(ActionError):  # refusals are fine; what got in is checked
            _log(world, pairing, user=user, happened_on=day, minutes=minutes)
    per_day: dict[dt.date, int] = {}
    for c in Connection.objects.all():
        per_day[c.happened_on] = per_day.get(c.happened_on, 0) + c.minutes
    assert all(0 < total <= world.program.max_connection_minutes for total in per_day.values())


def test_the_web_form_says_why_and_saves_nothing(client: Client, world: World) -> None:
    pairing = _pair(world)
    _log(world, pairing, user=world.facilitator)
    client.force_login(world.member)
    url = reverse("mentoring:pair", args=[pairing.pk])
    for minutes, message in (("30", "already logged"), ("600", "At most 180.")):
        day = "2026-11-17" if minutes == "30" else "2026-11-16"
        data = {"happened_on": day, "minutes": minutes, "format": "coffee"}
        html = client.post(url, data).content.decode()
        assert "error-summary" in html and message in html, message
    assert Connection.objects.count() == 1


def _api(client: Client, user: Any, url: str, body: Any, method: str = "POST") -> Any:
    return client.generic(
        method,
        url,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(user)}"},
    )


def test_the_api_refuses_with_the_contracts_statuses(client: Client, world: World) -> None:
    pairing = _pair(world)
    url = f"/api/v1/pairings/{pairing.pk}/connections"
    body = {"date": "2026-11-17", "minutes": 60, "format": "phone"}
    assert _api(client, world.member, url, body).status_code == 201
    again = _api(client, world.facilitator, url, body)
    assert again.status_code == 409 and "already logged" in again.json()["detail"]
    long = _api(client, world.member, url, {**body, "date": "2026-11-16", "minutes": 300})
    assert long.status_code == 422 and "at most 180 minutes" in long.json()["detail"]
    future = _api(client, world.member, url, {**body, "date": "2026-11-19"})
    assert future.status_code == 400 and "in the future" in future.json()["detail"]
    assert Connection.objects.count() == 1


def test_the_program_maximum_is_a_program_setting(client: Client, world: World) -> None:
    response = _api(
        client,
        world.staff,
        "/api/v1/programs",
        {
            "name": "Short talks",
            "starts_on": "2026-09-01",
            "ends_on": "2027-06-30",
            "timezone": "America/Vancouver",
            "eligible_role_types": ["ece"],
            "max_connection_minutes": 90,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["max_connection_minutes"] == 90


# --- Attendance ---------------------------------------------------------------------------


def test_attendance_is_never_longer_than_the_gathering(world: World) -> None:
    g = world.gathering  # 90 minutes
    with pytest.raises(Unprocessable, match="at most 90 minutes"):
        meet.check_record_attendance(
            actor=world.facilitator,
            gathering=g,
            rows=[{"user_id": world.member.pk, "present": True, "minutes": 91}],
        )
    assert not Attendance.objects.exists()
    rows = meet.check_record_attendance(
        actor=world.facilitator,
        gathering=g,
        rows=[{"user_id": world.member.pk, "present": True, "minutes": 90}],
    )
    assert [a.minutes for a in rows] == [90]


def test_the_attendance_api_says_422_beyond_the_gatherings_length(
    client: Client, world: World
) -> None:
    url = f"/api/v1/gatherings/{world.gathering.pk}/attendance"
    rows = [{"user_id": world.member.pk, "present": True, "minutes": 1440}]
    response = _api(client, world.facilitator, url, rows, method="PUT")
    assert response.status_code == 422, response.content
    assert "at most 90 minutes" in response.json()["detail"]
    assert not Attendance.objects.exists()


def test_an_invalid_input_is_still_400(world: World) -> None:
    with pytest.raises(InvalidInput):
        _log(world, _pair(world), minutes="lots")
