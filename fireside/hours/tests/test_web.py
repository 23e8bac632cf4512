"""The ledger page, the coordinator's hours and their CSV: what they show, to whom, and in a
fixed number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from fireside.certificates.tests.factories import attend, past_gathering
from fireside.communities.actions import check_leave
from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.gatherings.actions import check_record_attendance
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def busy_month(world: World, person: Any, n: int, partner: Any = None) -> None:
    """n gatherings, n connections, one reflection a month in September–November."""
    partner = partner or world.facilitator
    pairing = make_pairing(world.community, person, partner, starts_on=dt.date(2026, 9, 1))
    for i in range(n):
        when = dt.datetime(2026, 9 + i % 3, 3 + i, 18, tzinfo=dt.UTC)
        attend(past_gathering(world.community, when, title=f"Circle night {i}"), person, 60)
        make_connection(pairing, person, minutes=15, happened_on=when.date())
    for month in (9, 10, 11):
        make_reflection(world.program, person, dt.date(2026, month, 1), body=f"Secret {month}")


def test_the_ledger_shows_each_source_each_month_and_what_produced_it(
    client: Client, world: World
) -> None:
    attend(world.gathering, world.member, 90)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.facilitator, minutes=20, happened_on=dt.date(2026, 11, 12))
    reflection = make_reflection(world.program, world.member, dt.date(2026, 11, 1))
    client.force_login(world.member)
    html = page(client.get(reverse("hours:ledger", args=[world.program.pk])))
    assert "<strong>2.33</strong> hours in all" in html  # 90 + 20 + 30 = 140 minutes
    assert "1.50 h" in html and "0.33 h" in html and "0.50 h" in html
    assert 'max="5.00" value="2.33"' in html and "2.33 of 5 hours" in html
    assert 'aria-labelledby="m-2026-11 p-2026-11"' in html
    assert f'href="/gatherings/{world.gathering.pk}/"' in html
    assert f'href="/mentoring/pairs/{pairing.pk}/"' in html
    assert f'href="/mentoring/reflections/{reflection.pk}/"' in html
    assert "Coffee with Fay Facilitator" in html
    assert "A quiet month." not in html  # never the reflection's words
    assert "Get a certificate for 2.33 hours" in html


def test_the_ledger_shows_the_history_of_corrections(client: Client, world: World) -> None:
    for minutes in (90, 75):
        check_record_attendance(
            actor=world.facilitator,
            gathering=world.gathering,
            rows=[{"user_id": world.member.pk, "present": True, "minutes": minutes}],
        )
    client.force_login(world.member)
    html = page(client.get(reverse("hours:ledger", args=[world.program.pk])))
    assert "Corrections to your attendance" in html
    assert "Fay Facilitator changed your time from 90 to 75 minutes at" in html
    assert "<strong>1.25</strong> hours in all" in html


def test_the_target_met_is_said_in_words(client: Client, world: World) -> None:
    attend(world.gathering, world.member, 300)
    client.force_login(world.member)
    html = page(client.get(reverse("hours:ledger", args=[world.program.pk])))
    assert "target reached" in html and 'max="5.00" value="5.00"' in html


def test_the_ledger_page_costs_the_same_queries_for_a_little_or_a_lot(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    few, many = world.member, world.outsider
    make_member(world.community, many)
    busy_month(world, few, 1)
    busy_month(world, many, 12, partner=make_member(world.community))
    url = reverse("hours:ledger", args=[world.program.pk])
    client.force_login(few)
    # session, user, program, memberships, latest certificate, attendance, connections,
    # partners' names, reflections, recorded time, corrections, notifications badge
    with django_assert_num_queries(12):
        page(client.get(url))
    client.force_login(many)
    with django_assert_num_queries(12):
        assert page(client.get(url)).count("Circle night") == 12


def test_someone_who_left_still_sees_their_hours(client: Client, world: World) -> None:
    attend(world.gathering, world.member, 60)
    check_leave(user=world.member, community=world.community)
    client.force_login(world.member)
    html = page(client.get(reverse("hours:ledger", args=[world.program.pk])))
    assert "<strong>1.00</strong> hours in all" in html
    assert f'href="/gatherings/{world.gathering.pk}/"' not in html  # closed to them now


@pytest.mark.parametrize("persona", ["waitlisted", "coordinator", "staff", "mentor"])
def test_only_those_who_took_part_have_a_ledger(client: Client, world: World, persona: str) -> None:
    client.force_login(world.persona(persona))
    assert client.get(reverse("hours:ledger", args=[world.program.pk])).status_code == 403


def test_home_and_program_pages_lead_to_the_hours(client: Client, world: World) -> None:
    ledger = reverse("hours:ledger", args=[world.program.pk])
    everyone = reverse("hours:program", args=[world.program.pk])
    client.force_login(world.member)
    assert f'href="{ledger}"' in page(client.get("/"))
    assert f'href="{ledger}"' in page(
        client.get(reverse("programs:detail", args=[world.program.pk]))
    )
    client.force_login(world.coordinator)
    assert f'href="{everyone}"' in page(client.get("/"))
    html = page(client.get(reverse("programs:detail", args=[world.program.pk])))
    assert f'href="{everyone}"' in html and f'href="{ledger}"' not in html
    client.logout()
    assert "Hours and certificates" not in page(
        client.get(reverse("programs:detail", args=[world.program.pk]))
    )


def test_coordinators_see_numbers_per_community_and_person_and_no_content(
    client: Client, world: World
) -> None:
    busy_month(world, world.member, 3)
    attend(world.gathering, world.facilitator, 45)
    leaver = make_member(world.community, UserFactory(name="Lee Leaver"))
    attend(world.gathering, leaver, 30)
    check_leave(user=leaver, community=world.community)
    client.force_login(world.coordinator)
    html = page(client.get(reverse("hours:program", args=[world.program.pk])))
    assert "Mina Member" in html and "Lee Leaver" in html and "(left)" in html
    assert "Secret" not in html and "Circle night" not in html  # no content, no titles
    assert "<strong>5.25</strong>" in html  # Mina: 180 + 45 + 90 minutes
    assert "November so far" in html and "October" in html
    assert 'role="region"' in html and 'tabindex="0"' in html

    filtered = page(
        client.get(reverse("hours:program", args=[world.program.pk]), {"start": "2026-11-01"})
    )
    assert "Hours from 1 November 2026 to …." in filtered and "November so far" not in filtered
    bad = page(
        client.get(
            reverse("hours:program", args=[world.program.pk]),
            {"start": "2026-11-02", "end": "2026-11-01"},
        )
    )
    assert "Choose a day on or after the start." in bad


def test_the_csv_has_a_row_per_person_and_a_column_per_month(client: Client, world: World) -> None:
    busy_month(world, world.member, 3)
    tricky = make_member(world.community, UserFactory(name='=HYPERLINK("x")'))
    attend(world.gathering, tricky, 30)
    client.force_login(world.coordinator)
    response = client.get(reverse("hours:program_csv", args=[world.program.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    mina = next(r for r in rows if r["person"] == "Mina Member")
    assert mina["total_hours"] == "5.25" and mina["gatherings_hours"] == "3.00"
    assert mina["reflections_written"] == "3"
    assert (mina["2026-09"], mina["2026-10"], mina["2026-11"]) == ("1.75", "1.75", "1.75")
    assert next(r for r in rows if r["user_id"] == str(tricky.pk))["person"].startswith("'=")


def test_the_coordinator_pages_cost_the_same_queries_however_many_people(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    url = reverse("hours:program", args=[world.program.pk])
    csv_url = reverse("hours:program_csv", args=[world.program.pk])
    busy_month(world, world.member, 2)
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as small:
        page(client.get(url))
    with CaptureQueriesContext(connection) as small_csv:
        client.get(csv_url)
    for i in range(3):
        community = CommunityFactory(program=world.program, name=f"Grove {i}")
        for _ in range(4):
            person = make_member(community)
            attend(past_gathering(community, NOW - dt.timedelta(days=i + 1)), person, 50)
    with django_assert_max_num_queries(len(small)):
        assert page(client.get(url)).count("Grove") >= 6
    with django_assert_max_num_queries(len(small_csv)):
        assert client.get(csv_url).content.decode().count("Grove") == 12
    # session, user, program, program roles, people, attendance, connections, reflections,
    # recorded time, communities, notifications badge, connections waiting and disputed
    assert len(small) == 12
