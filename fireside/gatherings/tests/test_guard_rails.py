"""Guard rails when scheduling: a start in the past, clashes with the group's or the
facilitator's other gatherings, an agenda longer than the gathering, the time zones first."""

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
from fireside.communities.models import Membership
from fireside.demo.factories import CommunityFactory, GatheringFactory, make_member
from fireside.gatherings import actions, scheduling
from fireside.gatherings.forms import ScheduleForm
from fireside.gatherings.guard_rails import Clash, agenda_fit, zone_choices
from fireside.gatherings.models import AgendaItem, Gathering, Series
from fireside.gatherings.tests.test_web import schedule_form
from fireside.lib.errors import InvalidInput

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"gatherings:{name}", args=args)


def in_days(days: float, hour: int = 19) -> dt.datetime:
    day = timezone.now() + dt.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def schedule(world: World, **fields: Any) -> scheduling.Scheduled:
    values: dict[str, Any] = {
        "actor": world.facilitator,
        "community": world.community,
        "title": "Circle",
        "starts_at": in_days(10),
        "duration_minutes": 90,
        "timezone_name": "America/Vancouver",
        "location": "Library",
        **fields,
    }
    return scheduling.check_schedule(**values)


# --- A start in the past -----------------------------------------------------------------


def test_a_past_start_is_refused_unless_it_already_happened(world: World) -> None:
    before = Gathering.objects.count()
    with pytest.raises(InvalidInput, match="is in the past"):
        schedule(world, starts_at=dt.datetime(2020, 1, 1, 19), already_happened=False)
    assert Gathering.objects.count() == before
    assert mail.outbox == []


def test_a_gathering_that_already_happened_invites_nobody(world: World) -> None:
    Membership.objects.filter(user=world.member).update(joined_on=dt.date(2020, 1, 1))
    start = timezone.now() - dt.timedelta(days=2)
    _series, made, _notice = schedule(world, starts_at=start, already_happened=True)
    assert made[0].starts_at == start
    assert mail.outbox == []
    # It took place: attendance can be recorded right away.
    rows = actions.check_record_attendance(
        actor=world.facilitator, gathering=made[0], rows=[{"user_id": world.member.pk}]
    )
    assert [(r.user_id, r.minutes) for r in rows] == [(world.member.pk, 90)]


def test_already_happened_with_a_future_start_is_refused(world: World) -> None:
    before = Gathering.objects.count()
    with pytest.raises(InvalidInput, match="starts in the future"):
        schedule(world, already_happened=True)
    assert Gathering.objects.count() == before


def test_the_web_form_refuses_a_past_date_and_writes_nothing(client: Client, world: World) -> None:
    client.force_login(world.facilitator)
    before = Gathering.objects.count()
    data = schedule_form(date="2020-01-01")
    html = client.post(url("schedule", world.community.pk), data).content.decode()
    assert "is in the past" in html
    assert "Record a gathering that already happened" in html
    assert Gathering.objects.count() == before
    assert mail.outbox == []


def test_the_web_form_records_a_past_gathering_and_opens_its_attendance(
    client: Client, world: World
) -> None:
    client.force_login(world.facilitator)
    day = (timezone.now() - dt.timedelta(days=3)).date().isoformat()
    data = schedule_form(date=day, already_happened="on")
    response = client.post(url("schedule", world.community.pk), data)
    made = Gathering.objects.get(title="Monthly circle")
    assert response["Location"] == url("attendance", made.pk)
    assert mail.outbox == []


# --- Clashes -----------------------------------------------------------------------------


def test_a_clash_in_the_same_group_is_refused_until_confirmed(world: World) -> None:
    GatheringFactory(community=world.community, title="Walk", starts_at=in_days(10, 20))
    before = Gathering.objects.count()
    with pytest.raises(Clash, match="“Walk”") as refused:
        schedule(world, allow_clash=False)
    assert [g.title for g in refused.value.clashes] == ["Walk"]
    assert Gathering.objects.count() == before
    assert mail.outbox == []
    schedule(world, allow_clash=True)
    assert Gathering.objects.count() == before + 1


def test_a_cancelled_or_adjacent_gathering_is_no_clash(world: World) -> None:
    GatheringFactory(community=world.community, starts_at=in_days(10), cancelled_at=timezone.now())
    GatheringFactory(
        community=world.community, starts_at=in_days(10, 19) + dt.timedelta(minutes=90)
    )
    schedule(world, allow_clash=False)


def test_a_clash_in_another_group_the_facilitator_runs_is_found(world: World) -> None:
    other = CommunityFactory(program=world.program, name="Evening circle")
    make_member(other, world.facilitator, "facilitator")
    GatheringFactory(community=other, title="Evening talk", starts_at=in_days(10, 18))
    # A group the facilitator does not run is none of their business.
    GatheringFactory(community=world.other_community, title="Elsewhere", starts_at=in_days(10))
    with pytest.raises(Clash) as refused:
        schedule(world, allow_clash=False)
    assert [g.title for g in refused.value.clashes] == ["Evening talk"]
    assert "Evening circle" in refused.value.message


def test_a_series_clashing_on_one_date_is_refused_whole(world: World) -> None:
    GatheringFactory(community=world.community, title="Third", starts_at=in_days(24))
    before = (Gathering.objects.count(), Series.objects.count())
    with pytest.raises(Clash):
        schedule(world, recurrence="FREQ=WEEKLY;COUNT=3", allow_clash=False)
    assert (Gathering.objects.count(), Series.objects.count()) == before


def test_the_form_shows_the_clash_and_schedules_only_when_confirmed(
    client: Client, world: World
) -> None:
    start = in_days(10).astimezone(ZoneInfo("America/Vancouver"))
    existing = GatheringFactory(community=world.community, title="Book swap", starts_at=start)
    client.force_login(world.facilitator)
    data = schedule_form(date=start.date().isoformat(), start_time=start.strftime("%H:%M"))
    before = Gathering.objects.count()
    html = client.post(url("schedule", world.community.pk), data).content.decode()
    assert "Book swap" in html and "Schedule anyway" in html
    assert url("detail", existing.pk) in html
    assert Gathering.objects.count() == before and mail.outbox == []
    response = client.post(url("schedule", world.community.pk), {**data, "schedule_anyway": "1"})
    assert response.status_code == 302
    assert Gathering.objects.count() == before + 1


def test_the_api_refuses_a_clash_with_409_unless_allowed(client: Client, world: World) -> None:
    start = in_days(10)
    GatheringFactory(community=world.community, title="Walk", starts_at=start)
    path = f"/api/v1/communities/{world.community.pk}/gatherings"
    body = {
        "title": "Circle",
        "starts_at": start.isoformat(),
        "duration_minutes": 60,
        "location": "Library",
    }
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.facilitator)}"}
    before = Gathering.objects.count()
    refused = client.post(path, json.dumps(body), content_type="application/json", headers=headers)
    assert refused.status_code == 409, refused.content
    assert "Walk" in refused.json()["detail"]
    assert Gathering.objects.count() == before
    past = {**body, "starts_at": "2020-01-01T19:00:00", "already_happened": False}
    refused = client.post(path, json.dumps(past), content_type="application/json", headers=headers)
    assert refused.status_code == 400
    allowed = {**body, "allow_clash": True}
    made = client.post(path, json.dumps(allowed), content_type="application/json", headers=headers)
    assert made.status_code == 201
    # API v1: a past start without the flag is still recorded, with no invitations.
    mail.outbox.clear()
    legacy = {**body, "starts_at": "2020-01-01T19:00:00"}
    made = client.post(path, json.dumps(legacy), content_type="application/json", headers=headers)
    assert made.status_code == 201 and mail.outbox == []


# --- The agenda against the gathering's length --------------------------------------------


def test_agenda_fit_says_how_far_over() -> None:
    assert agenda_fit(150, 90) == "Agenda: 150 of 90 minutes — 60 minutes over"
    assert agenda_fit(60, 90) == "Agenda: 60 of 90 minutes"


def test_the_gathering_and_edit_pages_warn_when_the_agenda_runs_over(
    client: Client, world: World
) -> None:
    g = GatheringFactory(community=world.community, duration_minutes=90)
    for minutes in (100, 50):
        AgendaItem.objects.create(
            gathering=g, topic="Talk", activity="open_discussion", minutes=minutes
        )
    client.force_login(world.facilitator)
    for name in ("detail", "edit"):
        html = client.get(url(name, g.pk)).content.decode()
        assert "Agenda: 150 of 90 minutes — 60 minutes over" in html, name


# --- Time zones ----------------------------------------------------------------------------


def test_the_program_and_personal_zones_come_first() -> None:
    zones = [z for z, _label in zone_choices("Europe/Paris", "America/Vancouver", "Nowhere")]
    assert zones[:2] == ["Europe/Paris", "America/Vancouver"]
    assert zones.count("Europe/Paris") == 1 and "Nowhere" not in zones
    form = ScheduleForm(first_zones=("Europe/Paris",))
    assert form.fields["timezone"].choices[0][0] == "Europe/Paris"  # type: ignore[attr-defined]


def test_the_schedule_page_lists_the_persons_zone_second(client: Client, world: World) -> None:
    world.facilitator.timezone = "Asia/Tokyo"
    world.facilitator.save()
    client.force_login(world.facilitator)
    form = client.get(url("schedule", world.community.pk)).context["form"]
    zones = [z for z, _label in form.fields["timezone"].choices]
    assert zones[:2] == [world.program.timezone, "Asia/Tokyo"]
