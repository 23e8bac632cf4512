"""How long computing common threads takes: one community, and a program of a few thousand
texts, as the background task does it (read the texts from the database, TF-IDF + NMF).

    .venv/bin/python bench/themes.py            # SQLite in the system's temporary folder
    .venv/bin/python bench/themes.py --runs 3

The first run seeds its own database (`fireside-bench-themes/` under the temporary folder):
one program of 60 groups of 8 people (480 named people); each group has 24 past gatherings
with notes and attendance, 12 debriefs, 12 topics, 6 value stories shared with the group or
the program, and its members' monthly reflections (4 in 10 with a shared excerpt) — about
5,200 texts in the program, 80 to 100 in a group. Texts are drawn (seeded) from phrase
pools on a dozen themes, so the themes are there to be found. Times are wall-clock on this
machine: the median of several runs, with the fastest and slowest beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

GROUPS, PEOPLE, GATHERINGS = 60, 8, 24
THEMES = {
    "outdoors": [
        "outdoor play in the rain",
        "rain gear for everyone",
        "muddy puddles",
        "loose parts outside",
        "risky play on the climbing tree",
    ],
    "transitions": [
        "tidy-up transitions",
        "a sand timer warning",
        "a visual schedule",
        "transitions after lunch",
        "calm voice and a song",
    ],
    "families": [
        "talking with families at pick-up",
        "a family newsletter",
        "parents sharing photos",
        "home languages",
        "family engagement nights",
    ],
    "burnout": [
        "long shifts and staff shortages",
        "self-care after work",
        "burnout",
        "feeling tired by Friday",
        "time for planning",
    ],
    "infants": [
        "infant sleep routines",
        "bottle feeding schedules",
        "primary caregiving",
        "tummy time",
        "settling new toddlers",
    ],
    "inclusion": [
        "inclusive practice",
        "children with extra support needs",
        "visual supports",
        "sensory breaks",
        "an inclusion coach",
    ],
    "documentation": [
        "learning stories",
        "pedagogical documentation",
        "photos of play",
        "portfolios for families",
        "documentation panels",
    ],
    "nature": [
        "nature walks",
        "land-based learning",
        "the school garden",
        "planting seeds in spring",
        "bird feeders by the window",
    ],
    "behaviour": [
        "biting in the toddler room",
        "big feelings",
        "co-regulation",
        "a calm-down corner",
        "self-regulation research",
    ],
    "literacy": [
        "story time",
        "rhymes and songs",
        "early literacy",
        "books in home languages",
        "puppets for storytelling",
    ],
    "leadership": [
        "mentoring new staff",
        "team meetings",
        "a pedagogical leader",
        "reflective supervision",
        "program planning",
    ],
    "art": [
        "open-ended art",
        "clay and paint",
        "process art",
        "light table",
        "collage with natural materials",
    ],
}
FIRST = [
    "Amara",
    "Ben",
    "Chloé",
    "Dev",
    "Elena",
    "Farah",
    "Gus",
    "Hana",
    "Isaac",
    "Jun",
    "Kiri",
    "Liam",
    "Maya",
    "Noor",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
]
LAST = [
    "Abbott",
    "Bouchard",
    "Chen",
    "Dhillon",
    "Eze",
    "Fraser",
    "Gill",
    "Haddad",
    "Ito",
    "Kaur",
    "Lam",
    "Morin",
    "Nguyen",
    "Olsen",
    "Patel",
    "Roy",
    "Singh",
    "Tremblay",
]
LEADS = [
    "We talked about",
    "Several of us tried",
    "A question came up about",
    "People shared stories of",
    "We want to come back to",
    "Next time, more on",
]


def sentence(rng: random.Random, themes: list[str]) -> str:
    theme = rng.choice(themes)
    first, second = rng.sample(THEMES[theme], 2)
    return f"{rng.choice(LEADS)} {first}, and {second}."


def text(rng: random.Random, themes: list[str], sentences: int) -> str:
    return " ".join(sentence(rng, themes) for _ in range(sentences))


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


def setup() -> None:
    var = Path(tempfile.gettempdir()) / "fireside-bench-themes"
    os.environ.setdefault("FIRESIDE_VAR_DIR", str(var))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("TASKS_BACKEND", "immediate")  # nothing queued while seeding
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed() -> object:
    from django.db import transaction
    from django.utils import timezone

    from fireside.accounts.models import User
    from fireside.communities.models import Community, Membership
    from fireside.gatherings.models import Attendance, Debrief, Gathering, Topic
    from fireside.mentoring.models import Reflection
    from fireside.programs.models import Program
    from fireside.stories.models import Story

    program = Program.objects.filter(name="Themes bench").first()
    if program is not None:
        return program
    rng = random.Random(2026)
    now = timezone.now()
    with transaction.atomic():
        program = Program.objects.create(
            name="Themes bench",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2027, 6, 30),
            eligible_role_types=["ece"],
        )
        users = User.objects.bulk_create(
            User(
                email=f"themes-{i}@example.org",
                name=f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]}",
                password="!",  # noqa: S106 - unusable
            )
            for i in range(GROUPS * PEOPLE)
        )
        for n in range(GROUPS):
            # Each group cares about four themes, shared with other groups.
            themes = rng.sample(sorted(THEMES), 4)
            community = Community.objects.create(
                program=program,
                name=f"Themes circle {n}",
                purpose="p",
                audience="ece",
                region="Coast",
                mode="online",
                capacity=12,
            )
            people = users[n * PEOPLE : (n + 1) * PEOPLE]
            Membership.objects.bulk_create(
                Membership(community=community, user=u, status="active") for u in people
            )
            gatherings = Gathering.objects.bulk_create(
                Gathering(
                    community=community,
                    uid=f"themes-{n}-{i}@bench",
                    title=f"Gathering {i}",
                    starts_at=now - dt.timedelta(days=14 * (i + 1)),
                    duration_minutes=90,
                    timezone="America/Vancouver",
                    location="Library",
                    notes=text(rng, themes, 4),
                    action_points=[sentence(rng, themes)],
                    created_by=people[0],
                )
                for i in range(GATHERINGS)
            )
            Attendance.objects.bulk_create(
                Attendance(gathering=g, user=u, present=rng.random() < 0.8, minutes=90)
                for g in gatherings
                for u in people
            )
            Debrief.objects.bulk_create(
                Debrief(
                    gathering=g,
                    logistics="Room was fine.",
                    common_threads=text(rng, themes, 2),
                    wonderings=sentence(rng, themes),
                    written_by=people[0],
                )
                for g in gatherings[::2]
            )
            Topic.objects.bulk_create(
                Topic(
                    community=community,
                    proposed_by=rng.choice(people),
                    title=rng.choice(THEMES[rng.choice(themes)]).capitalize(),
                    details=sentence(rng, themes),
                )
                for _ in range(12)
            )
            Story.objects.bulk_create(
                Story(
                    author=rng.choice(people),
                    community=community,
                    title=rng.choice(THEMES[rng.choice(themes)]).capitalize(),
                    immediate=sentence(rng, themes),
                    applied=sentence(rng, themes),
                    realised=sentence(rng, themes),
                    shared_with_group_at=now,
                    shared_with_program_at=now if i % 2 else None,
                )
                for i in range(6)
            )
            Reflection.objects.bulk_create(
                Reflection(
                    author=u,
                    program=program,
                    month=dt.date(2026, m, 1),
                    prompt="p",
                    body="Private.",
                    shareable_excerpt=sentence(rng, themes) if rng.random() < 0.4 else "",
                )
                for u in people
                for m in range(1, 12)
            )
    return program


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup()
    import numpy
    import scipy
    import sklearn
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fireside.communities.models import Community
    from fireside.lib.words import extract
    from fireside.themes import actions
    from fireside.themes.models import Scope
    from fireside.themes.sources import collect

    print(
        f"Python {platform.python_version()}, scikit-learn {sklearn.__version__}, "
        f"numpy {numpy.__version__}, scipy {scipy.__version__}, {os.cpu_count()} CPUs, "
        f"{connection.vendor}"
    )
    started = time.perf_counter()
    program = seed()
    print(f"seeded (or found) in {time.perf_counter() - started:.1f} s")
    community = Community.objects.filter(program=program).order_by("pk").first()
    assert community is not None
    for target in (community, None):
        actions.ensure(program, target)  # type: ignore[arg-type]
    group_scope = Scope.objects.get(community=community)
    program_scope = Scope.objects.get(program=program, community__isnull=True)

    for label, scope, target, runs in (
        ("one community", group_scope, community.pk, args.runs),
        ("the whole program", program_scope, None, max(3, args.runs // 2)),
    ):
        texts, names = collect(program, target)  # type: ignore[arg-type]
        with CaptureQueriesContext(connection) as queries:
            collect(program, target)  # type: ignore[arg-type]
        print(f"{label}: {len(texts)} texts, {len(names)} name words to drop")
        show(
            f"  read the texts ({len(queries.captured_queries)} queries)",
            timed(
                runs,
                lambda t=target: collect(program, t),  # type: ignore[misc]
            ),
        )
        level = {"min_people": actions.MIN_PEOPLE}
        if target is None:
            level["min_communities"] = actions.MIN_COMMUNITIES
        most = actions.MOST_THEMES["community" if target else "program"]
        show(
            "  TF-IDF + NMF",
            timed(
                runs,
                lambda t=texts, n=names, m=most, lv=level: extract(t, drop=n, most=m, **lv),  # type: ignore[misc]
            ),
        )
        show(
            "  the whole recomputation (as the task runs it)",
            timed(runs, lambda s=scope: actions.recompute(s.pk)),
        )
        result = extract(texts, drop=names, most=most, **level)
        print(f"  themes shown: {len(result.themes)}, withheld: {result.withheld}")
        for theme in result.themes[:3]:
            print(
                f"    {', '.join(theme.phrases)} ({theme.texts} texts, {theme.people} people"
                f", {theme.communities} groups)"
            )
    # Marking a scope stale, as every saved note does after its commit.
    show(
        "mark a community and its program stale",
        timed(max(args.runs, 50), lambda: actions.mark_stale(community_ids=[community.pk])),
    )


if __name__ == "__main__":
    main()
