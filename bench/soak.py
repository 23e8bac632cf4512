"""bench/soak — a bounded soak run: Fireside scaled out on one box, under mixed traffic.

Builds (or reuses) the scale dataset on PostgreSQL, then starts on the loopback several
stateless app servers (gunicorn in production mode) and several `manage.py db_worker`
processes, all sharing that database, and drives them for a bounded time with virtual
users: anonymous visitors browsing the directory, members signed in through the sign-in
form reading their communities, threads and gatherings, posting replies and RSVPs through
the web forms (CSRF and session) and the API (bearer tokens from /api/v1/auth/token), the
calendar feed and API lists. Requests alternate between the app servers, as behind a
round-robin balancer. Then it waits for the task queue to drain and checks that nothing
went wrong: no 5xx, no connection errors, every due task finished and none failed, every
email sent exactly once, the database agrees with the writes the servers accepted, no
orphan rows. Writes bench/results/<date>-soak.json and the `## Soak run` section at the end
of bench/RESULTS.md. Exits non-zero when a check fails. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import scale  # noqa: E402 - bench/scale.py: the dataset and the production environment
from report import soak_section, with_soak  # noqa: E402

APP, PY, GUNICORN = scale.APP, scale.PY, scale.GUNICORN
log = scale.log
TIMEOUT = 30  # seconds a request may take before it counts as a connection error

# What the virtual users do, and how often (relative weights). Writes go through the web
# forms (session and CSRF) and through the API (a bearer token), half and half.
MIX: dict[str, int] = {
    "directory (anonymous)": 12,
    "community page (anonymous)": 5,
    "program page (anonymous)": 2,
    "calendar feed": 6,
    "member home": 8,
    "community home": 10,
    "thread list": 5,
    "thread": 12,
    "gathering": 7,
    "search": 3,
    "API: directory": 2,
    "API: threads": 4,
    "API: gatherings": 3,
    "API: thread": 3,
    "reply (web form)": 5,
    "reply (API)": 4,
    "RSVP (web form)": 4,
    "RSVP (API)": 3,
}
WRITES = {"reply (web form)", "reply (API)", "RSVP (web form)", "RSVP (API)"}
SENTENCES = [
    "We tried the question jar at circle time and the quieter ones spoke first.",
    "Same here: moving the transition song earlier made pick-up calmer.",
    "Thank you for sharing this, I will bring it to our next gathering.",
    "Could we look at this together next month? I have notes from a workshop.",
    "Our families liked the picture schedule by the door more than the newsletter.",
    "I found the outdoor play checklist useful, especially the part about wet days.",
]
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- one virtual browser -------------------------------------------------------------


class Browser:
    """Cookies of one person (or one anonymous visitor), requests spread over the app
    servers in turn: nothing ties a person to a server, as behind a round-robin balancer."""

    def __init__(self, ports: list[int], start: int) -> None:
        self.ports, self.turn = ports, start
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, float]:
        """Status (0: no answer: refused, reset or timed out), body, seconds."""
        self.turn += 1
        port = self.ports[self.turn % len(self.ports)]
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        began = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            return 0, b"", time.perf_counter() - began
        finally:
            conn.close()
        took = time.perf_counter() - began
        for line in response.headers.get_all("Set-Cookie") or []:
            pair, _, attributes = line.partition(";")
            name, _, value = pair.strip().partition("=")
            gone = not value or "max-age=0" in attributes.lower().replace(" ", "")
            if gone:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response.status, content, took


class Tally:
    """One virtual user's figures: latencies and statuses per kind of request."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = {}
        self.statuses: dict[str, Counter[int]] = {}
        self.unexpected: Counter[str] = Counter()

    def add(self, kind: str, status: int, took: float, expected: int) -> bool:
        self.seconds.setdefault(kind, []).append(took)
        self.statuses.setdefault(kind, Counter())[status] += 1
        if status != expected:
            self.unexpected[f"{kind}: {status or 'no answer'}"] += 1
        return status == expected


class VirtualUser(threading.Thread):
    def __init__(
        self, n: int, person: dict[str, Any], world: dict[str, Any], args: argparse.Namespace
    ) -> None:
        super().__init__(name=f"vu{n}", daemon=True)
        self.n, self.person, self.world, self.args = n, person, world, args
        self.rng = random.Random(args.seed * 1000 + n)
        self.member = Browser(args.ports, n)
        self.anonymous = Browser(args.ports, n + 1)
        self.tally = Tally()
        self.token = ""
        self.replies: Counter[int] = Counter()
        self.rsvps: dict[int, str] = {}
        self.written = 0

    # The requests ----------------------------------------------------------------------

    def get(self, kind: str, browser: Browser, path: str, **headers: str) -> bytes:
        status, body, took = browser.request("GET", path, headers=headers)
        self.tally.add(kind, status, took, 200)
        return body

    def post_form(self, kind: str, path: str, fields: dict[str, str], page: bytes) -> bool:
        match = CSRF.search(page)
        if not match:  # the page before it failed: already counted there
            self.tally.unexpected[f"{kind}: no form to post"] += 1
            return False
        fields = {"csrfmiddlewaretoken": match.group(1).decode(), **fields}
        body = "&".join(f"{quote(k)}={quote(v)}" for k, v in fields.items()).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _body, took = self.member.request("POST", path, body, headers)
        return self.tally.add(kind, status, took, 302)

    def post_api(self, kind: str, path: str, payload: dict[str, Any], expected: int) -> bool:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        status, _body, took = self.member.request(
            "POST", path, json.dumps(payload).encode(), headers
        )
        return self.tally.add(kind, status, took, expected)

    def api(self, kind: str, path: str) -> None:
        self.get(kind, self.member, path, Authorization=f"Bearer {self.token}")

    def sign_in(self) -> bool:
        page = self.get("sign-in page", self.member, "/accounts/login/")
        fields = {"email": self.person["email"], "password": self.world["password"]}
        if not self.post_form("sign in (web form)", "/accounts/login/", fields, page):
            return False
        status, body, took = self.member.request(
            "POST",
            "/api/v1/auth/token",
            json.dumps(fields).encode(),
            {"Content-Type": "application/json"},
        )
        if not self.tally.add("API: token", status, took, 200):
            return False
        self.token = json.loads(body)["token"]
        return True

    def reply_body(self) -> str:
        self.written += 1
        return f"{self.rng.choice(SENTENCES)} ({self.args.marker}{self.n}-{self.written})"

    # What each kind of request does: (kind, a random generator, the person, the world).

    def act(self, kind: str) -> None:
        p, w, rng = self.person, self.world, self.rng
        community, thread = rng.choice(p["communities"]), rng.choice(p["threads"])
        program = rng.choice(w["programs"])
        gatherings = p["past_gatherings"] + p["upcoming_gatherings"]
        reads = {
            "directory (anonymous)": lambda: f"/communities/{self.directory_query(program)}",
            "community page (anonymous)": lambda: f"/communities/{rng.choice(w['communities'])}/",
            "program page (anonymous)": lambda: f"/programs/{program}/",
            "calendar feed": lambda: f"/gatherings/feed/{p['feed']}.ics",
            "API: directory": lambda: f"/api/v1/communities?program={program}",
            "member home": lambda: "/",
            "community home": lambda: f"/communities/{community}/home/",
            "thread list": lambda: f"/conversations/community/{community}/",
            "thread": lambda: f"/conversations/{thread}/",
            "gathering": lambda: f"/gatherings/{rng.choice(gatherings)}/",
            "search": lambda: f"/search/?q={rng.choice(w['search_words'])}",
            "API: threads": lambda: f"/api/v1/communities/{community}/threads",
            "API: gatherings": lambda: f"/api/v1/communities/{community}/gatherings",
            "API: thread": lambda: f"/api/v1/threads/{thread}",
        }
        if kind in reads:
            path = reads[kind]()
            if kind.startswith("API: ") and kind != "API: directory":
                self.api(kind, path)
            else:
                anonymous = kind.endswith("(anonymous)") or kind in {
                    "calendar feed",
                    "API: directory",
                }
                self.get(kind, self.anonymous if anonymous else self.member, path)
        elif kind.startswith("reply"):
            self.reply(kind, thread)
        else:
            self.rsvp(kind, rng.choice(p["upcoming_gatherings"]))

    def directory_query(self, program: int) -> str:
        region = quote(self.rng.choice(self.world["regions"]))
        return self.rng.choice(
            [
                "",
                f"?program={program}",
                f"?program={program}&mode=online&has_space=on",
                f"?region={region}",
                "?q=circle",
                "?page=2",
            ]
        )

    def reply(self, kind: str, thread: int) -> None:
        """Through the form: read the thread, then answer it. Through the API: answer."""
        body = {"body": self.reply_body()}
        path = f"/conversations/{thread}/"
        if kind == "reply (web form)":
            done = self.post_form(kind, path, body, self.get("thread", self.member, path))
        else:
            done = self.post_api(kind, f"/api/v1/threads/{thread}/replies", body, 201)
        if done:
            self.replies[thread] += 1

    def rsvp(self, kind: str, gathering: int) -> None:
        answer = self.rng.choice(["yes", "yes", "maybe", "no"])
        if kind == "RSVP (API)":
            path = f"/api/v1/gatherings/{gathering}/rsvp"
            done = self.post_api(kind, path, {"response": answer}, 200)
        else:
            page = self.get("gathering", self.member, f"/gatherings/{gathering}/")
            path = f"/gatherings/{gathering}/rsvp/"
            done = self.post_form(kind, path, {"response": answer}, page)
        if done:
            self.rsvps[gathering] = answer

    def run(self) -> None:
        kinds, weights = list(MIX), list(MIX.values())
        if not self.sign_in():
            return
        while time.monotonic() < self.args.deadline:
            self.act(self.rng.choices(kinds, weights)[0])


# --- processes -----------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


class Fleet:
    """The app servers and the workers this run started, stopped by their own pids."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str]) -> None:
        self.args, self.env = args, env
        self.servers: list[subprocess.Popen[bytes]] = []
        self.workers: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def _start(self, cmd: list[str], name: str) -> subprocess.Popen[bytes]:
        path = self.args.root / f"{name}.log"
        self.logs.append(path)
        with path.open("wb") as out:
            return subprocess.Popen(  # noqa: S603 - our own virtualenv's programs
                cmd, cwd=APP, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    def start(self) -> None:
        for port in self.args.ports:
            self.servers.append(
                self._start(
                    [
                        str(GUNICORN),
                        "fireside.wsgi:application",
                        "--workers",
                        str(self.args.workers),
                        "--worker-class",
                        "sync",
                        "--bind",
                        f"127.0.0.1:{port}",
                    ],
                    f"gunicorn-{port}",
                )
            )
        for n in range(self.args.db_workers):
            cmd = [str(PY), "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
            cmd += ["--interval", "0.5", "--worker-id", f"soak-worker-{n + 1}"]
            self.workers.append(self._start(cmd, f"db_worker-{n + 1}"))
        for port, server in zip(self.args.ports, self.servers, strict=True):
            for _ in range(300):
                with contextlib.suppress(OSError):
                    if scale.status_of(f"http://127.0.0.1:{port}/healthz", {})[0] == 200:
                        break
                if server.poll() is not None:
                    raise SystemExit(f"gunicorn did not start: see {self.logs[0].parent}")
                time.sleep(0.2)
        time.sleep(1)
        if dead := [w.args for w in self.workers if w.poll() is not None]:
            raise SystemExit(f"a db_worker did not start ({dead}): see {self.args.root}")

    def memory(self) -> dict[str, list[float]]:
        return {
            "app_workers_mb": [rss_mb(c) for s in self.servers for c in children(s.pid)],
            "db_workers_mb": [rss_mb(w.pid) for w in self.workers],
        }

    def stop(self) -> None:
        procs = self.workers + self.servers
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def logged_errors(self) -> dict[str, int]:
        """Tracebacks and ERROR lines the servers and workers logged (LOG_LEVEL=WARNING)."""
        found = {}
        for path in self.logs:
            text = path.read_text(errors="replace") if path.exists() else ""
            n = text.count("Traceback (most recent call last)") + len(
                re.findall(r"^(?:ERROR|CRITICAL)\b|\[ERROR\]", text, re.M)
            )
            if n:
                found[path.name] = n
        return found


class Sampler(threading.Thread):
    """Every second: the task queue's depth, emails waiting, everyone's memory."""

    QUEUE = """
        SELECT count(*) FILTER (WHERE status = 'READY'
                                AND (run_after >= '9999-01-01' OR run_after <= now())),
               count(*) FILTER (WHERE status = 'RUNNING'),
               (SELECT count(*) FROM ops_outgoingemail WHERE status IN ('queued', 'sending'))
        FROM django_tasks_database_dbtaskresult"""

    def __init__(self, database_url: str, fleet: Fleet, began: float) -> None:
        super().__init__(name="sampler", daemon=True)
        import psycopg

        self.conn = psycopg.connect(database_url, autocommit=True)
        self.fleet, self.began = fleet, began
        self.samples: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def sample(self) -> dict[str, Any]:
        due, running, emails = self.conn.execute(self.QUEUE).fetchone() or (0, 0, 0)
        memory = self.fleet.memory()
        row = {
            "t": round(time.monotonic() - self.began, 1),
            "due": due,
            "running": running,
            "emails_waiting": emails,
            "app_rss_max": max(memory["app_workers_mb"], default=0),
            "worker_rss_max": max(memory["db_workers_mb"], default=0),
        }
        with self.lock:
            self.samples.append(row)
        return row

    def run(self) -> None:
        while not self.stopping.wait(1):
            self.sample()

    def stop(self) -> None:
        self.stopping.set()
        self.join()
        self.conn.close()


# --- figures -------------------------------------------------------------------------


def percentile(ordered: list[float], p: float) -> float:
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


def figures(users: list[VirtualUser], seconds: float) -> dict[str, Any]:
    latencies: dict[str, list[float]] = {}
    statuses: dict[str, Counter[int]] = {}
    unexpected: Counter[str] = Counter()
    for u in users:
        for kind, xs in u.tally.seconds.items():
            latencies.setdefault(kind, []).extend(xs)
        for kind, c in u.tally.statuses.items():
            statuses.setdefault(kind, Counter()).update(c)
        unexpected.update(u.tally.unexpected)

    def row(xs: list[float], st: Counter[int]) -> dict[str, Any]:
        xs = sorted(xs)
        return {
            "requests": len(xs),
            "rps": round(len(xs) / seconds, 2),
            "p50_ms": round(percentile(xs, 50) * 1000, 1),
            "p95_ms": round(percentile(xs, 95) * 1000, 1),
            "p99_ms": round(percentile(xs, 99) * 1000, 1),
            "max_ms": round(xs[-1] * 1000, 1) if xs else 0,
            "statuses": {str(k): v for k, v in sorted(st.items())},
            "5xx": sum(v for k, v in st.items() if k >= 500),
            "no_answer": st.get(0, 0),
        }

    order = ["sign-in page", "sign in (web form)", "API: token", *MIX]
    kinds = {k: row(latencies[k], statuses[k]) for k in sorted(latencies, key=order.index)}
    everything = row(
        [x for xs in latencies.values() for x in xs],
        sum(statuses.values(), Counter()),
    )
    return {"kinds": kinds, "all": everything, "unexpected": dict(unexpected)}


def machine_state() -> dict[str, Any]:
    return {"load_average": scale.load_average(), "at": f"{dt.datetime.now(dt.UTC):%H:%M:%S} UTC"}


# --- the run -------------------------------------------------------------------------


def django(args: argparse.Namespace, env: dict[str, str], *what: Any) -> Any:
    out = scale.run([PY, BENCH / "soak_db.py", *what], cwd=APP, env=env, capture_output=True)
    return json.loads(out.stdout)


def environment(args: argparse.Namespace) -> dict[str, str]:
    env = scale.environment(args, "postgresql", args.factor)
    env.update(
        EMAIL_URL=f"file:{args.mail_dir}",  # every message written out, to find doubles
        TASKS_BACKEND="database",
        # The soak measures the requests' own work: no nightly themes of the whole dataset
        # in a worker half-way through (and no digests that are not in the ledger).
        SCHEDULE_IN_WORKER="false",
    )
    env.pop("BENCH", None)  # the floor view is not needed here
    return env


@contextlib.contextmanager
def running(fleet: Fleet) -> Iterator[Fleet]:
    try:
        fleet.start()
        yield fleet
    finally:
        fleet.stop()


def soak(args: argparse.Namespace) -> dict[str, Any]:
    info = scale.dataset(args, "postgresql", args.factor)
    env = environment(args)
    args.mail_dir.mkdir(parents=True)
    log("collectstatic, then the virtual users' people and pages")
    scale.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=APP, env=env)
    manifest = args.root / f"postgresql-f{scale.tag(args.factor)}.json"
    world = django(args, env, "prepare", manifest, args.users, args.seed)
    if len(world["people"]) < args.users:
        raise SystemExit(f"only {len(world['people'])} members to play {args.users} users")
    before = machine_state()
    fleet = Fleet(args, env)
    log(f"starting {args.servers} app servers and {args.db_workers} db_workers")
    with running(fleet):
        memory_start = fleet.memory()
        began_at = dt.datetime.now(dt.UTC)
        began = time.monotonic()
        sampler = Sampler(env["DATABASE_URL"], fleet, began)
        queue_before = sampler.sample()
        sampler.start()
        args.deadline = began + args.seconds
        users = [VirtualUser(n, p, world, args) for n, p in enumerate(world["people"])]
        log(
            f"load: {args.users} virtual users for {args.seconds:g} s on ports "
            f"{', '.join(map(str, args.ports))}, {args.db_workers} db_workers"
        )
        for u in users:
            u.start()
        for u in users:
            u.join()
        load_seconds = time.monotonic() - began
        at_end = sampler.sample()
        log(f"load done in {load_seconds:.1f} s; queue at the end: {at_end}")
        drained = None
        while time.monotonic() - began - load_seconds < args.drain_timeout:
            row = sampler.sample()
            if row["due"] == row["running"] == row["emails_waiting"] == 0:
                drained = round(time.monotonic() - began - load_seconds, 1)
                break
            time.sleep(0.2)
        sampler.stop()
        memory_end = fleet.memory()
    log(f"queue drained after {drained} s" if drained is not None else "queue did not drain")
    marker_replies: Counter[int] = Counter()
    rsvp_last: dict[str, str] = {}
    for u in users:
        marker_replies.update(u.replies)
        rsvp_last.update({f"{u.person['email']} {g}": r for g, r in u.rsvps.items()})
    ledger = {
        "marker": args.marker,
        "marks": world["marks"],
        "started_at": began_at.isoformat(),
        "mail_dir": str(args.mail_dir),
        "replies_by_thread": {str(k): v for k, v in marker_replies.items()},
        "rsvp_last": rsvp_last,
    }
    ledger_path = args.root / "ledger.json"
    ledger_path.write_text(json.dumps(ledger))
    checks = django(args, env, "check", ledger_path)
    load = figures(users, load_seconds)
    samples = sampler.samples
    during = [s for s in samples if s["t"] <= load_seconds]
    logged = fleet.logged_errors()
    checks["http"] = {
        "ok": load["all"]["5xx"] == 0 and load["all"]["no_answer"] == 0 and not load["unexpected"],
        "5xx": load["all"]["5xx"],
        "no_answer": load["all"]["no_answer"],
        "unexpected": load["unexpected"],
    }
    checks["queue_drained"] = {"ok": drained is not None, "drain_seconds": drained}
    checks["logs"] = {"ok": not logged, "errors_logged": logged}
    return {
        "dataset": {k: info[k] for k in ("sizes", "rows", "built_at", "wall_seconds") if k in info},
        "database": env["DATABASE_URL"],
        "load": load,
        "load_seconds": round(load_seconds, 1),
        "writes": {
            "replies": sum(marker_replies.values()),
            "rsvps": sum(
                load["kinds"].get(kind, {}).get("statuses", {}).get(status, 0)
                for kind, status in (("RSVP (web form)", "302"), ("RSVP (API)", "200"))
            ),
        },
        "queue": {
            "before": queue_before,
            "at_load_end": at_end,
            "max_due_during_load": max((s["due"] for s in during), default=0),
            "mean_due_during_load": round(sum(s["due"] for s in during) / len(during), 1)
            if during
            else 0,
            "max_emails_waiting": max((s["emails_waiting"] for s in samples), default=0),
            "drain_seconds": drained,
            "timeline": [[s["t"], s["due"], s["running"], s["emails_waiting"]] for s in samples],
        },
        "memory": {
            "start": memory_start,
            "end": memory_end,
            "app_max_mb": max((s["app_rss_max"] for s in samples), default=0),
            "db_worker_max_mb": max((s["worker_rss_max"] for s in samples), default=0),
        },
        "checks": checks,
        "before": before,
        "after": machine_state(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120, help="of load (default 120)")
    parser.add_argument("--users", type=int, default=8, help="virtual users, each one member")
    parser.add_argument("--servers", type=int, default=2, help="gunicorn instances (app servers)")
    parser.add_argument("--workers", type=int, default=2, help="sync workers per app server")
    parser.add_argument("--db-workers", type=int, default=2, help="manage.py db_worker processes")
    parser.add_argument("--port", type=int, default=8130, help="the first app server's; +1 …")
    parser.add_argument("--factor", type=float, default=0.01, help="of the scale dataset")
    parser.add_argument("--drain-timeout", type=float, default=120, help="seconds, after load")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--anchor",
        default=f"{dt.datetime.now(dt.UTC):%Y-%m}-01",
        help="the data's today (as bench/run: the first of this month)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(os.environ.get("SOAK_ROOT", "/tmp/fireside-soak")),  # noqa: S108
    )
    parser.add_argument(
        "--pg", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--db-prefix", default="fireside_soak", help="database: PREFIX_f0_01")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the dataset")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    if args.seconds <= 0 or args.users < 1 or args.servers < 1 or args.db_workers < 1:
        parser.error("--seconds, --users, --servers and --db-workers must be positive")
    if not PY.exists():
        scale.run(["make", "setup"], cwd=APP)
    args.root.mkdir(parents=True, exist_ok=True)
    args.ports = [args.port + i for i in range(args.servers)]
    run_id = secrets.token_hex(4)
    args.marker = f"soak {run_id}-"
    args.mail_dir = args.root / "mail" / run_id
    shutil.rmtree(args.root / "mail", ignore_errors=True)
    began = dt.datetime.now(dt.UTC)
    result: dict[str, Any] = {
        "started": f"{began:%Y-%m-%d %H:%M} UTC",
        "command": " ".join(["bench/soak", *sys.argv[1:]]),
        "machine": scale.machine(),
        "settings": {
            "seconds": args.seconds,
            "users": args.users,
            "servers": args.servers,
            "workers_per_server": args.workers,
            "db_workers": args.db_workers,
            "ports": args.ports,
            "factor": args.factor,
            "seed": args.seed,
            "anchor": args.anchor,
            "mix": MIX,
            "cache": "locmem, one per process (REDIS_URL unset)",
            "email": "file backend, one file per message (EMAIL_URL=file:)",
        },
        "run_id": run_id,
        **soak(args),
    }
    result["finished"] = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    result["ok"] = all(c["ok"] for c in result["checks"].values())
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    raw = results / f"{began:%Y-%m-%d}-soak.json"
    raw.write_text(json.dumps(result, indent=1) + "\n")
    rel = raw.relative_to(APP).as_posix()
    existing = args.out.read_text() if args.out.exists() else ""
    args.out.write_text(with_soak(existing, soak_section(result, rel)))
    log(f"wrote {raw} and the soak section of {args.out}")
    a = result["load"]["all"]
    log(
        f"{'HELD' if result['ok'] else 'FAILED'}: {a['requests']:,} requests, {a['rps']:.1f} rps, "
        f"p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms, p99 {a['p99_ms']} ms; 5xx {a['5xx']}, "
        f"no answer {a['no_answer']}; drained in {result['queue']['drain_seconds']} s"
    )
    for name, c in result["checks"].items():
        if not c["ok"]:
            log(f"check failed: {name}: {json.dumps(c)}")
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
