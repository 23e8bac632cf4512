"""A group's progress page: its own numbers, the same queries whatever its size, no chart of
fewer people than the threshold, and each chart downloadable as the very picture shown."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from fireside.communities.models import Membership
from fireside.demo.factories import GatheringFactory, make_member
from fireside.gatherings.models import Attendance
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db

UTC = dt.UTC
OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)
GROUP_CHARTS = ("attendance", "hours", "active", "connections", "reflections")


@pytest.fixture
def december(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 12, 7, 20, 0, tzinfo=UTC), tick=False)


def _busy(world: World, people: int) -> list[Any]:
    """`people` more members who each attended an October gathering and wrote in November;
    they pair up and connect."""
    gathering = GatheringFactory(
        community=world.community, starts_at=dt.datetime(2026, 10, 10, 18, 0, tzinfo=UTC)
    )
    added = [make_member(world.community) for _n in range(people)]
    Membership.objects.filter(community=world.community, joined_on__isnull=False).update(
        joined_on=dt.date(2026, 9, 1)
    )
    for person in added:
        Attendance.objects.create(gathering=gathering, user=person, present=True, minutes=60)
        make_reflection(world.program, person, month=NOV)
    for a, b in zip(added[::2], added[1::2], strict=False):
        make_connection(make_pairing(world.community, a, b), a, minutes=30, happened_on=OCT)
    return added


def _page(client: Client, world: World) -> Any:
    client.force_login(world.facilitator)
    response = client.get(reverse("reports:community_progress", args=[world.community.pk]))
    assert response.status_code == 200
    return response


def _charts(response: Any) -> dict[str, Any]:
    return {c.key.removeprefix("group-"): c for c in response.context["charts"]}


def test_the_page_takes_as_many_queries_for_12_members_as_for_3(
    client: Client, december: None, world: World, settings: Any
) -> None:
    settings.SURVEY_MIN_RESPONSES = 2
    _busy(world, 1)  # with Mina and Fay: 3
    _page(client, world)
    with CaptureQueriesContext(connection) as small:
        _page(client, world)
    _busy(world, 9)  # 12
    with CaptureQueriesContext(connection) as big:
        response = _page(client, world)
    assert len(big) == len(small)
    assert _charts(response)["active"].series[0].values[-1] == 12


def test_each_group_chart_waits_for_the_threshold(
    client: Client, december: None, world: World, settings: Any
) -> None:
    settings.SURVEY_MIN_RESPONSES = 3
    _busy(world, 2)  # two attended, wrote and connected; four hold a seat
    charts = _charts(_page(client, world))
    shown = {key for key in GROUP_CHARTS if not charts[key].withheld}
    assert shown == {"active"}  # 4 people; 2 attended, 2 earned hours, 2 connected, 2 wrote
    for key in GROUP_CHARTS:
        chart = charts[key]
        if chart.withheld:
            assert chart.rows == [] and chart.series == []
            assert "Too few answers yet" in str(chart.svg)
    html = _page(client, world).content.decode()
    assert html.count("Too few answers yet") >= 2 * 4  # the caption and the table, each

    _busy(world, 2)  # two more did it all
    charts = _charts(_page(client, world))
    assert not any(charts[key].withheld for key in GROUP_CHARTS)
    assert charts["reflections"].rows[2] == ("Nov", ["4"])
    assert "Too few answers yet" not in str(charts["hours"].svg)


def test_a_group_counts_only_what_it_did(
    client: Client, december: None, world: World, settings: Any
) -> None:
    settings.SURVEY_MIN_RESPONSES = 2
    _busy(world, 4)
    elsewhere = GatheringFactory(
        community=world.other_community, starts_at=dt.datetime(2026, 10, 12, 18, 0, tzinfo=UTC)
    )
    Attendance.objects.create(gathering=elsewhere, user=world.member, present=True, minutes=600)
    Attendance.objects.create(gathering=elsewhere, user=world.outsider, present=True, minutes=90)
    hours = _charts(_page(client, world))["hours"]
    gatherings = dict(hours.rows)["Oct"][0]
    assert gatherings == "4.0"  # four people's hour here; never the other circle's


def _svg(markup: str) -> bytes:
    return ET.tostring(fromstring(markup))


@pytest.mark.parametrize("where", ["program", "group"])
def test_each_chart_downloads_as_the_picture_on_its_page(
    client: Client, december: None, world: World, settings: Any, where: str
) -> None:
    settings.SURVEY_MIN_RESPONSES = 2
    _busy(world, 3)
    if where == "program":
        client.force_login(world.coordinator)
        page = client.get(reverse("reports:program", args=[world.program.pk]))
    else:
        page = _page(client, world)
    html = page.content.decode()
    inline = re.findall(r"<svg [^>]*class=\"chart-svg\".*?</svg>", html, re.S)
    links = re.findall(r'<a href="([^"]+\.svg)" download>', html)
    assert len(links) == len(inline) >= 6
    for link, picture in zip(links, inline, strict=True):
        response = client.get(link)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert re.fullmatch(
            r'attachment; filename="[a-z0-9-]+\.svg"', response["Content-Disposition"]
        )
        assert _svg(response.content.decode()) == _svg(picture)
        assert b"<script" not in response.content
    client.force_login(world.member)
    assert client.get(links[0]).status_code in (403, 404)


def test_an_unknown_chart_is_not_found(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    url = reverse("reports:program_chart", args=[world.program.pk, "no-such-chart"])
    assert client.get(url).status_code == 404
    client.force_login(world.facilitator)
    url = reverse("reports:community_chart", args=[world.community.pk, "attendance"])
    assert client.get(url).status_code == 404  # a group's keys are "group-…"


def test_the_pdf_has_no_download_links(client: Client, world: World) -> None:
    from django.template.loader import render_to_string

    from fireside.reports.snapshots import report_for

    html = render_to_string("reports/program_pdf.html", {"report": report_for(world.program)})
    assert "Download image (SVG)" not in html


def test_a_group_chart_of_nobody_says_nothing_to_show_not_too_few(
    client: Client, december: None, world: World, settings: Any
) -> None:
    settings.SURVEY_MIN_RESPONSES = 3
    # Mina and Fay hold a seat (2: too few); nobody attended, connected or wrote (0).
    charts = _charts(_page(client, world))
    active = charts["active"]
    assert active.withheld and "Too few answers yet" in str(active.svg)
    for key in ("attendance", "hours", "connections", "reflections"):
        chart = charts[key]
        assert not chart.withheld and chart.empty and chart.rows == []
        assert "Nothing to show yet" in str(chart.svg)
        assert "Too few answers yet" not in str(chart.svg)
    html = _page(client, world).content.decode()
    too_few, nothing = "Too few answers yet", "Nothing to show yet"
    for key, says, never in (("active", too_few, nothing), ("hours", nothing, too_few)):
        start = html.index(f'id="chart-group-{key}-h"')
        figure = html[start : html.index("</figure>", start)]
        assert figure.count(says) >= 3 and never not in figure  # caption, picture, table
