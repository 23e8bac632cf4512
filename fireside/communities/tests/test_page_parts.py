"""The registries communities owns for the pages it builds from higher apps' parts: each
higher app registers itself at start-up (docs/architecture.md, "Going down")."""

from __future__ import annotations

from fireside.communities import page_parts, rollover
from fireside.gatherings import home as gathering_home
from fireside.gatherings import rollover as gathering_rollover
from fireside.library import page_parts as library_parts


def test_it_hears_the_next_gatherings_for_the_home_and_the_library_for_the_program_page() -> None:
    assert page_parts._home.source("upcoming") is gathering_home.upcoming
    assert page_parts._program.source("reads_library") is library_parts.reads_library


def test_it_carries_on_the_series_gatherings_plans_into_next_year() -> None:
    assert rollover._series == {
        "plan": gathering_rollover.series_plans,
        "make": gathering_rollover.carry_on,
    }
