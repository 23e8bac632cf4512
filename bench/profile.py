"""bench/profile.py — server CPU per hot page, in-process, and where it goes.

Builds (or reuses) the scale dataset exactly as bench/run does, then, in a child process
with the production environment (DEBUG off, cached templates, BENCH on), renders each hot
page with Django's test client as its usual requester: a few warm-up renders, then
--repeat timed ones. Prints the median and the lowest CPU time (time.process_time: the
process's own work, SQLite's included, PostgreSQL's not), the median wall time and the
query count, and writes them as JSON with --json. CPU time moves far less than wall time
when other work shares the machine, which is why it is the figure to compare.

    bench/profile.py                                  # every hot page, SQLite, factor 0.01
    bench/profile.py --database postgresql --factor 0.1
    bench/profile.py --profile "hours ledger"         # cProfile, top 30 by cumulative time
    bench/profile.py --profile search --sort tottime --top 40

See bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file's name is the standard library's `profile`, which cProfile imports: take bench/
# off the front of the path first, and put it back at the end, for scale.py and pages.py.
BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
import argparse  # noqa: E402
import cProfile  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

sys.path.append(str(BENCH))

# The hot pages of issue 23, by their names in fireside/demo/scale/pages.py.
HOT = [
    "member home",
    "community home",
    "thread, 50 replies",
    "gathering",
    "directory (filtered)",
    "hours ledger",
    "notifications",
    "search",
    "coordinator report",
]
WARM = 3


def outer(args: argparse.Namespace) -> None:
    """Build or reuse the dataset, then profile in a child with the server's environment."""
    import scale

    args.port = 8110  # only written into SITE_URL; nothing listens
    info = scale.dataset(args, args.database, args.factor)
    manifest = args.root / f"{args.database}-f{scale.tag(args.factor)}.json"
    env = scale.environment(args, args.database, args.factor)
    scale.run([scale.PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=scale.APP, env=env)
    cmd = [str(scale.PY), __file__, "--inner", str(manifest), *sys.argv[1:]]
    scale.log(
        f"{args.database} factor {args.factor:g} (built {info['built_at']}); "
        f"load average {scale.load_average()}"
    )
    sys.exit(subprocess.run(cmd, cwd=scale.APP, env=env, check=False).returncode)  # noqa: S603


def timed(client: Any, path: str, repeat: int) -> dict[str, float]:
    cpu, wall = [], []
    for _ in range(repeat):
        began, used = time.perf_counter(), time.process_time()
        client.get(path)
        cpu.append(time.process_time() - used)
        wall.append(time.perf_counter() - began)
    return {
        "cpu_ms": round(statistics.median(cpu) * 1000, 2),
        "cpu_min_ms": round(min(cpu) * 1000, 2),
        "wall_ms": round(statistics.median(wall) * 1000, 2),
    }


def inner(args: argparse.Namespace) -> None:
    import pages  # bench/pages.py: sets Django up, the requesters and their clients
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fireside.demo.scale.pages import PAGES

    bench = json.loads(Path(args.inner).read_text())["bench"]
    values, clients, _ = pages.prepare(bench)
    wanted = [args.profile] if args.profile else (args.pages or HOT)
    known = {name: (template, who) for name, template, who in PAGES}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        sys.exit(f"unknown page {unknown}; the pages are: {', '.join(known)}")
    rows = []
    for name in wanted:
        template, who = known[name]
        path, client = template.format(**values), clients[who]
        for _ in range(WARM):
            response = client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(path)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
            print(f"{name} ({path}): {args.repeat} renders, status {response.status_code}")
            print(out.getvalue())
            return
        row = {
            "name": name,
            "path": path,
            "status": response.status_code,
            "queries": len(ctx.captured_queries),
            "kb": round(len(response.content) / 1024, 1),
            **timed(client, path, args.repeat),
        }
        rows.append(row)
        print(
            f"{name:<22} {row['cpu_ms']:>7.2f} ms CPU (min {row['cpu_min_ms']:>6.2f})  "
            f"{row['wall_ms']:>7.2f} ms wall  {row['queries']:>2} queries  "
            f"{row['kb']:>6.1f} KB  {row['status']}",
            flush=True,
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "at": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
                    "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
                    "database": connection.vendor,
                    "factor": args.factor,
                    "repeat": args.repeat,
                    "pages": rows,
                },
                indent=1,
            )
            + "\n"
        )


def main() -> None:
    import scale

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--factor", type=float, default=0.01, help="of the dataset (0.01)")
    parser.add_argument("--repeat", type=int, default=21, help="timed renders a page (21)")
    parser.add_argument("--page", dest="pages", action="append", help="only this page (repeat)")
    parser.add_argument("--profile", metavar="PAGE", help="print a cProfile of this page")
    parser.add_argument("--sort", default="cumulative", help="cProfile order (cumulative)")
    parser.add_argument("--top", type=int, default=30, help="cProfile rows (30)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    scale.add_dataset_arguments(parser)
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be positive")
    if args.inner:
        inner(args)
    else:
        args.root.mkdir(parents=True, exist_ok=True)
        outer(args)


if __name__ == "__main__":
    main()
