"""How long certificates of participation take: one, and 1,000 issued in bulk.

    .venv/bin/python bench/certificates.py              # everything (about 3 minutes)
    .venv/bin/python bench/certificates.py --people 200 # a smaller bulk issue

It makes its own SQLite database under the system's temporary folder
(`fireside-bench-certificates/`, rebuilt each run; DATABASE_URL=postgres://... uses that
database instead, which it flushes), seeds a program with --people participants in groups
of 12 (three gatherings attended, two connections a pair, two reflections each), then:

1. one certificate, in this process: the first (fonts loaded cold) and the median of
   several after it, through `check_issue_certificate` (ledger queries, PDF drawing, file
   and row writes), and the PDF drawing alone;
2. a bulk issue for everyone, the way production runs it: gunicorn (2 sync workers) serves
   the web, `manage.py db_worker` runs the queue. The coordinator's POST is sent over HTTP;
   while the worker issues certificates, the web is asked for the progress page and the
   public verification page without pause, and their response times are compared with
   the same requests made before the bulk issue started.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = Path(tempfile.gettempdir()) / "fireside-bench-certificates"
PORT = 8117
GROUP = 12


def setup_env() -> dict[str, str]:
    if VAR.exists():
        shutil.rmtree(VAR)
    VAR.mkdir(parents=True)
    env = {
        "FIRESIDE_VAR_DIR": str(VAR),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{VAR / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "fireside.settings",
        "FIRESIDE_ENV": "development",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "EMAIL_URL": "locmem:",
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
        "PYTHONPYCACHEPREFIX": str(VAR / "pycache"),
    }
    os.environ.update(env)
    return env


def seed(people: int) -> dict[str, Any]:
    """A program running since three months, everyone with hours from every source."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from fireside.accounts.models import User
    from fireside.communities.models import Agreement, Community, Membership
    from fireside.gatherings.models import Attendance, Gathering
    from fireside.mentoring.models import Connection, Pairing, PairMember, Reflection, prompt_for
    from fireside.programs.models import Program, ProgramStaff

    call_command("migrate", verbosity=0)
    if "sqlite" not in os.environ["DATABASE_URL"]:
        call_command("flush", verbosity=0, interactive=False)
    today = timezone.localdate()
    start = (today - dt.timedelta(days=95)).replace(day=1)
    program = Program.objects.create(
        name="Early Years Peer Mentoring 2026–2027",
        starts_on=start,
        ends_on=today + dt.timedelta(days=200),
        timezone="America/Vancouver",
        eligible_role_types=["ece"],
    )
    password = make_password("bench-password-1234")
    coordinator = User.objects.create(
        email="coordinator@example.org", name="Cora Coordinator", password=password
    )
    ProgramStaff.objects.create(program=program, user=coordinator, role="coordinator")
    users = User.objects.bulk_create(
        [
            User(
                email=f"p{i}@example.org",
                name=f"Participant {i} Núñez-Çelik",
                role_type="ece",
                password=password,
            )
            for i in range(people)
        ]
    )
    groups = [users[i : i + GROUP] for i in range(0, people, GROUP)]
    communities = Community.objects.bulk_create(
        [
            Community(
                program=program,
                name=f"Circle {n}",
                purpose="p",
                audience="ece",
                region="Coast",
                mode="online",
                capacity=12,
            )
            for n in range(len(groups))
        ]
    )
    Agreement.objects.bulk_create(
        [Agreement(community=c, version=1, text="a") for c in communities]
    )
    memberships, gatherings, pairings = [], [], []
    for community, members in zip(communities, groups, strict=True):
        for user in members:
            memberships.append(
                Membership(community=community, user=user, status="active", joined_on=start)
            )
        for days in (80, 50, 20):
            gatherings.append(
                Gathering(
                    community=community,
                    title=f"{community.name}, {days} days ago",
                    starts_at=timezone.now() - dt.timedelta(days=days),
                    duration_minutes=90,
                    timezone=program.timezone,
                    uid=f"bench-{community.pk}-{days}@fireside",
                )
            )
        for i in range(0, len(members) - 1, 2):
            pairings.append((community, members[i], members[i + 1]))
    Membership.objects.bulk_create(memberships)
    gatherings = Gathering.objects.bulk_create(gatherings)
    by_community: dict[int, list[Any]] = {}
    for g in gatherings:
        by_community.setdefault(g.community_id, []).append(g)
    Attendance.objects.bulk_create(
        [
            Attendance(gathering=g, user=u, present=True, minutes=60 + (u.pk + g.pk) % 61)
            for community, members in zip(communities, groups, strict=True)
            for g in by_community[community.pk]
            for u in members
        ]
    )
    made = Pairing.objects.bulk_create(
        [Pairing(community=c, starts_on=start) for c, _a, _b in pairings]
    )
    PairMember.objects.bulk_create(
        [
            PairMember(pairing=p, user=u, community=c)
            for p, (c, a, b) in zip(made, pairings, strict=True)
            for u in (a, b)
        ]
    )
    Connection.objects.bulk_create(
        [
            Connection(
                pairing=p,
                logged_by=a,
                happened_on=today - dt.timedelta(days=d),
                minutes=20 + d % 25,
                format="coffee",
            )
            for p, (_c, a, _b) in zip(made, pairings, strict=True)
            for d in (40, 10)
        ]
    )
    months = [(today - dt.timedelta(days=d)).replace(day=1) for d in (45, 0)]
    Reflection.objects.bulk_create(
        [
            Reflection(author=u, program=program, month=m, prompt=prompt_for(m), body="b")
            for u in users
            for m in months
        ]
    )
    return {"program": program, "coordinator": coordinator, "someone": users[0]}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def one_certificate(data: dict[str, Any], runs: int) -> str:
    from fireside.certificates import actions
    from fireside.certificates.pdf import render_pdf
    from fireside.lib import ratelimit

    program, person = data["program"], data["someone"]
    lines = []
    t = time.perf_counter()
    first = actions.check_issue_certificate(user=person, program=program)
    lines.append(
        f"first certificate in this process (fonts loaded cold): {ms(time.perf_counter() - t)}"
    )
    times, draws = [], []
    for _ in range(runs):
        ratelimit.clear("certificate", str(person.pk))
        t = time.perf_counter()
        actions.check_issue_certificate(user=person, program=program)
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        render_pdf(first)
        draws.append(time.perf_counter() - t)
    lines.append(
        f"one certificate, warm (ledger + PDF + file + row), median of {runs}: "
        f"{ms(statistics.median(times))} (min {ms(min(times))}, max {ms(max(times))})"
    )
    lines.append(
        f"drawing the PDF alone, median of {runs}: {ms(statistics.median(draws))} "
        f"(min {ms(min(draws))}, max {ms(max(draws))}); {first.total_hours} hours, "
        f"{first.pdf.size:,} bytes"
    )
    return "\n".join(lines)


class Web:
    """A signed-in browser, as far as urllib goes."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[float, str]:
        t = time.perf_counter()
        with self.opener.open(self.base + path, timeout=30) as response:
            body = response.read().decode()
        return time.perf_counter() - t, body

    def post(self, path: str, fields: dict[str, str], referer: str) -> tuple[float, str, str]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(  # noqa: S310 - our own server on the loopback
            self.base + path, data=data, headers={"Referer": self.base + referer}
        )
        t = time.perf_counter()
        with self.opener.open(request, timeout=60) as response:
            body = response.read().decode()
            url = response.geturl()
        return time.perf_counter() - t, url, body

    def sign_in(self, email: str) -> None:
        _t, page = self.get("/accounts/login/")
        self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": csrf(page), "email": email, "password": "bench-password-1234"},
            "/accounts/login/",
        )


def csrf(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"n={len(ordered)}, p50 {ms(statistics.median(ordered))}, p95 {ms(p95)}, "
        f"max {ms(ordered[-1])}"
    )


def wait_for(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - the loopback
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def bulk(data: dict[str, Any], env: dict[str, str], people: int) -> str:
    from fireside.certificates.models import BulkIssue, Certificate

    program, coordinator = data["program"], data["coordinator"]
    code = Certificate.objects.filter(holder=data["someone"]).first().display_code  # type: ignore[union-attr]
    venv = ROOT / ".venv" / "bin"
    child_env = {**os.environ, **env}
    web = subprocess.Popen(  # noqa: S603
        [
            str(venv / "gunicorn"),
            "fireside.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--preload",
        ],
        cwd=ROOT,
        env=child_env,
    )
    worker = None
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        browser = Web(f"http://127.0.0.1:{PORT}")
        browser.sign_in(coordinator.email)
        assert "Sign out" in browser.get("/")[1], "the coordinator could not sign in"
        public = Web(f"http://127.0.0.1:{PORT}")
        manage = f"/certificates/programs/{program.pk}/issued/"

        def sample(batch_path: str) -> tuple[float, float]:
            a, _ = browser.get(batch_path)
            b, _ = public.get(f"/certificates/verify/{code}/")
            return a, b

        idle_progress, idle_verify = [], []
        last = BulkIssue.objects.create(
            program=program,
            period_start=program.starts_on,
            period_end=program.starts_on,
            status=BulkIssue.Status.DONE,
        )
        for _ in range(60):
            a, b = sample(f"/certificates/bulk/{last.pk}/")
            idle_progress.append(a)
            idle_verify.append(b)

        _t, page = browser.get(manage)
        from fireside.hours.ledger import today_in

        today = today_in(program).isoformat()
        post_time, landed, _body = browser.post(
            f"/certificates/programs/{program.pk}/bulk/",
            {
                "csrfmiddlewaretoken": csrf(page),
                "period_start": program.starts_on.isoformat(),
                "period_end": today,
            },
            manage,
        )
        batch = BulkIssue.objects.exclude(pk=last.pk).get()
        assert landed.endswith(f"/certificates/bulk/{batch.pk}/"), landed
        worker = subprocess.Popen(  # noqa: S603
            [str(venv / "python"), "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env=child_env,
        )
        busy_progress, busy_verify, seen = [], [], []
        started = time.perf_counter()
        while True:
            a, b = sample(f"/certificates/bulk/{batch.pk}/")
            busy_progress.append(a)
            busy_verify.append(b)
            batch.refresh_from_db()
            seen.append((time.perf_counter() - started, batch.issued))
            if not batch.is_busy or time.perf_counter() - started > 1800:
                break
            time.sleep(0.25)
        batch.refresh_from_db()
        assert batch.status == BulkIssue.Status.DONE, batch.status
        took = (batch.finished_at - batch.started_at).total_seconds()  # type: ignore[operator]
        lines = [
            f"coordinator's POST that starts the bulk issue (over HTTP): {ms(post_time)}",
            f"bulk issue of {batch.issued:,} certificates by the worker: {took:,.1f} s "
            f"({took / max(batch.issued, 1) * 1000:,.0f} ms each, "
            f"{batch.issued / took:,.1f} a second); failed: {batch.failed}",
            "progress seen by the page: "
            + ", ".join(f"{n} at {s:.0f} s" for s, n in seen[:: max(1, len(seen) // 8)]),
            "web response times (the progress page, signed in; the public verification page):",
            f"  before, idle:       progress {percentiles(idle_progress)}",
            f"                      verify   {percentiles(idle_verify)}",
            f"  during the bulk:    progress {percentiles(busy_progress)}",
            f"                      verify   {percentiles(busy_verify)}",
        ]
        assert Certificate.objects.filter(batch=batch).count() == people
        return "\n".join(lines)
    finally:
        for process in (worker, web):
            if process is not None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = setup_env()
    import django

    django.setup()
    from django.db import connection

    t = time.perf_counter()
    data = seed(args.people)
    print(
        f"# bench/certificates.py, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n"
        f"# {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {connection.vendor}, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
        f"# seeded {args.people:,} participants in {-(-args.people // GROUP)} groups "
        f"in {time.perf_counter() - t:.1f} s",
        flush=True,
    )
    print(one_certificate(data, args.runs), flush=True)
    print(bulk(data, env, args.people), flush=True)
    print(f"# load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
