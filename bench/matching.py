"""How long suggesting peer pairs takes: 1,000 members, as a program holds them.

    .venv/bin/python bench/matching.py            # the matching alone (no database)
    .venv/bin/python bench/matching.py --db       # and the facilitator's path, with SQLite

Pairs form inside a group, and a group holds at most 12 people (a database constraint), so
1,000 members are 84 groups: 83 of 12 and one of 4. Profiles are drawn (seeded) from the
interests, regions and availability phrases of the demo data. Times are wall-clock on this
machine: the median of several runs, with the fastest and slowest beside it.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx  # noqa: E402

from fireside.mentoring.matching import Person, suggest  # noqa: E402

MEMBERS, GROUP = 1000, 12
INTERESTS = [
    "music",
    "outdoor play",
    "risky play",
    "loose parts",
    "infant care",
    "documentation",
    "nature",
    "inclusion",
    "art",
    "self-care",
    "family engagement",
    "transitions",
    "language development",
    "land-based learning",
]
TIMES = [
    "Weekday evenings",
    "Weekday evenings after 6",
    "Saturday mornings or evenings",
    "Tuesday to Thursday",
    "Evenings, not Fridays",
    "After 5:30 on weekdays",
    "Weekends",
    "Lunch breaks, 12–1",
    "Weekdays 9–4",
    "Tuesdays and Thursdays after work",
    "",
]
REGIONS = ["Sunshine Coast", "Okanagan", "Northern Interior", "Vancouver Island", "Kootenays"]


def profiles(rng: random.Random, count: int, first_id: int) -> list[Person]:
    return [
        Person(
            id=first_id + i,
            name=f"Person {first_id + i}",
            interests=tuple(rng.sample(INTERESTS, rng.randint(0, 4))),
            region=rng.choice(REGIONS),
            availability=rng.choice(TIMES),
            months=rng.randint(0, 48),
        )
        for i in range(count)
    ]


def sizes(members: int = MEMBERS, group: int = GROUP) -> list[int]:
    full, rest = divmod(members, group)
    return [group] * full + ([rest] if rest else [])


def timed(runs: int, work: Callable[[], object]) -> tuple[float, float, float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), min(seconds), max(seconds)


def show(label: str, result: tuple[float, float, float]) -> None:
    median, low, high = result
    print(
        f"{label:<58} median {median * 1000:8.1f} ms  (min {low * 1000:.1f}, max {high * 1000:.1f})"
    )


def pure(runs: int) -> None:
    rng = random.Random(2026)
    groups = []
    next_id = 1
    for size in sizes():
        groups.append(profiles(rng, size, next_id))
        next_id += size

    def fresh() -> list[list[Person]]:
        # New Person objects each run, so the availability each one parses is not cached.
        return [
            [Person(p.id, p.name, p.interests, p.region, p.availability, p.months) for p in g]
            for g in groups
        ]

    batches = [fresh() for _ in range(runs)]
    show(
        f"{MEMBERS} members in {len(groups)} groups, in person",
        timed(runs, lambda: [suggest(g, in_person=True) for g in batches.pop()]),
    )
    one = groups[0]
    show("one group of 12", timed(max(runs, 50), lambda: suggest(fresh()[0], in_person=True)))
    print(f"  (the group of 12 above: {len(suggest(one, in_person=True).groups)} pairs)")
    print("one graph, everyone in it (not possible in the product: groups hold at most 12):")
    for size in (12, 50, 100, 200):
        people = profiles(random.Random(size), size, 1)
        show(
            f"  {size} people",
            timed(1 if size > 100 else 3, lambda p=people: suggest(p, in_person=True)),
        )


def database(runs: int) -> None:
    """The facilitator's path for every group: load the group, suggest. SQLite, in /tmp."""
    var = Path(tempfile.gettempdir()) / "fireside-bench-matching"
    os.environ.setdefault("FIRESIDE_VAR_DIR", str(var))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fireside.accounts.models import User
    from fireside.communities.models import Community, Membership
    from fireside.mentoring.actions import suggest_pairs
    from fireside.programs.models import Program

    call_command("migrate", verbosity=0)
    program = Program.objects.filter(name="Matching bench").first()
    if program is None:
        import datetime as dt

        rng = random.Random(7)
        program = Program.objects.create(
            name="Matching bench",
            starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2027, 6, 30),
            eligible_role_types=["ece"],
        )
        people = profiles(rng, MEMBERS, 1)
        users = User.objects.bulk_create(
            User(
                email=f"bench-{p.id}@example.org",
                name=p.name,
                role_type="ece",
                region=p.region,
                interests=list(p.interests),
                availability=p.availability,
                password="!",  # noqa: S106 - unusable
            )
            for p in people
        )
        at = 0
        for n, size in enumerate(sizes()):
            community = Community.objects.create(
                program=program,
                name=f"Bench circle {n}",
                purpose="p",
                audience="ece",
                region=rng.choice(REGIONS),
                mode="in_person",
                capacity=GROUP,
            )
            Membership.objects.bulk_create(
                Membership(
                    community=community,
                    user=u,
                    status="active",
                    joined_on=dt.date(2026, 9, 1) - dt.timedelta(days=rng.randint(0, 1400)),
                )
                for u in users[at : at + size]
            )
            at += size
    communities = list(Community.objects.filter(program=program).select_related("program"))
    with CaptureQueriesContext(connection) as queries:
        suggest_pairs(community=communities[0])
    show(
        f"{MEMBERS} members, {len(communities)} groups, from the database",
        timed(runs, lambda: [suggest_pairs(community=c) for c in communities]),
    )
    show(
        "one group of 12, from the database",
        timed(max(runs, 50), lambda: suggest_pairs(community=communities[0])),
    )
    print(f"  queries per group: {len(queries.captured_queries)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="store_true", help="also time the path through SQLite")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()}, networkx {networkx.__version__}, "
        f"{os.cpu_count()} CPUs"
    )
    pure(args.runs)
    if args.db:
        database(args.runs)


if __name__ == "__main__":
    main()
