"""Kill the app server (SIGKILL, no goodbye) in the middle of a burst of writes, then prove the
database is consistent: every change is all there or not there at all.

The server is the production one (gunicorn, two worker processes with four threads each)
run as a subprocess against the test database, the one this suite runs on: a SQLite file or
PostgreSQL. Requests go over loopback with bearer tokens: joins (most land on the waitlist),
leaves (each hands a seat to the first person waiting), recurring series of 40 gatherings,
and replies. When a fixed share of the answers has come back, the whole process group is
killed while the rest are still in flight. Two rounds: the second starts the server again
on whatever the first left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from fireside.accounts.models import ApiToken, User
from fireside.audit.models import AuditEvent
from fireside.communities.actions import waitlist_position
from fireside.communities.models import Community, Membership
from fireside.conversations.actions import check_start_thread
from fireside.conversations.models import Reply, Thread
from fireside.demo.factories import CommunityFactory, ProgramFactory, UserFactory, make_member
from fireside.gatherings.models import Gathering, Series
from fireside.gatherings.scheduling import plan_series
from fireside.ops.models import OutgoingEmail
from fireside.search.models import Entry

pytestmark = pytest.mark.django_db(transaction=True)

READY_TIMEOUT = 40.0
REQUEST_TIMEOUT = 20.0
CAPACITY = 5
SERIES_RULE = "FREQ=DAILY;COUNT=40"


# --- The server ------------------------------------------------------------------------


def database_url() -> str:
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{conf['NAME']}"
    password = f":{quote(conf['PASSWORD'], safe='')}" if conf.get("PASSWORD") else ""
    user = quote(conf.get("USER") or "", safe="")
    where = f"{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}"
    return f"postgres://{user}{password}@{where}/{conf['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    var_dir: Path
    proc: subprocess.Popen[bytes] | None = None
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "FIRESIDE_VAR_DIR": str(self.var_dir),
            "FIRESIDE_ENV": "development",
            "DEBUG": "false",
            "TASKS_BACKEND": "database",
            "EMAIL_URL": "console:",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        with (self.var_dir / "server.log").open("ab") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "fireside.wsgi:application",
                    f"--bind=127.0.0.1:{self.port}",
                    "--workers=2",
                    "--worker-class=gthread",
                    "--threads=4",
                    "--timeout=60",
                    "--log-level=warning",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: one killpg takes every worker
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"The server exited at start:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.05)  # not ready yet: poll again
        self.kill()
        raise AssertionError(f"The server was not ready after {READY_TIMEOUT} s:\n{self.log()}")

    def kill(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        # Workers are in the same group; wait until none is left holding the database.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.02)
        self.proc = None

    def log(self) -> str:
        return (self.var_dir / "server.log").read_text(errors="replace")[-4000:]


@pytest.fixture
def server(tmp_path: Path) -> Any:
    instance = Server(var_dir=tmp_path)
    yield instance
    instance.kill()


# --- The world and the burst -----------------------------------------------------------


@dataclass
class Scene:
    communities: list[Community]
    facilitator: User
    members: list[User]  # active from the start, in the first community
    joiners: list[User]
    thread: Thread
    tokens: dict[int, str]
    before: set[int] = field(default_factory=set)  # memberships made by the set-up


def make_scene() -> Scene:
    program = ProgramFactory(ends_on=timezone.localdate() + dt.timedelta(days=730))
    first = CommunityFactory(program=program, capacity=CAPACITY, name="Tidewater circle")
    second = CommunityFactory(program=program, capacity=CAPACITY, name="Harbour circle")
    facilitator = make_member(first, UserFactory(name="Fay"), "facilitator")
    members = [make_member(first, UserFactory(name=f"Member {i}")) for i in range(CAPACITY - 1)]
    joiners = [UserFactory(name=f"Joiner {i}") for i in range(24)]
    thread = check_start_thread(
        author=facilitator, community=first, title="What worked", body="Tell us.", kind="idea"
    )
    people = [facilitator, *members, *joiners]
    return Scene(
        communities=[first, second],
        facilitator=facilitator,
        members=members,
        joiners=joiners,
        thread=thread,
        tokens={p.pk: ApiToken.issue(p) for p in people},
        before=set(Membership.objects.values_list("pk", flat=True)),
    )


@dataclass
class Call:
    who: int
    method: str
    path: str
    body: dict[str, Any]


@dataclass
class Answer:
    call: Call
    status: int | None  # None: cut off by the kill
    body: Any = None


def burst(scene: Scene, round_no: int) -> list[Call]:
    first, second = scene.communities
    half = len(scene.joiners) // 2
    joiners = scene.joiners[:half] if round_no == 0 else scene.joiners[half:]
    calls = [
        Call(u.pk, "POST", f"/api/v1/communities/{first.pk}/join", {"agree_to_agreement": True})
        for u in joiners
    ]
    calls += [
        Call(u.pk, "POST", f"/api/v1/communities/{second.pk}/join", {"agree_to_agreement": True})
        for u in joiners[::2]
    ]
    leavers = scene.members[:2] if round_no == 0 else scene.members[2:]
    calls += [Call(u.pk, "POST", f"/api/v1/communities/{first.pk}/leave", {}) for u in leavers]
    start = timezone.localdate() + dt.timedelta(days=365)
    for i in range(4):
        calls.append(
            Call(
                scene.facilitator.pk,
                "POST",
                f"/api/v1/communities/{first.pk}/gatherings",
                {
                    "title": f"Round {round_no} series {i}",
                    "starts_at": f"{start.isoformat()}T{10 + i:02d}:00:00",
                    "duration_minutes": 60,
                    "timezone": "America/Vancouver",
                    "location": "Library",
                    "recurrence": SERIES_RULE,
                    "agenda": [],
                },
            )
        )
    repliers = [scene.facilitator, *scene.members]
    calls += [
        Call(
            repliers[i % len(repliers)].pk,
            "POST",
            f"/api/v1/threads/{scene.thread.pk}/replies",
            {"body": f"Reply {round_no}-{i}"},
        )
        for i in range(24)
    ]
    # Interleaved, the same way every run.
    return sorted(calls, key=lambda c: zlib.crc32(f"{c.path} {c.who} {c.body}".encode()))


def fire(server: Server, scene: Scene, calls: list[Call], kill_after: int) -> list[Answer]:
    """Send every call from 12 threads; SIGKILL the server once `kill_after` have answered."""
    answered = threading.Semaphore(0)
    lock = threading.Lock()

    def send(call: Call) -> Answer:
        request = urllib.request.Request(  # noqa: S310 - loopback only
            server.base + call.path,
            data=json.dumps(call.body).encode(),
            method=call.method,
            headers={
                "Authorization": f"Bearer {scene.tokens[call.who]}",
                "Content-Type": "application/json",
            },
        )
        try:
            try:
                with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
                    answer = Answer(call, response.status, json.loads(response.read() or b"null"))
            except urllib.error.HTTPError as exc:
                answer = Answer(call, exc.code, exc.read().decode(errors="replace"))
        except (OSError, http.client.HTTPException, ValueError):
            # Refused, reset, or cut off half-way through the answer: the outcome is unknown.
            answer = Answer(call, None)
        with lock:
            answered.release()
        return answer

    with ThreadPoolExecutor(max_workers=12) as pool:
        futures = [pool.submit(send, c) for c in calls]
        for _ in range(kill_after):
            assert answered.acquire(timeout=REQUEST_TIMEOUT * 2), "the server stopped answering"
        server.kill()
        return [f.result() for f in futures]


# --- The checks ------------------------------------------------------------------------


def joins_by_pair(verb: str) -> Counter[tuple[int | None, int | None]]:
    return Counter(
        (e.actor_id, e.target_id)
        for e in AuditEvent.objects.filter(verb=verb, target_type="communities.community")
    )


def assert_consistent(scene: Scene, answers: list[Answer]) -> None:
    connection.close()  # a fresh connection: see what the disk holds now
    # Acknowledged writes survived the kill.
    for a in answers:
        if a.status is not None and a.status >= 500:
            raise AssertionError(f"{a.call.path} answered {a.status}: {a.body}")
    for a in (a for a in answers if a.status == 201):
        if a.call.path.endswith("/join"):
            community_id = int(a.call.path.split("/")[4])
            assert Membership.objects.filter(
                user_id=a.call.who, community_id=community_id, requested_at__isnull=False
            ).exists()
        elif a.call.path.endswith("/replies"):
            assert Reply.objects.filter(pk=a.body["id"]).exists()
        elif a.call.path.endswith("/gatherings"):
            series = Series.objects.get(pk=a.body["series_id"])
            assert series.gatherings.count() == len(a.body["gatherings"])

    # No half-made series: each has every occurrence its rule makes, or does not exist.
    for series in Series.objects.select_related("community__program"):
        starts = list(series.gatherings.values_list("starts_at", "timezone").order_by("starts_at"))
        assert starts, f"series {series.pk} has no gatherings"
        first, zone = starts[0]
        plan = plan_series(
            series.rrule, first.astimezone(ZoneInfo(zone)), series.community.program.ends_on
        )
        assert len(starts) == len(plan.starts), (
            f"series {series.pk}: {len(starts)} of {len(plan.starts)}"
        )
    made = sorted(Series.objects.values_list("pk", flat=True))
    scheduled = AuditEvent.objects.filter(verb="gatherings.schedule")
    assert scheduled.count() == len(made)
    per_series = Counter(
        Gathering.objects.filter(series__isnull=False).values_list("series", flat=True)
    )
    assert sorted(e.data["count"] for e in scheduled) == sorted(per_series.values())

    # Memberships: no orphans, seats never over-filled, a waitlist only behind a full group,
    # positions 1..n, and each join or leave recorded with its row and its email.
    assert not Membership.objects.exclude(user_id__in=User.objects.values("pk")).exists()
    assert not Membership.objects.exclude(community_id__in=Community.objects.values("pk")).exists()
    for community in scene.communities:
        active = Membership.objects.filter(community=community, status="active").count()
        waiting = list(Membership.objects.filter(community=community, status="waitlisted"))
        assert active <= community.capacity, f"{community}: {active} in {community.capacity} seats"
        if waiting:
            assert active == community.capacity, f"{community}: {active} seated while people wait"
        assert sorted(waitlist_position(m) for m in waiting) == list(range(1, len(waiting) + 1))
        live = Membership.objects.filter(community=community).exclude(status="left")
        assert live.count() == live.values("user").distinct().count()
    made_by_join = Counter(
        (m.user_id, m.community_id) for m in Membership.objects.exclude(pk__in=scene.before)
    )
    assert made_by_join == joins_by_pair("communities.join")
    left = Counter((m.user_id, m.community_id) for m in Membership.objects.filter(status="left"))
    assert left == joins_by_pair("communities.leave")
    emails = Counter(
        (e.template, tuple(e.to))
        for e in OutgoingEmail.objects.filter(template__in=["joined", "waitlisted", "promoted"])
    )
    address = dict(User.objects.values_list("pk", "email"))
    joined_mail = sum(n for (t, _), n in emails.items() if t in {"joined", "waitlisted"})
    assert joined_mail == sum(joins_by_pair("communities.join").values())
    promoted = AuditEvent.objects.filter(verb="communities.promote")
    assert emails_for("promoted", emails) == Counter(
        (address[e.data["user_id"]],) for e in promoted
    )

    # Replies: each with its thread's activity time, its audit event and its search entry.
    replies = list(Reply.objects.filter(thread=scene.thread))
    scene.thread.refresh_from_db()
    assert all(scene.thread.last_activity_at >= r.created_at for r in replies)
    assert AuditEvent.objects.filter(verb="conversations.reply").count() == len(replies)
    indexed = set(Entry.objects.filter(type="reply").values_list("object_id", flat=True))
    assert indexed == {r.pk for r in replies}


def emails_for(
    template: str, emails: Counter[tuple[str, tuple[str, ...]]]
) -> Counter[tuple[str, ...]]:
    return Counter({to: n for (t, to), n in emails.items() if t == template})


def test_a_killed_server_leaves_a_consistent_database(server: Server) -> None:
    scene = make_scene()
    for round_no in range(2):
        calls = burst(scene, round_no)
        server.start()
        answers = fire(server, scene, calls, kill_after=len(calls) // 3)
        cut = sum(1 for a in answers if a.status is None)
        assert cut > 0, "the kill came after the burst: nothing was in flight"
        assert_consistent(scene, answers)


def test_the_checks_catch_a_half_made_series_and_an_overfull_group() -> None:
    """The checks above must be able to fail: break the database by hand, as a crash
    between two statements would, and they do."""
    scene = make_scene()
    assert_consistent(scene, [])
    first = scene.communities[0]
    series = Series.objects.create(community=first, rrule=SERIES_RULE)
    for day in range(3):  # 3 of the rule's 40
        Gathering.objects.create(
            community=first,
            series=series,
            title="Half",
            starts_at=timezone.now() + dt.timedelta(days=365 + day),
            duration_minutes=60,
            timezone="America/Vancouver",
        )
    with pytest.raises(AssertionError, match="3 of 40"):
        assert_consistent(scene, [])
    series.delete()
    Gathering.objects.filter(title="Half").delete()

    Membership.objects.create(community=first, user=scene.joiners[0], status="active")
    with pytest.raises(AssertionError, match=f"6 in {CAPACITY} seats"):
        assert_consistent(scene, [])
