"""Charts over time and before/after confidence: right numbers by month, safe pictures,
and nothing drawn from fewer people than the threshold."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.communities.models import Membership
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.gatherings.models import Attendance
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection
from fireside.reports.charts import confidence_charts
from fireside.reports.series import monthly_series, program_months
from fireside.surveys.models import ConfidenceGoal, ConfidenceGoalAnswer
from fireside.surveys.paired import paired_confidence
from fireside.surveys.tests.factories import make_check

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def december(time_machine: Any) -> None:
    """Today is 7 December 2026 at noon in Vancouver (the program runs Sep 2026–Jun 2027)."""
    time_machine.move_to(dt.datetime(2026, 12, 7, 20, 0, tzinfo=UTC), tick=False)


def test_months_run_from_the_start_to_this_month(world: World, december: None) -> None:
    assert program_months(world.program) == [dt.date(2026, m, 1) for m in (9, 10, 11, 12)]
    world.program.starts_on = dt.date(2027, 1, 1)
    assert program_months(world.program) == []


def test_series_count_by_month_in_the_programs_time_zone(december: None, world: World) -> None:
    # 31 October 21:00 in Vancouver is 1 November 04:00 UTC: an October gathering.
    late = GatheringFactory(
        community=world.community, starts_at=dt.datetime(2026, 11, 1, 4, 0, tzinfo=UTC)
    )
    early = GatheringFactory(
        community=world.other_community, starts_at=dt.datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    )
    Attendance.objects.create(gathering=late, user=world.member, present=True, minutes=60)
    Attendance.objects.create(gathering=late, user=world.facilitator, present=False)
    Attendance.objects.create(gathering=early, user=world.outsider, present=True, minutes=30)
    Membership.objects.filter(user=world.member).update(joined_on=dt.date(2026, 9, 15))
    Membership.objects.filter(user=world.outsider).update(
        joined_on=dt.date(2026, 9, 1), left_at=dt.datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    )  # left on 31 October, Vancouver time: still in at the end of September only
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.member, minutes=30, happened_on=dt.date(2026, 10, 31))
    make_reflection(world.program, world.member, month=dt.date(2026, 11, 1))

    series = monthly_series(world.program)
    assert series.months == [dt.date(2026, m, 1) for m in (9, 10, 11, 12)]
    assert series.recorded == [0, 2, 1, 0]
    assert series.present == [0, 1, 1, 0]
    assert series.attendance_rates() == [None, 50.0, 100.0, None]
    assert series.hours("gatherings") == [0.0, 1.0, 0.5, 0.0]
    # Mina from 15 September, Otto until October, Fay from today.
    assert series.active == [2, 1, 1, 2]
    assert series.connections == [0, 1, 0, 0]
    assert series.reflections == [0, 0, 1, 0]

    mine = monthly_series(world.program, community=world.other_community)
    assert mine.recorded == [0, 0, 1, 0] and mine.present == [0, 0, 1, 0]
    assert mine.active == [1, 0, 0, 0] and mine.connections == [0, 0, 0, 0]


def _answers(world: World, people: int, goal: ConfidenceGoal | None = None) -> None:
    for n in range(people):
        person = make_member(world.community, UserFactory())
        start = make_check(
            world.program, person, [2] * 8, community=world.community, taken_on=dt.date(2026, 9, 10)
        )
        later = make_check(
            world.program,
            person,
            [4] * 8,
            community=world.community,
            taken_on=dt.date(2026, 12, 1),
            term_ends_on=dt.date(2026, 12, 31),
        )
        if goal:
            ConfidenceGoalAnswer.objects.create(confidence_check=start, goal=goal, value=2)
            ConfidenceGoalAnswer.objects.create(confidence_check=later, goal=goal, value=4 + n % 2)


def test_before_and_after_waits_for_the_threshold(world: World, settings: Any) -> None:
    settings.SURVEY_MIN_RESPONSES = 3
    goal = ConfidenceGoal.objects.create(
        program=world.program,
        position=1,
        text_en="Play and learning",
        text_fr="Jeu et apprentissage",
    )
    _answers(world, 2, goal)
    make_check(world.program, world.member, [5] * 8, taken_on=dt.date(2026, 9, 10))  # once only
    paired = paired_confidence(world.program)
    assert paired.people == 2 and paired.withheld and paired.before == []
    charts = confidence_charts(paired)
    assert [c.withheld for c in charts] == [True, True]
    for chart in charts:
        assert chart.rows == [] and "Too few answers yet" in str(chart.svg)

    _answers(world, 1, goal)
    paired = paired_confidence(world.program)
    assert paired.people == 3 and paired.before == [2.0] * 3 and paired.after == [4.0] * 3
    assert paired.goals[0].before == [0, 3, 0, 0, 0]
    assert paired.goals[0].after == [0, 0, 0, 2, 1]
    charts = confidence_charts(paired)
    assert [c.withheld for c in charts] == [False, False]
    assert charts[1].title == "Play and learning"
    assert charts[1].rows == [
        ("Before", ["0", "3", "0", "0", "0"]),
        ("After", ["0", "0", "0", "2", "1"]),
    ]
    assert paired_confidence(world.program, hide=True).withheld
    assert paired_confidence(world.program, community=world.other_community).people == 0


def test_the_report_page_and_pdf_show_the_charts(
    client: Client, world: World, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.SURVEY_MIN_RESPONSES = 2
    _answers(world, 2)
    client.force_login(world.coordinator)
    url = reverse("reports:program", args=[world.program.pk])
    client.get(url)  # computes and keeps the figures
    with django_assert_max_num_queries(12):
        response = client.get(url)
    html = response.content.decode()
    assert "Over the program year" in html and "Attendance rate by month" in html
    assert (
        html.count('class="chart-svg"') >= 6
        and "<script" not in html.split("<main")[1].split("</main>")[0]
    )
    assert "Confidence before and after, same people" in html

    from io import BytesIO

    from pypdf import PdfReader

    pdf = client.get(reverse("reports:program_pdf", args=[world.program.pk]))
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Attendance rate by month" in text and "Gatherings attended" in text


def test_a_groups_facilitators_see_its_own_progress(
    client: Client, world: World, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.SURVEY_MIN_RESPONSES = 3
    _answers(world, 2)  # two people answered twice: too few
    url = reverse("reports:community_progress", args=[world.community.pk])
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    client.force_login(world.facilitator)
    tab = client.get(reverse("surveys:community", args=[world.community.pk]))
    assert url in tab.content.decode()  # the group's Progress tab
    with django_assert_max_num_queries(30):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "Attendance rate by month" in html
    assert "Too few answers yet" in html
    assert "Another circle" not in html
