"""The program report: right figures, aggregates only, on the page, the API, CSV and PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend
from pypdf import PdfReader

from conftest import World
from fireside.communities.models import Membership
from fireside.demo.factories import CommunityFactory, GatheringFactory, UserFactory, make_member
from fireside.gatherings.models import Attendance
from fireside.mentoring.models import Reflection
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection
from fireside.reports.figures import Cohort, _cohorts, program_report
from fireside.reports.models import Snapshot
from fireside.reports.snapshots import VERSION, report_for

pytestmark = pytest.mark.django_db

SECRET = "MARKER-private-reflection-body"


def attend(gathering: Any, user: Any, present: bool = True, minutes: int = 90) -> None:
    Attendance.objects.create(gathering=gathering, user=user, present=present, minutes=minutes)


@pytest.fixture
def busy(world: World) -> World:
    """Two gatherings held (one attended by both members, one by one), one cancelled, one
    to come; a pair with two connections; one reflection with an excerpt; one who left."""
    g2 = GatheringFactory(
        community=world.community, starts_at=timezone.now() - dt.timedelta(days=14)
    )
    GatheringFactory(
        community=world.community,
        starts_at=timezone.now() - dt.timedelta(days=7),
        cancelled_at=timezone.now(),
    )
    GatheringFactory(community=world.community)  # next week: not held yet
    attend(world.gathering, world.member)
    attend(world.gathering, world.facilitator)
    attend(g2, world.member, minutes=60)
    attend(g2, world.facilitator, present=False, minutes=0)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.member, minutes=30)
    make_connection(pairing, world.facilitator, minutes=45)
    make_reflection(
        world.program, world.member, body=SECRET, shareable_excerpt="Trying less, noticing more."
    )
    leaver = make_member(world.community)
    Membership.objects.filter(user=leaver).update(status="left", left_at=timezone.now())
    return world


def test_the_figures_add_up(busy: World) -> None:
    report = program_report(busy.program)
    assert len(report.communities) == 2
    # member, facilitator, and the outsider in the other group; one person waiting
    assert report.active_members == 3
    assert report.waitlisted == 1
    assert (report.still_active, report.ever_joined) == (3, 4)
    assert report.retention_rate == Decimal("75.0")
    assert report.gatherings_held == 2  # the cancelled one and next week's do not count
    assert report.attendance_rate == Decimal("75.0")  # 3 present of 4 recorded
    assert report.connections_logged == 2
    assert report.reflections_submitted == 1
    # gatherings 90+90+60, connections (30+45) for each of the two, one reflection of 30
    assert report.hours.gatherings == 240
    assert report.hours.connections == 150
    assert report.hours.reflections == 30
    assert report.total_hours == Decimal("7.00")
    assert report.excerpts == ["Trying less, noticing more."]
    mine = next(c for c in report.communities if c.community == busy.community)
    assert (mine.gatherings_held, mine.connections, mine.waitlisted) == (2, 2, 1)
    assert mine.hours.hours == Decimal("7.00")


def test_cohorts_count_who_still_holds_a_seat() -> None:
    left_early = dt.datetime(2026, 2, 10, tzinfo=dt.UTC)
    rows = [
        (1, dt.date(2026, 1, 5), None),
        (2, dt.date(2026, 1, 20), left_early),
        # Person 3 left one group and joined another: still in a group.
        (3, dt.date(2026, 1, 3), dt.datetime(2026, 1, 30, tzinfo=dt.UTC)),
        (3, dt.date(2026, 1, 29), None),
        (4, dt.date(2026, 5, 1), None),
    ]
    cohorts = _cohorts(rows, today=dt.date(2026, 7, 15))
    assert cohorts[0] == Cohort(month=dt.date(2026, 1, 1), size=3, kept=[3, 2, 2, None])
    assert cohorts[0].retained[:3] == [Decimal("100.0"), Decimal("66.7"), Decimal("66.7")]
    assert cohorts[1] == Cohort(month=dt.date(2026, 5, 1), size=1, kept=[1, None, None, None])


def test_an_empty_program_reports_zeros_not_errors(client: Client, world: World) -> None:
    report = program_report(CommunityFactory().program)
    assert report.gatherings_held == 0 and report.attendance_rate is None
    assert report.total_hours == Decimal("0.00")
    client.force_login(world.coordinator)
    assert client.get(reverse("reports:program", args=[world.program.pk])).status_code == 200


def test_the_page_shows_aggregates_and_never_private_words_or_names(
    client: Client, busy: World
) -> None:
    client.force_login(busy.coordinator)
    page = client.get(reverse("reports:program", args=[busy.program.pk])).content.decode()
    assert "7.00" in page and "75.0%" in page
    assert "Trying less, noticing more." in page
    assert SECRET not in page
    for person in (busy.member, busy.facilitator, busy.waitlisted):
        assert person.display_name not in page


@pytest.mark.parametrize("who", ["member", "facilitator", "mentor", "outsider", "staff"])
def test_only_coordinators_open_it(client: Client, busy: World, who: str) -> None:
    client.force_login(getattr(busy, who))
    for name in ("reports:program", "reports:program_csv", "reports:program_pdf"):
        assert client.get(reverse(name, args=[busy.program.pk])).status_code == 403


def test_the_csv_has_a_row_per_community_and_is_safe_in_a_spreadsheet(
    client: Client, busy: World
) -> None:
    CommunityFactory(program=busy.program, name="=HYPERLINK(1)")
    client.force_login(busy.coordinator)
    response = client.get(reverse("reports:program_csv", args=[busy.program.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    mine = next(r for r in rows if r["community"] == busy.community.name)
    assert mine["total_hours"] == "7.00" and mine["attendance_rate"] == "75.0"
    assert any(r["community"] == "'=HYPERLINK(1)" for r in rows)
    assert SECRET not in response.content.decode()


def test_the_pdf_reads_back_with_the_figures(client: Client, busy: World) -> None:
    client.force_login(busy.coordinator)
    response = client.get(reverse("reports:program_pdf", args=[busy.program.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert busy.program.name in text
    assert "7.00" in text and "Trying less, noticing more." in text
    assert SECRET not in text and busy.member.display_name not in text


def test_the_api_answers_the_contract(client: Client, busy: World) -> None:
    client.force_login(busy.coordinator)
    response = client.get(f"/api/v1/programs/{busy.program.pk}/report")
    assert response.status_code == 200
    body = response.json()
    for key in (
        "communities",
        "active_members",
        "waitlisted",
        "retention_rate",
        "gatherings_held",
        "attendance_rate",
        "total_hours",
        "reflections_submitted",
        "connections_logged",
        "confidence_change",
        "excerpts",
    ):
        assert key in body
    assert body["communities"] == 2 and body["total_hours"] == "7.00"
    assert body["confidence_change"] is None  # nobody has taken the check twice
    assert SECRET not in response.content.decode()
    csv_response = client.get(f"/api/v1/programs/{busy.program.pk}/report.csv")
    assert csv_response.status_code == 200 and b"total_hours" in csv_response.content


def test_the_api_refuses_a_member(client: Client, busy: World) -> None:
    client.force_login(busy.member)
    assert client.get(f"/api/v1/programs/{busy.program.pk}/report").status_code == 403


def _grow(program: Any) -> None:
    for _ in range(12):
        community = CommunityFactory(program=program)
        person = make_member(community, UserFactory())
        gathering = GatheringFactory(
            community=community, starts_at=timezone.now() - dt.timedelta(days=3)
        )
        attend(gathering, person)
        make_reflection(program, person)


def test_computing_the_figures_takes_as_many_queries_whatever_the_program(
    busy: World, django_assert_max_num_queries: Any
) -> None:
    with CaptureQueriesContext(connection) as small:
        program_report(busy.program)
    # 26 now: the monthly series and the paired confidence added seven (hours read once).
    assert len(small) <= 28, [q["sql"] for q in small.captured_queries]
    _grow(busy.program)
    with django_assert_max_num_queries(len(small)):
        program_report(busy.program)


def test_the_page_serves_kept_figures_in_a_few_queries(
    client: Client, busy: World, django_assert_max_num_queries: Any
) -> None:
    client.force_login(busy.coordinator)
    url = reverse("reports:program", args=[busy.program.pk])
    before = client.get(url).context["report"].ever_joined  # computed, and kept
    assert Snapshot.objects.filter(program=busy.program).count() == 1
    _grow(busy.program)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["report"].ever_joined == before  # the kept figures


def test_old_figures_are_served_while_a_refresh_is_queued_once(
    client: Client, busy: World, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    communities = len(report_for(busy.program).communities)
    Snapshot.objects.update(computed_at=timezone.now() - dt.timedelta(hours=1))
    _grow(busy.program)
    client.force_login(busy.coordinator)
    url = f"/api/v1/programs/{busy.program.pk}/report"
    first = client.get(url).json()
    second = client.get(url).json()
    assert first["communities"] == second["communities"] == communities  # kept figures
    queued = default_task_backend.results  # type: ignore[attr-defined]
    assert [r.task.name for r in queued] == ["refresh_report"]  # once, not per request
    queued[0].task.call(**queued[0].kwargs)  # what the worker does
    assert client.get(url).json()["communities"] == communities + 12
    assert Snapshot.objects.get().refresh_queued_at is None


def test_a_stale_report_refreshes_in_the_background(busy: World) -> None:
    before = report_for(busy.program).ever_joined
    Snapshot.objects.update(computed_at=timezone.now() - dt.timedelta(hours=1))
    _grow(busy.program)
    report_for(busy.program)  # served the kept figures; the (immediate) task refreshed them
    assert report_for(busy.program).ever_joined == before + 12


def test_shared_words_are_never_kept_and_a_withdrawn_excerpt_leaves_at_once(
    client: Client, busy: World
) -> None:
    client.force_login(busy.coordinator)
    url = reverse("reports:program", args=[busy.program.pk])
    assert "Trying less, noticing more." in client.get(url).content.decode()
    assert b"Trying less" not in bytes(Snapshot.objects.get().figures)
    Reflection.objects.update(shareable_excerpt="")
    assert "Trying less, noticing more." not in client.get(url).content.decode()


@pytest.mark.parametrize("damage", ["version", "bytes"])
def test_unreadable_figures_are_computed_again(busy: World, damage: str) -> None:
    before = report_for(busy.program).ever_joined
    if damage == "version":
        Snapshot.objects.update(version=VERSION + 1)
    else:
        Snapshot.objects.update(figures=b"not a report")
    assert report_for(busy.program).ever_joined == before
    snapshot = Snapshot.objects.get()
    assert snapshot.version == VERSION and bytes(snapshot.figures) != b"not a report"
