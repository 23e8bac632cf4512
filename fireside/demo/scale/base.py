"""The scale dataset's building blocks: sizes per factor, the plan of one community, and
a base that writes rows in bulk (see seed.py)."""

from __future__ import annotations

import datetime as dt
import random
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps
from django.db import models

from fireside.programs.models import Program

DOMAIN = "scale.fireside.test"  # .test: no email from this dataset can reach anyone
PASSWORD = "fireside-scale-bench"  # noqa: S105 - every account of a throwaway benchmark dataset
BATCH = 2000
CHUNK = 50  # communities written per transaction
MONTHS_PAST, MONTHS_AHEAD = 20, 4  # two years of monthly gatherings around the anchor
BENCH_GROUPS = 10  # the bench member's groups: the calendar feed target is for 10
BENCH_REPLIES = 50  # the bench thread, against the peer forum's topic of as many comments
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Sizes:
    """Row targets at a factor; communities keep the same density at every factor, so
    growing the factor adds communities, not bigger ones."""

    programs: int
    communities: int
    people: int
    posts: int  # threads and replies
    connections: int
    reflections: int
    resources: int
    certificates: int

    @classmethod
    def at(cls, factor: float) -> Sizes:
        def n(full: int) -> int:
            return max(1, round(full * factor))

        communities = max(2, n(2000))
        return cls(
            programs=min(n(20), communities),
            communities=communities,
            people=max(n(24_000), communities * 12),
            posts=communities * 250,
            connections=n(100_000),
            reflections=n(50_000),
            resources=communities * 10,
            certificates=n(12_000),
        )


@dataclass
class Group:
    """One community as planned before anything is written."""

    index: int
    program: int  # index into the programs
    audience: str
    mode: str
    region: str
    capacity: int
    active: list[int] = field(default_factory=list)  # user pks
    waiting: list[int] = field(default_factory=list)
    facilitators: list[int] = field(default_factory=list)
    pk: int = 0


@contextmanager
def given_times() -> Iterator[None]:
    """auto_now and auto_now_add would stamp every row with this minute; the dataset has
    a history, so its rows carry their own times while it is written."""
    saved = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


class Base:
    """Time, randomness and bulk inserts, shared by every step of the build."""

    programs: list[Program]
    groups: list[Group]
    bench_users: dict[str, int]
    names: dict[int, str]
    total_pairs: int
    bodies: list[tuple[str, str]]  # Markdown and its HTML, rendered once
    perspectives: list[tuple[str, str]]
    recent_threads: dict[int, list[Any]]  # per community, latest activity first

    def __init__(
        self,
        factor: float,
        *,
        seed: int = 1,
        anchor: dt.date,
        log: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.factor, self.seed, self.anchor, self.log = factor, seed, anchor, log
        self.sizes = Sizes.at(factor)
        self.now = dt.datetime.combine(anchor, dt.time(12), tzinfo=dt.UTC)
        self.start = self.now - dt.timedelta(days=30 * MONTHS_PAST)
        self.counts: dict[str, int] = {}
        self.timings: dict[str, float] = {}
        self.bench: dict[str, Any] = {}

    def rng(self, step: str) -> random.Random:
        # One generator per step: changing one step leaves the others' rows as they were.
        return random.Random(f"{self.seed}:{step}")  # noqa: S311 - test data, not secrets

    def insert(self, model: type[M], objs: Sequence[M]) -> list[M]:
        """bulk_create in batches, filling times nobody gave with the anchor's now."""
        stamped = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateTimeField)
            and not f.null
            and f.default is models.NOT_PROVIDED
        ]
        for obj in objs:
            for name in stamped:
                if getattr(obj, name) is None:
                    setattr(obj, name, self.now)
        created = model._default_manager.bulk_create(objs, batch_size=BATCH)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(objs)
        return created

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        yield
        took = time.perf_counter() - began
        self.timings[name] = self.timings.get(name, 0.0) + took
        self.log(f"  {name}: {took:.1f} s")

    @staticmethod
    def _cpu_seconds() -> float:
        """This process's CPU time, and the database server's work on SQLite (in-process)."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def _month_start(self, offset: int) -> dt.date:
        months = self.anchor.year * 12 + self.anchor.month - 1 + offset
        return dt.date(months // 12, months % 12 + 1, 1)
