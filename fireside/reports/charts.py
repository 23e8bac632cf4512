"""The report's charts over time, in the reader's language, from kept numbers only.

The numbers come with the kept figures (series.py, surveys/paired.py); the words are put
on them when the page or the PDF is drawn, so one snapshot serves both languages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.hours.counting import SOURCES
from fireside.lib.charts import Chart, Series
from fireside.surveys.confidence import SCALE
from fireside.surveys.paired import PairedConfidence

if TYPE_CHECKING:
    from fireside.reports.figures import Cohort
    from fireside.reports.series import Monthly


def source_names() -> dict[str, str]:
    return {
        "gatherings": _("Gatherings attended"),
        "connections": _("Peer connections"),
        "reflections": _("Reflections written"),
        "online_conversations": _("Online conversations"),
        "preparation": _("Preparation and debrief"),
    }


def _months(monthly: Monthly) -> list[str]:
    """Short: the year only on the first month and on each January."""
    return [
        date_format(m, "M Y" if i == 0 or m.month == 1 else "M")
        for i, m in enumerate(monthly.months)
    ]


def over_time(
    monthly: Monthly | None, cohorts: list[Cohort], prefix: str = "", threshold: int = 0
) -> list[Chart]:
    """Attendance, hours, members, retention, connections and reflections by month. With a
    `threshold` (one group's charts), a chart of fewer people than it is withheld: it says
    "too few answers yet", in the picture and the table; a chart of nobody says "nothing
    to show yet" (there is no one to protect, and nothing was withheld)."""
    if monthly is None or not monthly.months:
        return []
    charts = _over_time(monthly, cohorts, prefix)
    if threshold:
        for chart in charts:
            people = monthly.people.get(chart.key.removeprefix(prefix), 0)
            if people == 0:
                chart.series = []  # empty: "nothing to show yet"
            elif people < threshold:
                chart.withheld, chart.series = True, []
    return charts


def _over_time(monthly: Monthly, cohorts: list[Cohort], prefix: str) -> list[Chart]:
    labels = _months(monthly)
    rates = monthly.attendance_rates()
    names = source_names()
    charts = [
        Chart(
            f"{prefix}attendance",
            "line",
            _("Attendance rate by month"),
            _("per cent present"),
            _(
                "Of the places recorded at gatherings held each month, the share where the "
                "person was there."
            ),
            labels,
            [Series(_("Attendance rate"), rates)],
            value_format="{} %",
            label_heading=_("Month"),
        ),
        Chart(
            f"{prefix}hours",
            "stacked",
            _("Hours of professional learning by month"),
            _("hours"),
            _("Hours counted each month, stacked by where they came from."),
            labels,
            [Series(names[s], monthly.hours(s)) for s in SOURCES],
            label_heading=_("Month"),
        ),
        Chart(
            f"{prefix}active",
            "line",
            _("People in a group, by month"),
            _("people"),
            _("How many people held a seat in a group at the end of each month."),
            labels,
            [Series(_("People in a group"), list(monthly.active))],
            label_heading=_("Month"),
        ),
    ]
    if cohorts:
        from fireside.reports.figures import COHORT_OFFSETS

        charts.append(
            Chart(
                f"{prefix}retention",
                "line",
                _("Who stays, by the month people joined"),
                _("per cent still in a group"),
                _(
                    "For the people who first joined in each month, the share still in a "
                    "group one, three, six and twelve months later."
                ),
                [date_format(c.month, "M Y") for c in cohorts],
                [
                    Series(
                        ngettext("After %(n)s month", "After %(n)s months", offset) % {"n": offset},
                        [None if v is None else float(v) for v in (c.retained[i] for c in cohorts)],
                    )
                    for i, offset in enumerate(COHORT_OFFSETS)
                ],
                value_format="{} %",
                label_heading=_("Joined in"),
            )
        )
    charts += [
        Chart(
            f"{prefix}connections",
            "bar",
            _("Peer connections by month"),
            _("connections logged"),
            _("How many peer connections pairs logged each month."),
            labels,
            [Series(_("Connections"), list(monthly.connections))],
            label_heading=_("Month"),
        ),
        Chart(
            f"{prefix}reflections",
            "bar",
            _("Reflections written by month"),
            _("reflections"),
            _("How many monthly reflections people wrote, counted only (never read)."),
            labels,
            [Series(_("Reflections"), list(monthly.reflections))],
            label_heading=_("Month"),
        ),
    ]
    return charts


def confidence_charts(paired: PairedConfidence | None, prefix: str = "") -> list[Chart]:
    """Before and after for the same people: the score's spread, then each program goal's
    answers. Each says "too few answers yet" below the threshold."""
    if paired is None:
        return []
    before, after = _("Before"), _("After")
    charts = [
        Chart(
            f"{prefix}confidence",
            "box",
            _("Confidence before and after, same people"),
            _("score from 1 to 5"),
            ngettext(
                "The spread of confidence scores of the %(n)s person who answered both at "
                "the start and later: the box holds the middle half, the line inside it is "
                "the middle score.",
                "The spread of confidence scores of the %(n)s people who answered both at "
                "the start and later: the box holds the middle half, the line inside it is "
                "the middle score.",
                paired.people,
            )
            % {"n": paired.people},
            [],
            [Series(before, paired.before), Series(after, paired.after)],
            withheld=paired.withheld,
            label_heading=_("Answered"),
        )
    ]
    scale = [str(label) for _value, label in SCALE]
    for i, goal in enumerate(paired.goals, start=1):
        charts.append(
            Chart(
                f"{prefix}goal-{i}",
                "stacked",
                goal.text(),
                _("people"),
                ngettext(
                    "How the %(n)s person who answered this goal on joining and at the end "
                    "of a term answered each time.",
                    "How the %(n)s people who answered this goal on joining and at the end "
                    "of a term answered each time.",
                    goal.people,
                )
                % {"n": goal.people},
                [before, after],
                [
                    Series(name, [goal.before[point], goal.after[point]])
                    for point, name in enumerate(scale)
                ]
                if not goal.withheld
                else [],
                withheld=goal.withheld,
                label_heading=_("Answered"),
            )
        )
    return charts
