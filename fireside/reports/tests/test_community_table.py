"""The report page's community table: paged, sorted by any column, a sparkline per row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.communities.models import Community
from fireside.demo.factories import CommunityFactory, GatheringFactory, UserFactory, make_member
from fireside.gatherings.models import Attendance
from fireside.lib.charts import sparkline
from fireside.reports.figures import program_report
from fireside.reports.snapshots import refresh
from fireside.reports.table import COLUMNS, PER_PAGE, sorted_figures

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _open(client: Client, world: World, query: str = "") -> Any:
    client.force_login(world.coordinator)
    response = client.get(reverse("reports:program", args=[world.program.pk]) + query)
    assert response.status_code == 200
    return response


def _names(response: Any) -> list[str]:
    return [f.community.name for f in response.context["table"].page.object_list]


def _many(world: World, n: int) -> None:
    Community.objects.bulk_create(
        Community(
            program=world.program,
            name=f"Group {i:04d}",
            purpose="We share what works outdoors.",
            region="Coast",
            capacity=12,
        )
        for i in range(n)
    )


def test_the_table_is_paged_and_the_pdf_still_lists_every_community(
    client: Client, world: World
) -> None:
    _many(world, PER_PAGE + 10)
    first = _open(client, world)
    total = PER_PAGE + 12
    assert len(_names(first)) == PER_PAGE
    assert "Page 1 of 2" in first.content.decode()
    second = _open(client, world, "?page=2")
    assert len(_names(second)) == total - PER_PAGE
    assert not set(_names(first)) & set(_names(second))
    # The PDF's table is not paged (and has no sparklines).
    report = program_report(world.program)
    assert len(report.communities) == total


@pytest.mark.parametrize("query", ["?page=0", "?page=99", "?page=x", "?sort=nope&dir=up", "?sort="])
def test_bad_parameters_fall_back_and_never_fail(client: Client, world: World, query: str) -> None:
    table = _open(client, world, query).context["table"]
    assert table.sort in {k for k, *_rest in COLUMNS}
    assert table.direction in ("asc", "desc")


def _busy_groups(world: World) -> None:
    """Three more groups with different figures; one with no gathering at all."""
    for i, (people, present) in enumerate(((3, 1), (1, 1), (2, 0))):
        community = CommunityFactory(program=world.program, name=f"Zone {i}")
        gathering = GatheringFactory(
            community=community, starts_at=timezone.now() - dt.timedelta(days=2)
        )
        for p in range(people):
            person = make_member(community, UserFactory())
            Attendance.objects.create(
                gathering=gathering, user=person, present=p < present, minutes=60
            )


@pytest.mark.parametrize("key", [k for k, *_rest in COLUMNS])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_each_column_sorts_both_ways(
    client: Client, world: World, key: str, direction: str
) -> None:
    _busy_groups(world)
    response = _open(client, world, f"?sort={key}&dir={direction}")
    table = response.context["table"]
    assert (table.sort, table.direction) == (key, direction)
    value = {k: v for k, _h, v in COLUMNS}[key]
    shown = [value(f) for f in table.page.object_list]
    known = [v for v in shown if v is not None]
    assert known == sorted(known, reverse=direction == "desc")  # type: ignore[type-var]
    assert all(v is None for v in shown[len(known) :])  # "–" last either way
    page = response.content.decode()
    expected = "ascending" if direction == "asc" else "descending"
    assert page.count("aria-sort=") == 1 and f'aria-sort="{expected}"' in page
    # The sorted column's link turns it round; the others sort their own column.
    heading = next(h for h in table.headings if h.key == key)
    turned = "desc" if direction == "asc" else "asc"
    assert f"sort={key}&dir={turned}" in heading.url


def test_sorting_by_attendance_puts_the_best_first(client: Client, world: World) -> None:
    _busy_groups(world)
    names = _names(_open(client, world, "?sort=attendance&dir=desc"))
    assert names.index("Zone 1") < names.index("Zone 0") < names.index("Zone 2")
    # Nothing recorded yet ("–"): last, in name order.
    assert names[-2:] == ["Another circle", world.community.name]


def test_sorting_keeps_name_order_on_ties(world: World) -> None:
    report = program_report(world.program)
    names = [f.community.name for f in report.communities]
    ordered = sorted_figures(report.communities, "connections", "desc")
    assert [f.community.name for f in ordered] == names  # all 0: name order either way


def test_a_sparkline_is_a_small_labelled_svg_with_the_numbers() -> None:
    root = fromstring(sparkline([0, 2, 5, 3], "Members at the end of each month"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-label") == "Members at the end of each month: 0, 2, 5, 3"
    assert int(root.get("width") or 0) <= 120 and int(root.get("height") or 0) <= 32
    assert root.find(f"{SVG}path") is not None
    assert not root.findall(f".//{SVG}text") and not root.findall(f".//{SVG}script")
    # One month, or none, or only zeros: still a picture, never an error.
    for values in ([4], [], [0, 0]):
        fromstring(sparkline(values, "Members"))
    # A label is escaped.
    label = fromstring(sparkline([1], '<b>"x"</b>')).get("aria-label") or ""
    assert label.startswith('<b>"x"</b>')


def test_each_row_on_the_page_has_a_sparkline_of_members_by_month(
    client: Client, world: World
) -> None:
    response = _open(client, world)
    page = response.content.decode()
    rows = response.context["table"].page.object_list
    assert page.count('class="sparkline"') == len(rows)
    mine = next(f for f in rows if f.community == world.community)
    assert mine.members_by_month and mine.members_by_month[-1] == mine.active_members
    # The PDF's template draws none (layout time).
    from django.template.loader import render_to_string

    pdf_html = render_to_string(
        "reports/program_pdf.html", {"report": program_report(world.program)}
    )
    assert "sparkline" not in pdf_html and "Circle" in pdf_html


def test_a_small_group_shows_counts_only_never_more_than_the_table(
    client: Client, world: World
) -> None:
    """A group of one: its line is seat counts (as the Members column), no rate, no name."""
    _busy_groups(world)
    response = _open(client, world, "?sort=members&dir=asc")
    figures = next(
        f for f in response.context["table"].page.object_list if f.community.name == "Zone 1"
    )
    assert figures.active_members == 1
    label = fromstring(figures.sparkline).get("aria-label") or ""
    assert "%" not in label and set(label.split(": ")[1].split(", ")) <= {"0", "1"}
    person = figures.community.memberships.first().user
    assert person.name not in str(figures.sparkline)


def test_the_page_takes_as_many_queries_for_2000_communities_as_for_20(
    client: Client, world: World, django_assert_max_num_queries: Any, settings: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.REPORT_PDF_AT_ONCE_COMMUNITIES = 10  # both "big": the PDF's state is read in both
    _many(world, 18)
    _open(client, world)  # computed and kept
    url = reverse("reports:program", args=[world.program.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url + "?sort=hours&dir=desc&page=1")
    assert len(small) <= 12  # the budget of the page (test_report)
    Community.objects.bulk_create(
        Community(program=world.program, name=f"More {i:04d}", purpose="p", capacity=8)
        for i in range(2000 - 20)
    )
    refresh(world.program)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url + "?sort=hours&dir=desc&page=40")
    assert len(response.context["report"].communities) == 2000
    assert len(_names(response)) == PER_PAGE
