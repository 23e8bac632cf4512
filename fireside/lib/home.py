"""What a signed-in person's home lists under "Needs your attention": each app says what needs
this person, and the home gathers it, so a new feature adds its task without touching the
home view (pretix's signal-based dashboard widgets are the model, without the signals).

An app that has something for a person to do writes `<app>/home.py`:

    from fireside.lib.home import Task, Urgency, Viewer, register_tasks

    def reflection_due(viewer: Viewer) -> list[Task]:
        ...one query at most, reading `viewer.places` rather than the person's groups again...
        return [Task(kind="reflection-due", urgency=Urgency.THIS_WEEK, title=..., action=...,
                     url=...)]

    def register_all() -> None:
        register_tasks(reflection_due, order=40)

and calls `register_all()` from its `AppConfig.ready()`. Lib imports no domain app: what a
viewer carries from the domain (`places`, `staff`) is typed loosely here and read by the apps
that know it.

Rules for a source:
- at most one query for a person however many groups they are in (the home as a whole stays
  within 12; `fireside/programs/tests/test_home.py` counts them), none when the person
  cannot have such a task (check `viewer.places` and `viewer.staff` first);
- titles and actions already translated (the source runs inside the request's language);
- one task per thing to do, with `count` when it stands for several of the same kind (seven
  debriefs to write are one task with count 7 and a link to the list).

The home's sections from the apps (new in your groups, peer mentoring, hours, the mentor's
groups...) are panels, registered the same way:

    register_panel("peer_mentoring", summary, template="mentoring/_home.html",
                   region=Region.YOURS, order=10)

The source runs in the home view (so the page's query count is the view's, pinned by
`fireside/programs/tests/test_home.py`) and returns what its template reads as `panel`, or None
when the section is not shown to this person. Its template formats; it never queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import cached_property
from typing import Any

from django.utils import timezone


class Urgency(IntEnum):
    """Lower comes first on the home page."""

    NOW = 10  # someone waits for this person's answer: a seat offered, an agreement changed
    TODAY = 20  # due today or overdue: attendance of a gathering just held
    THIS_WEEK = 30  # due soon: a debrief, this week's connection, a survey closing
    THIS_MONTH = 40  # due this month: the monthly reflection
    WHEN_YOU_CAN = 50  # nothing is late: people waiting for a partner, groups to staff


@dataclass(frozen=True)
class Task:
    kind: str  # stable, for tests and anchors: "reflection-due", "debriefs-to-write"…
    urgency: Urgency
    title: str  # translated: what needs doing, with the group or program in it
    action: str  # translated label of the one-tap action
    url: str
    detail: str = ""  # translated: one line of why or by when
    count: int = 1  # several of the same kind in one task (shown when above 1)
    method: str = "get"  # "post" when the action is a form button (with `fields`)
    fields: tuple[tuple[str, str], ...] = ()  # hidden fields of that form


@dataclass
class Viewer:
    """The person whose home is built, and what the page read once for every source."""

    user: Any  # fireside.accounts.models.User
    places: Any  # fireside.communities.places.Places
    staff: list[Any] = field(default_factory=list)  # their ProgramStaff rows, with program
    now: dt.datetime = field(default_factory=timezone.now)

    @cached_property
    def staff_programs(self) -> dict[str, list[Any]]:
        """Programs by staff role ("coordinator", "mentor")."""
        by_role: dict[str, list[Any]] = {}
        for row in self.staff:
            by_role.setdefault(row.role, []).append(row.program)
        return by_role


TaskSource = Callable[[Viewer], Iterable[Task]]

_sources: list[tuple[int, str, TaskSource]] = []


def register_tasks(source: TaskSource, *, order: int) -> None:
    """Add a task source; `order` breaks ties between tasks of the same urgency. Registering
    the same function twice (a reloaded app) keeps one."""
    name = f"{source.__module__}.{source.__qualname__}"
    _sources[:] = [entry for entry in _sources if entry[1] != name]
    _sources.append((order, name, source))
    _sources.sort(key=lambda entry: (entry[0], entry[1]))


def registered_sources() -> list[str]:
    return [name for _, name, _ in _sources]


def tasks_for(viewer: Viewer) -> list[Task]:
    """Every source's tasks for this person, the most urgent first (then by source order,
    then as each source listed them)."""
    collected: list[tuple[int, int, int, Task]] = []
    for position, (_, _, source) in enumerate(_sources):
        for index, task in enumerate(source(viewer)):
            collected.append((task.urgency, position, index, task))
    collected.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in collected]


class Region(StrEnum):
    """Where on the home a panel sits, between the sections the home itself shows."""

    NEWS = "news"  # after the next gatherings, before "Your groups"
    YOURS = "yours"  # after "Your groups", before the waiting lists
    STAFF = "staff"  # after "Programs you coordinate"


@dataclass(frozen=True)
class Panel:
    name: str
    template: str  # included with `panel` set to `data`
    data: Any


PanelSource = Callable[[Viewer], Any]  # what the template reads, or None: not shown

_panels: list[tuple[Region, int, str, str, PanelSource]] = []


def register_panel(
    name: str, source: PanelSource, *, template: str, region: Region, order: int
) -> None:
    """Add a section to the home. Registering a name again (a reloaded app) replaces it."""
    _panels[:] = [entry for entry in _panels if entry[2] != name]
    _panels.append((region, order, name, template, source))
    _panels.sort(key=lambda entry: (entry[1], entry[2]))


def registered_panels() -> list[str]:
    return [entry[2] for entry in _panels]


def panels_for(viewer: Viewer) -> dict[str, list[Panel]]:
    """The panels shown to this person, by region, each region in order."""
    regions: dict[str, list[Panel]] = {region.value: [] for region in Region}
    for region, _, name, template, source in _panels:
        data = source(viewer)
        if data is not None:
            regions[region.value].append(Panel(name, template, data))
    return regions
