"""Fill an empty database with the scale dataset (see fireside/demo/scale/seed.py).

    manage.py seed_scale --factor 0.01          # 20 communities, 240 people, 5,000 posts
    manage.py seed_scale --factor 1 --manifest /tmp/scale.json

For benchmarks only: every account shares one published password.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fireside.demo.scale.seed import Seeder

MIN_FACTOR, MAX_FACTOR = 0.001, 10.0


def _factor(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise CommandError(f"--factor must be a number, not {raw!r}.") from None
    if not MIN_FACTOR <= value <= MAX_FACTOR:
        raise CommandError(f"--factor must be between {MIN_FACTOR} and {MAX_FACTOR}.")
    return value


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--anchor must be a date (YYYY-MM-DD), not {raw!r}.") from None


class Command(BaseCommand):
    help = "Fill an empty database with a large, realistic dataset for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--factor",
            type=_factor,
            default=1.0,
            help="1 = 2,000 communities in 20 programs, 24,000 people, 500,000 posts; "
            "0.01 and 0.1 give smaller copies.",
        )
        parser.add_argument("--seed", type=int, default=1, help="same seed, same rows")
        parser.add_argument(
            "--anchor",
            type=_date,
            default=None,
            help="the dataset's today (YYYY-MM-DD; default today): history runs up to it",
        )
        parser.add_argument(
            "--manifest", type=Path, help="write the counts, timings and bench ids as JSON"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = options["anchor"] or timezone.localdate()
        verbose = options["verbosity"] > 1
        seeder = Seeder(
            options["factor"],
            seed=options["seed"],
            anchor=anchor,
            log=(lambda line: self.stdout.write(line)) if verbose else (lambda _: None),
        )
        try:
            result = seeder.run()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result["rows"].values())
        self.stdout.write(
            f"Scale dataset at factor {result['factor']}: {rows:,} rows in "
            f"{result['seconds']['total']:.0f} s, {result['seconds']['cpu']:.0f} s of CPU "
            f"({result['database']}; load average {result['load_average']['before']})."
        )
        if options["manifest"]:
            options["manifest"].write_text(json.dumps(result, indent=2) + "\n")
