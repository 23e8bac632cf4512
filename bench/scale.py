"""bench/run — Fireside's key pages at scale, against a floor and a peer, in one sitting.

For each database (SQLite, PostgreSQL) and each factor of the scale dataset (seed_scale):
build the dataset (or reuse the one built by the same code, seed and anchor), serve it
with gunicorn in production mode, load every key page over loopback with wrk at 1 and 8
concurrent clients (time- and count-limited), count each page's SQL queries in-process,
and read the workers' memory. Spirit's topic page (the peer kit) is measured in the same
run with as many posts as Fireside's thread page. Writes bench/RESULTS.md and the raw
figures to bench/results/<date>-scale.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
APP = BENCH.parent
PY = APP / ".venv" / "bin" / "python"
GUNICORN = APP / ".venv" / "bin" / "gunicorn"
KIT = Path(os.environ.get("KIT", str(APP.parent / "shared" / "peers" / "spirit")))
PEER = Path("/tmp/peer-spirit")  # noqa: S108 - the peer kit's own state directory
SECRET = "fireside-benchmark-only-not-a-real-secret-0123456789"  # noqa: S105 - loopback bench
CONCURRENCY = (1, 8)

# Targets from the issue ("Fast at any size").
FLOOR_MULTIPLE = 10  # median at 1 client, as a multiple of the floor's
P95_MS = 25  # at 8 clients, factor 1
MAX_QUERIES = 12
MAX_GROWTH = 1.2  # median at 1 client, smallest to largest factor
SPIRIT_MULTIPLE = 4  # thread page rps over Spirit's topic page rps, 8 clients
REPORT_MS = 300
FEED_MS = 20
RSS_MB = 150


def log(msg: str) -> None:
    print(f"[{dt.datetime.now(dt.UTC):%H:%M:%S}] {msg}", flush=True)


def tag(factor: float) -> str:
    return f"{factor:g}".replace(".", "_")


def run(cmd: list[Any], **kw: Any) -> subprocess.CompletedProcess[str]:
    kw.setdefault("check", True)
    return subprocess.run([str(c) for c in cmd], text=True, **kw)  # noqa: S603


# --- environment and datasets --------------------------------------------------------


def database_url(args: argparse.Namespace, db: str, factor: float) -> str:
    if db == "sqlite":
        return f"sqlite:///{args.root}/fireside-f{tag(factor)}.sqlite3"
    return f"{args.pg.rstrip('/')}/{args.db_prefix}_f{tag(factor)}"


def environment(args: argparse.Namespace, db: str, factor: float) -> dict[str, str]:
    """Production mode, as bench/env.sh spells it, plus BENCH for the floor view."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "SECRET_KEY_FILE"}}
    env.update(
        FIRESIDE_ENV="production",
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(args, db, factor),
        FIRESIDE_VAR_DIR=str(args.root / "var"),
        SITE_URL=f"http://127.0.0.1:{args.port}",
        EMAIL_URL="locmem:",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        BEHIND_PROXY="false",
        LOG_LEVEL="WARNING",
        BENCH="true",
        PYTHONPYCACHEPREFIX=str(args.root / "pycache"),
        DJANGO_SETTINGS_MODULE="fireside.settings",
    )
    return env


def code_key(args: argparse.Namespace, factor: float) -> str:
    """What the dataset depends on: the schema, the seeder, the seed, the anchor."""
    h = hashlib.sha256(f"{factor}|{args.seed}|{args.anchor}".encode())
    files = sorted(APP.glob("fireside/*/migrations/*.py")) + sorted(
        APP.glob("fireside/demo/scale/*.py")
    )
    for f in files:
        h.update(f.relative_to(APP).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def recreate_postgres(env: dict[str, str]) -> None:
    script = """
import os, sys
from urllib.parse import urlsplit
import psycopg
u = urlsplit(os.environ["DATABASE_URL"]); name = u.path.lstrip("/")
try:
    conn = psycopg.connect(host=u.hostname or "127.0.0.1", port=u.port or 5432,
                           user=u.username or "postgres", password=u.password or None,
                           dbname="postgres", autocommit=True, connect_timeout=5)
except psycopg.OperationalError as e:
    sys.exit(f"PostgreSQL is not reachable ({e}); run with --databases sqlite.")
conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
conn.execute(f'CREATE DATABASE "{name}"')
"""
    run([PY, "-c", script], env=env)


def dataset(args: argparse.Namespace, db: str, factor: float) -> dict[str, Any]:
    """The manifest of a ready dataset: reused when built by the same code, else rebuilt."""
    env = environment(args, db, factor)
    manifest = args.root / f"{db}-f{tag(factor)}.json"
    key = code_key(args, factor)
    if manifest.exists() and not args.rebuild:
        known = json.loads(manifest.read_text())
        if known.get("key") == key:
            log(f"{db} factor {factor:g}: reusing the dataset built {known['built_at']}")
            return known
    log(f"{db} factor {factor:g}: building the dataset")
    if db == "sqlite":
        path = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        recreate_postgres(env)
    began = time.perf_counter()
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=APP, env=env)
    migrated = time.perf_counter() - began
    raw = args.root / f"{db}-f{tag(factor)}.seed.json"
    run(
        [
            PY,
            "manage.py",
            "seed_scale",
            "--factor",
            factor,
            "--seed",
            args.seed,
            "--anchor",
            args.anchor,
            "--manifest",
            raw,
        ],
        cwd=APP,
        env=env,
    )
    result = json.loads(raw.read_text())
    result.update(
        key=key,
        built_at=f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        migrate_seconds=round(migrated, 1),
        wall_seconds=round(time.perf_counter() - began, 1),
    )
    manifest.write_text(json.dumps(result, indent=1) + "\n")
    log(f"{db} factor {factor:g}: built in {result['wall_seconds']:.0f} s")
    return result


# --- load ----------------------------------------------------------------------------


def status_of(url: str, headers: dict[str, str]) -> tuple[int, float]:
    """One request: its status and how long it took (seconds)."""
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname or "127.0.0.1", u.port, timeout=300)
    began = time.perf_counter()
    conn.request("GET", u.path + (f"?{u.query}" if u.query else ""), headers=headers)
    response = conn.getresponse()
    response.read()
    took = time.perf_counter() - began
    conn.close()
    return response.status, took


def wrk(
    args: argparse.Namespace, url: str, c: int, secs: float, headers: dict[str, str]
) -> dict[str, float]:
    cmd: list[Any] = ["wrk", "-t", 1 if c < 2 else 2, "-c", c, "-d", f"{secs:g}s"]
    cmd += ["--timeout", "30s", "-s", BENCH / "wrk_limit.lua"]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    cmd += [url, "--", args.max_requests]
    out = run(cmd, capture_output=True, timeout=secs + 120).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    return {k: float(v) for k, v in (f.split("=", 1) for f in line.split()[1:])}


def measure(
    args: argparse.Namespace, url: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    headers = headers or {}
    code, _first = status_of(url, headers)  # the first may pay for a cold worker
    if code != 200:  # a redirect or an error page would be a bogus fast result
        return {"error": f"answered {code}, not 200: not measured"}
    single = sorted(status_of(url, headers)[1] for _ in range(3))[1]
    if single > args.seconds / 10:
        # Too slow to load: the requests wrk leaves behind would keep both workers busy
        # long after its run and spoil the next pages' figures; and at one client there
        # would be too few answers for percentiles.
        return {
            "error": f"too slow to load: {single * 1000:,.0f} ms a request, one at a time "
            "(median of 3)",
            "single_ms": round(single * 1000, 1),
        }
    warm = wrk(args, url, 8, 1, headers)
    result: dict[str, Any] = {"warmup_requests": warm["requests"]}
    for c in CONCURRENCY:
        result[f"c{c}"] = wrk(args, url, c, args.seconds, headers)
        if result[f"c{c}"]["requests"] < 2:  # nothing to take percentiles of
            return {"error": f"under 2 answers in {args.seconds:g} s at {c} clients", **result}
    return result


def requests_in(result: dict[str, Any]) -> int:
    return int(result.get("warmup_requests", 0)) + sum(
        int(result[f"c{c}"]["requests"]) for c in CONCURRENCY if f"c{c}" in result
    )


def worker_rss_mb(master: int) -> list[float]:
    rss = []
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss.append(round(int(line.split()[1]) / 1024, 1))
    return rss


@contextlib.contextmanager
def gunicorn(args: argparse.Namespace, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    with (args.root / "gunicorn.log").open("ab") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn
            [
                str(GUNICORN),
                "fireside.wsgi:application",
                "--workers",
                str(args.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{args.port}",
            ],
            cwd=APP,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(200):
            with contextlib.suppress(OSError):
                if status_of(f"http://127.0.0.1:{args.port}/bench/floor", {})[0] == 200:
                    break
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn did not start: see {args.root / 'gunicorn.log'}")
            time.sleep(0.2)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def pages(args: argparse.Namespace, db: str, factor: float) -> dict[str, Any]:
    """One dataset: query counts in-process, then the load, then the workers' memory."""
    info = dataset(args, db, factor)
    env = environment(args, db, factor)
    manifest = args.root / f"{db}-f{tag(factor)}.json"
    listing = json.loads(
        run([PY, BENCH / "pages.py", manifest], cwd=APP, env=env, capture_output=True).stdout
    )
    base = f"http://127.0.0.1:{args.port}"
    served = 0
    with gunicorn(args, env) as proc:
        log(f"{db} factor {factor:g}: serving (pid {proc.pid}), measuring {len(listing)} pages")
        for page in listing:
            if page.get("absent"):
                continue
            page["load"] = measure(args, base + page["path"], page["headers"])
            served += requests_in(page["load"])
            log(f"  {page['name']}: {summary(page['load'])}")
        floor_again = measure(args, base + "/bench/floor")
        served += requests_in(floor_again)
        rss = worker_rss_mb(proc.pid)
    for page in listing:
        page.pop("headers", None)  # session keys and tokens stay out of the results
    return {
        "db": db,
        "factor": factor,
        "dataset": {
            k: info[k]
            for k in (
                "rows",
                "sizes",
                "seconds",
                "load_average",
                "wall_seconds",
                "migrate_seconds",
                "built_at",
                "bench",
            )
            if k in info
        },
        "pages": listing,
        "floor_after": floor_again,
        "memory": {"worker_rss_mb": rss, "requests_served": served, "workers": args.workers},
    }


def summary(load: dict[str, Any]) -> str:
    if "error" in load:
        return load["error"]
    return " | ".join(
        f"c={c} rps={load[f'c{c}']['rps']:.0f} p50={load[f'c{c}']['p50_ms']:.1f}ms "
        f"p95={load[f'c{c}']['p95_ms']:.1f}ms"
        for c in CONCURRENCY
    )


# --- the peer ------------------------------------------------------------------------


def _alive(pidfile: Path) -> bool:
    if not pidfile.exists():
        return False
    try:
        os.kill(int(pidfile.read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


def spirit(args: argparse.Namespace, db: str) -> dict[str, Any]:
    """Spirit's topic page with as many posts as the thread page (the opening post and 50
    replies, all on one page), and the kit's startproject floor, served like Fireside."""
    if not (KIT / "setup.sh").exists():
        return {"skipped": f"the peer kit is not at {KIT}"}
    pidfiles = [PEER / "gunicorn.pid", PEER / "floor.pid"]
    if any(_alive(p) for p in pidfiles):
        return {"skipped": "the peer kit's servers are already running (another sitting)"}
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(COMMENTS="51", PER_PAGE="51", TOPICS="1000")
    if db == "postgresql":
        env["DATABASE_URL"] = f"{args.pg.rstrip('/')}/{args.db_prefix}_spirit"
    log(f"Spirit on {db}: setting up the peer kit")
    with (args.root / "spirit-setup.log").open("w") as out:
        run([KIT / "setup.sh"], env=env, stdout=out, stderr=subprocess.STDOUT)
    sport, fport = args.port + 1, args.port + 2
    started: list[int] = []
    try:
        for script, port, pidfile in (
            ("serve.sh", sport, pidfiles[0]),
            ("serve_floor.sh", fport, pidfiles[1]),
        ):
            run([KIT / script, port], env=env, capture_output=True)
            started.append(int(pidfile.read_text()))
        topic = (PEER / "topic_path").read_text().strip()
        result: dict[str, Any] = {
            "versions": (PEER / "versions.txt").read_text().strip(),
            "topic": measure(args, f"http://127.0.0.1:{sport}{topic}"),
            "floor": measure(args, f"http://127.0.0.1:{fport}/"),
        }
        counted = run(
            [PEER / "venv" / "bin" / "python", KIT / "queries.py", topic],
            capture_output=True,
            env=env,
        ).stdout
        result["queries_line"] = counted.strip()
        fields = dict(f.split("=", 1) for f in counted.split() if "=" in f)
        result["queries"] = int(fields.get("queries", -1))
        result["posts_on_page"] = int(fields.get("comments_on_page", -1))
        log(f"  Spirit topic: {summary(result['topic'])}")
        return result
    finally:
        for pid, pidfile in zip(started, pidfiles, strict=False):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                try:
                    os.kill(pid, 0)
                except OSError:
                    break
                time.sleep(0.1)
            pidfile.unlink(missing_ok=True)


# --- the machine ---------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")
            ),
            "",
        )
    versions = run(
        [
            PY,
            "-c",
            "from importlib.metadata import version as v; import sqlite3; "
            "print(*(f'{p} {v(p)}' for p in ('Django', 'gunicorn', 'psycopg')), "
            "'SQLite ' + sqlite3.sqlite_version, sep=', ')",
        ],
        capture_output=True,
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "versions": versions,
        "wrk": run(["wrk", "-v"], capture_output=True, check=False)
        .stdout.split("Copyright")[0]
        .strip()
        if shutil.which("wrk")
        else "",
    }


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    log("wrk is missing: installing it with apt-get")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    run([*sudo, "apt-get", "update", "-qq"])
    run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"])


def add_dataset_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that pick and build the scale dataset: bench/run's and bench/profile.py's."""
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--anchor",
        default=f"{dt.datetime.now(dt.UTC):%Y-%m}-01",
        help="the data's today (default: the first of this month, so datasets last a month)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(os.environ.get("BENCH_ROOT", "/tmp/fireside-bench-scale")),  # noqa: S108
    )
    parser.add_argument(
        "--pg", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--db-prefix", default=os.environ.get("BENCH_DB_PREFIX", "fireside_bench"))
    parser.add_argument("--rebuild", action="store_true", help="rebuild datasets even if current")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--factors", default="0.01,0.1,1", help="comma-separated (default 0.01,0.1,1)"
    )
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite and/or postgresql")
    parser.add_argument("--seconds", type=float, default=5, help="of load per page and concurrency")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per wrk thread and run")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn sync workers (the peer's: 2)"
    )
    parser.add_argument(
        "--port", type=int, default=8110, help="Fireside's; Spirit +1, its floor +2"
    )
    add_dataset_arguments(parser)
    parser.add_argument("--no-spirit", action="store_true", help="skip the peer")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    factors = sorted({float(f) for f in args.factors.split(",") if f.strip()})
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    if unknown := set(databases) - {"sqlite", "postgresql"}:
        parser.error(f"unknown databases: {', '.join(sorted(unknown))}")
    if not PY.exists():
        run(["make", "setup"], cwd=APP)
    ensure_wrk()
    args.root.mkdir(parents=True, exist_ok=True)
    began = dt.datetime.now(dt.UTC)
    report: dict[str, Any] = {
        "started": f"{began:%Y-%m-%d %H:%M} UTC",
        "command": " ".join(["bench/run", *sys.argv[1:]]),
        "machine": machine(),
        "load_before": load_average(),
        "settings": {
            "seconds": args.seconds,
            "workers": args.workers,
            "max_requests": args.max_requests,
            "seed": args.seed,
            "anchor": args.anchor,
        },
        "runs": [],
        "spirit": {},
    }
    first_env = environment(args, databases[0], factors[0])
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=APP, env=first_env)
    for db in databases:
        if not args.no_spirit:
            report["spirit"][db] = spirit(args, db)
        for factor in factors:
            report["runs"].append(pages(args, db, factor))
    report["load_after"] = load_average()
    report["finished"] = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    raw = results / f"{began:%Y-%m-%d}-scale.json"
    raw.write_text(json.dumps(report, indent=1) + "\n")
    sys.path.insert(0, str(BENCH))
    from report import write  # next to this file

    args.out.write_text(write(report, raw.relative_to(APP).as_posix(), args.out))
    log(f"wrote {args.out} and {raw}")


if __name__ == "__main__":
    main()
