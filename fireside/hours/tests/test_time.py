"""Time people record themselves: online conversations (members, monthly) and preparation
and debrief (facilitators, per gathering). Caps and bad input are refused in the actions;
recording again replaces; the ledger, the API and the certificate name each source."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.actions import do_erase_user, export_user_data
from fireside.accounts.models import ApiToken
from fireside.certificates import actions as certificates
from fireside.certificates.tests.factories import attend, past_gathering
from fireside.communities.models import Membership
from fireside.hours import time
from fireside.hours.home import online_time_due
from fireside.hours.ledger import Tally, ledger_for, memberships_in, program_hours
from fireside.hours.models import TimeEntry
from fireside.lib.errors import InvalidInput, NotAllowed, Unprocessable
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)
OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def _joined_in_september(world: World) -> None:
    Membership.objects.filter(community=world.community).update(joined_on=dt.date(2026, 9, 10))


def held(world: World) -> Any:
    return past_gathering(world.community, dt.datetime(2026, 11, 4, 2, tzinfo=dt.UTC))


def online(world: World, month: object = "2026-10", minutes: object = 45, **kw: Any) -> Any:
    user = kw.pop("user", world.member)
    return time.do_record_online_time(
        user=user, community=kw.pop("community", world.community), month=month, minutes=minutes
    )


# --- Actions -----------------------------------------------------------------------------


def test_a_member_records_a_month_and_recording_again_replaces_it(world: World) -> None:
    first = online(world, minutes=45)
    assert first.created
    again = online(world, minutes=70)
    assert not again.created and again.entry.pk == first.entry.pk
    assert TimeEntry.objects.get().minutes == 70
    assert ledger_for(world.member, world.program).tally.online_conversations == 70


@pytest.mark.parametrize(
    ("month", "minutes", "error", "says"),
    [
        ("2026-10", 121, Unprocessable, "at most 120 minutes"),
        ("2026-10", 0, InvalidInput, "1 or more"),
        ("2026-10", -5, InvalidInput, "1 or more"),
        ("2026-10", "lots", InvalidInput, "whole number"),
        ("2026-10", True, InvalidInput, "whole number"),
        ("2026-12", 30, InvalidInput, "has not begun"),
        ("2026-08", 30, InvalidInput, "outside the program"),
        ("2027-09", 30, InvalidInput, "outside the program"),
        ("October", 30, InvalidInput, "YYYY-MM"),
        ("2026-13", 30, InvalidInput, "YYYY-MM"),
        (None, 30, InvalidInput, "YYYY-MM"),
    ],
)
def test_bad_online_time_is_refused_and_nothing_is_written(
    world: World, month: object, minutes: object, error: type, says: str
) -> None:
    with pytest.raises(error, match=says):
        online(world, month=month, minutes=minutes)
    assert not TimeEntry.objects.exists()


def test_only_members_record_and_not_before_they_joined(world: World) -> None:
    with pytest.raises(NotAllowed):
        online(world, user=world.outsider)
    with pytest.raises(NotAllowed):
        online(world, user=world.member, community=world.other_community)
    Membership.objects.filter(user=world.member).update(joined_on=dt.date(2026, 11, 2))
    with pytest.raises(InvalidInput, match="You joined this group in November 2026"):
        online(world)
    assert not TimeEntry.objects.exists()


def test_a_program_that_does_not_count_it_refuses_and_a_lower_cap_counts_less(
    world: World,
) -> None:
    online(world, minutes=100)
    world.program.online_conversation_cap_minutes = 60
    world.program.save()
    assert ledger_for(world.member, world.program).tally.online_conversations == 60
    world.program.online_conversation_cap_minutes = 0
    world.program.save()
    with pytest.raises(Unprocessable, match="does not count"):
        online(world, month="2026-11")
    assert ledger_for(world.member, world.program).tally.online_conversations == 0


def test_facilitators_record_preparation_once_a_gathering_is_over(world: World) -> None:
    gathering = held(world)
    saved = time.do_record_preparation_time(user=world.facilitator, gathering=gathering, minutes=40)
    assert saved.created and saved.entry.month == dt.date(2026, 11, 1)
    again = time.do_record_preparation_time(
        user=world.facilitator, gathering=gathering, minutes=55, note="agenda and debrief"
    )
    assert not again.created and TimeEntry.objects.get().minutes == 55
    with pytest.raises(Unprocessable, match="at most 60"):
        time.do_record_preparation_time(user=world.facilitator, gathering=gathering, minutes=61)
    with pytest.raises(NotAllowed):
        time.do_record_preparation_time(user=world.member, gathering=gathering, minutes=30)
    # world.gathering began an hour ago and runs 90 minutes: not over yet.
    with pytest.raises(Unprocessable, match="once the gathering is over"):
        time.do_record_preparation_time(
            user=world.facilitator, gathering=world.gathering, minutes=30
        )
    cancelled = past_gathering(world.community, dt.datetime(2026, 11, 5, 2, tzinfo=dt.UTC))
    cancelled.cancelled_at = NOW
    cancelled.save()
    with pytest.raises(Unprocessable, match="cancelled"):
        time.do_record_preparation_time(user=world.facilitator, gathering=cancelled, minutes=30)
    before = past_gathering(world.community, dt.datetime(2026, 8, 5, 2, tzinfo=dt.UTC))
    with pytest.raises(InvalidInput, match="outside the program"):
        time.do_record_preparation_time(user=world.facilitator, gathering=before, minutes=30)
    assert TimeEntry.objects.get().minutes == 55


def test_removing_is_for_its_author(world: World) -> None:
    entry = online(world).entry
    with pytest.raises(NotAllowed):
        time.do_remove_time(user=world.facilitator, entry=entry)
    time.do_remove_time(user=world.member, entry=entry)
    assert not TimeEntry.objects.exists()


# --- Ledger -------------------------------------------------------------------------------


def test_the_ledger_counts_all_five_sources(world: World) -> None:
    gathering = held(world)
    attend(gathering, world.facilitator, 90)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.member, minutes=20, happened_on=dt.date(2026, 11, 12))
    make_reflection(world.program, world.facilitator, dt.date(2026, 11, 1))
    online(world, user=world.facilitator, minutes=45)
    time.do_record_preparation_time(user=world.facilitator, gathering=gathering, minutes=50)

    ledger = ledger_for(world.facilitator, world.program)
    assert ledger.tally == Tally(90, 20, 30, 45, 50)
    assert ledger.total_hours == Decimal("3.92")  # 235 minutes
    assert ledger.tally.by_source()["online_conversations"] == Decimal("0.75")
    assert ledger.tally.by_source()["preparation"] == Decimal("0.83")
    assert ledger.counts["online_conversations"] == 1 and ledger.counts["preparation"] == 1
    sources = {e.source: e.title for e in ledger.entries}
    assert sources["online_conversations"] == "Online conversations in October 2026"
    assert sources["preparation"] == f"Preparation and debrief: {gathering.title}"
    assert ledger.by_month() == {
        "2026-09": Decimal("0.00"),
        "2026-10": Decimal("0.75"),
        "2026-11": Decimal("3.17"),
    }
    # The whole program's sums agree with the person's ledger.
    summed = program_hours(world.program)[world.facilitator.pk]
    assert summed.tally == ledger.tally and summed.counts == ledger.counts


def test_the_ledger_keeps_its_fixed_queries_with_recorded_time(
    world: World, django_assert_num_queries: Any
) -> None:
    places = memberships_in(world.member, world.program)
    # attendance, connections, reflections, recorded time, corrections
    with django_assert_num_queries(5):
        ledger_for(world.member, world.program, memberships=places)
    for month in ("2026-09", "2026-10", "2026-11"):
        online(world, month=month)
    with django_assert_num_queries(5):
        assert (
            ledger_for(world.member, world.program, memberships=places).counts[
                "online_conversations"
            ]
            == 3
        )


# --- Certificate -------------------------------------------------------------------------


def test_the_certificate_names_each_source_in_its_breakdown(client: Client, world: World) -> None:
    gathering = held(world)
    attend(gathering, world.facilitator, 90)
    online(world, user=world.facilitator, minutes=45)
    time.do_record_preparation_time(user=world.facilitator, gathering=gathering, minutes=50)
    places = memberships_in(world.facilitator, world.program)
    certificate, _created = certificates.check_issue_certificate(
        user=world.facilitator, program=world.program, memberships=places
    )
    assert certificate.total_hours == Decimal("3.08")
    assert (certificate.online_hours, certificate.preparation_hours) == (
        Decimal("0.75"),
        Decimal("0.83"),
    )
    with certificate.pdf.open("rb") as handle:
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(handle.read())).pages)
    flat = " ".join(text.split())
    assert "3.08" in flat and "0.75 h" in flat and "0.83 h" in flat
    assert "ONLINE CONVERSATIONS" in flat.upper() and "PREPARATION AND DEBRIEF" in flat.upper()
    html = client.get(reverse("certificates:verify", args=[certificate.display_code])).content
    page = html.decode()
    assert "Online conversations 0.75" in page and "Preparation and debrief 0.83" in page


# --- API ---------------------------------------------------------------------------------


def call(client: Client, method: str, url: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_the_api_records_lists_and_removes_time(client: Client, world: World) -> None:
    url = f"/api/v1/communities/{world.community.pk}/online-time"
    made = call(client, "POST", url, world.member, {"month": "2026-10", "minutes": 30})
    assert made.status_code == 201, made.content
    assert made.json()["kind"] == "online_conversations" and made.json()["month"] == "2026-10"
    again = call(client, "POST", url, world.member, {"month": "2026-10", "minutes": 40})
    assert again.status_code == 200 and again.json()["id"] == made.json()["id"]
    over = call(client, "POST", url, world.member, {"month": "2026-10", "minutes": 500})
    assert over.status_code == 422 and "at most 120" in over.json()["detail"]
    future = call(client, "POST", url, world.member, {"month": "2027-01", "minutes": 5})
    assert future.status_code == 400
    assert (
        call(client, "POST", url, world.outsider, {"month": "2026-10", "minutes": 5}).status_code
        == 404
    )

    hours = call(client, "GET", f"/api/v1/me/hours?program={world.program.pk}", world.member)
    assert hours.json()["by_source"]["online_conversations"] == 0.67
    assert hours.json()["minutes_by_source"]["online_conversations"] == 40

    listed = call(
        client, "GET", f"/api/v1/me/time-entries?program={world.program.pk}", world.member
    )
    assert [e["minutes"] for e in listed.json()] == [40]
    totals = call(client, "GET", url, world.facilitator)
    assert totals.status_code == 200
    assert totals.json() == [
        {"user": {"id": world.member.pk, "name": "Mina Member"}, "month": "2026-10", "minutes": 40}
    ]
    assert "note" not in json.dumps(totals.json())
    assert call(client, "GET", url, world.member).status_code == 403

    gathering = held(world)
    prep = f"/api/v1/gatherings/{gathering.pk}/preparation"
    assert call(client, "POST", prep, world.facilitator, {"minutes": 30}).status_code == 201
    assert call(client, "POST", prep, world.facilitator, {"minutes": 90}).status_code == 422
    assert call(client, "POST", prep, world.member, {"minutes": 30}).status_code == 403

    entry = made.json()["id"]
    assert (
        call(client, "DELETE", f"/api/v1/time-entries/{entry}", world.facilitator).status_code
        == 404
    )
    assert call(client, "DELETE", f"/api/v1/time-entries/{entry}", world.member).status_code == 204


# --- Pages, home, personal data -----------------------------------------------------------


def test_a_member_records_their_time_on_the_page(client: Client, world: World) -> None:
    client.force_login(world.member)
    url = reverse("hours:record", args=[world.program.pk])
    page = client.get(url).content.decode()
    assert "Record your time" in page and 'value="2026-10" selected' in page
    response = client.post(
        url, {"community": world.community.pk, "month": "2026-10", "minutes": 500}
    )
    assert response.status_code == 200 and "At most 120" in response.content.decode()
    assert not TimeEntry.objects.exists()
    response = client.post(
        url, {"community": world.community.pk, "month": "2026-10", "minutes": 35}
    )
    assert response.status_code == 302
    assert TimeEntry.objects.get().minutes == 35
    ledger = client.get(reverse("hours:ledger", args=[world.program.pk])).content.decode()
    assert "Online conversations in October 2026" in ledger and "0.58 h" in ledger


def test_facilitators_record_preparation_from_the_gathering_page(
    client: Client, world: World
) -> None:
    gathering = held(world)
    client.force_login(world.facilitator)
    detail = client.get(reverse("gatherings:detail", args=[gathering.pk])).content.decode()
    url = reverse("hours:preparation", args=[gathering.pk])
    assert url in detail
    assert client.post(url, {"minutes": 45}).status_code == 302
    assert TimeEntry.objects.get(kind="preparation").minutes == 45
    client.force_login(world.member)
    assert url not in client.get(reverse("gatherings:detail", args=[gathering.pk])).content.decode()
    assert client.get(url).status_code == 403


def test_the_group_page_shows_minutes_and_never_notes(client: Client, world: World) -> None:
    time.do_record_online_time(
        user=world.member, community=world.community, month="2026-10", minutes=25, note="PRIVATE"
    )
    client.force_login(world.facilitator)
    page = client.get(reverse("hours:group_online", args=[world.community.pk])).content.decode()
    assert "Mina Member" in page and "25" in page and "PRIVATE" not in page


def test_the_home_asks_once_a_month_until_last_month_is_recorded(world: World) -> None:
    from fireside.communities.places import places_of
    from fireside.lib.home import Viewer

    def tasks() -> list[Any]:
        return online_time_due(Viewer(user=world.member, places=places_of(world.member)))

    assert [t.kind for t in tasks()] == ["online-time-due"]
    assert "month=2026-10" in tasks()[0].url
    online(world)
    assert tasks() == []
    world.program.online_conversation_cap_minutes = 0
    world.program.save()
    TimeEntry.objects.all().delete()
    assert tasks() == []


def test_recorded_time_is_exported_and_erased_with_the_person(world: World) -> None:
    time.do_record_online_time(
        user=world.member, community=world.community, month="2026-10", minutes=25, note="mine"
    )
    data = export_user_data(user=world.member)
    assert data["time_recorded"][0]["note"] == "mine"
    do_erase_user(user=world.member)
    assert not TimeEntry.objects.exists()


def test_coordinators_choose_the_caps_on_the_program_form(client: Client, world: World) -> None:
    from fireside.programs.tests.test_web import edit, program_form

    client.force_login(world.coordinator)
    page = client.get(edit(world.program)).content.decode()
    assert "online group conversations: most minutes a month" in page.lower()
    data = program_form(online_conversation_cap_minutes="0", facilitation_cap_minutes="90")
    assert client.post(edit(world.program), data).status_code == 302
    world.program.refresh_from_db()
    assert (
        world.program.online_conversation_cap_minutes,
        world.program.facilitation_cap_minutes,
    ) == (0, 90)
    bad = program_form(online_conversation_cap_minutes="5000")
    assert client.post(edit(world.program), bad).status_code == 200
    world.program.refresh_from_db()
    assert world.program.online_conversation_cap_minutes == 0
