"""The report's words, made ready for its page and its PDF by their views (never by a
template tag, so the queries are counted with the view's): the survey results' free text
grouped by theme, the shared excerpts likewise, and the shared stories, with the names of
the program's people hidden in all of them (read once for the whole report)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fireside.reports.figures import ProgramReport
from fireside.surveys.free_text import FreeText, PageFreeText


@dataclass(frozen=True)
class ReportWords:
    surveys: list[Any]  # report.surveys, each free text question grouped (`free_text`)
    excerpts: FreeText | None  # None when nobody shared one
    stories: list[Any]  # stories.actions.SharedStory, without names


def report_words(report: ProgramReport, order: str = "count") -> ReportWords:
    """In the order _body.html shows them, so each list of texts keeps its anchor."""
    page = PageFreeText(order)
    program = report.program
    surveys = [page.in_results(s, program) for s in report.surveys]
    excerpts = page.group(report.excerpts, program) if report.excerpts else None
    stories = [page.without_names(s, program) for s in report.stories]
    return ReportWords(surveys, excerpts, stories)
