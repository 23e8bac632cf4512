"""The PDF's table of each community, drawn cheaply.

WeasyPrint lays out every table cell as its own box and shapes its text on its own: a
program of 2,000 groups has 18,000 cells, and they were nearly all of the PDF's drawing
time. The PDF therefore prints each community as two cells, its name and its figures as
one line in a fixed-width font, the columns lined up by spaces under one heading line.
Same figures, in the same order as the page's table; a third of the layout time
(bench/RESULTS.md, "Report PDF"). The page's small line of members by month is printed as
numbers: the members at the end of each of the last `RECENT` months, one column a month.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from fireside.lib.templatetags.fireside import percent_text
from fireside.reports.figures import CommunityFigures, ProgramReport

GAP = 2  # spaces between two columns
RECENT = 3  # months of members by month printed


@dataclass(frozen=True)
class FigureLines:
    headings: str  # the column headings, lined up as the rows' figures
    rows: list[tuple[str, str]]  # (the community's name, its figures)
    months: int = 0  # the last columns: members at the end of each of these months


def _share(value: Decimal | None) -> str:
    return "–" if value is None else percent_text(value)


def _cells(f: CommunityFigures, months: int) -> list[str]:
    recent = f.members_by_month[-months:] if months else []
    return [
        number_format(f.active_members),
        number_format(f.waitlisted),
        _share(f.retention_rate),
        number_format(f.gatherings_held),
        _share(f.attendance_rate),
        number_format(f.hours.hours),
        number_format(f.connections),
        *["–"] * (months - len(recent)),
        *(number_format(n) for n in recent),
    ]


def figure_lines(report: ProgramReport) -> FigureLines:
    """Each community's figures as one line, right-aligned under their headings."""
    headings = [
        _("Members"),
        _("Waiting"),
        _("Retention"),
        _("Gatherings"),
        _("Attendance"),
        _("Hours"),
        _("Connections"),
    ]
    months = report.monthly.months[-RECENT:] if report.monthly else []
    # A month's short name, without spaces: the columns are told apart by spaces.
    headings += [date_format(m, "N").replace(" ", "") for m in months]
    cells = [(f.community.name, _cells(f, len(months))) for f in report.communities]
    widths = [len(h) for h in headings]
    for _name, row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: list[str]) -> str:
        return "".join(v.rjust(w + GAP) for v, w in zip(values, widths, strict=True))

    return FigureLines(line(headings), [(name, line(row)) for name, row in cells], len(months))
