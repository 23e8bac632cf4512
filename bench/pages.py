"""pages.py MANIFEST — the pages bench/run measures, prepared and counted in-process.

Run by bench/run with the project's virtualenv and the same environment as the server it
starts (production mode, the bench database). Prints JSON: for each key page its path, who
requests it and the headers that make them so (a session cookie, a bearer token, or none),
its status and size, its SQL query count (Django test client under
CaptureQueriesContext; the first render warms up, the second is counted), and its cost
in-process (median CPU and wall time of a few more renders).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from fireside.accounts.models import ApiToken, User  # noqa: E402
from fireside.demo.scale.pages import PAGES  # noqa: E402
from fireside.gatherings.notices import feed_for  # noqa: E402

HOST = "127.0.0.1"  # what wrk sends: the only allowed host in the bench environment


def cost(client: Client, path: str, times: int = 7) -> dict[str, float]:
    """The page's cost in this process, median of a few renders: CPU time (on SQLite the
    database's work is in it too) and wall time. Busy neighbours on a shared machine move
    the load test's latencies far more than these."""
    cpu, wall = [], []
    for _ in range(times):
        began, used = time.perf_counter(), time.process_time()
        client.get(path)
        cpu.append(time.process_time() - used)
        wall.append(time.perf_counter() - began)
        if wall[-1] > 1:  # a slow page: one render tells enough
            break
    return {
        "cpu_ms": round(statistics.median(cpu) * 1000, 2),
        "wall_ms": round(statistics.median(wall) * 1000, 2),
    }


def prepare(bench: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Client], dict[str, Any]]:
    """The path values, a signed-in test client for each kind of requester, and the headers
    that make an outside client (wrk) the same requester."""
    member = User.objects.get(email=bench["member_email"])
    coordinator = User.objects.get(email=bench["coordinator_email"])
    values = {**bench, "feed": feed_for(member).token}
    clients: dict[str, Client] = {"anonymous": Client(HTTP_HOST=HOST)}
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for who, user in (("member", member), ("coordinator", coordinator)):
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        clients[who] = client
        headers[who] = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}"}
        token = ApiToken.issue(user)
        clients[f"{who}-api"] = Client(HTTP_HOST=HOST, headers={"Authorization": f"Bearer {token}"})
        headers[f"{who}-api"] = {"Authorization": f"Bearer {token}"}
    return values, clients, headers


def main() -> None:
    assert not settings.DEBUG and settings.PRODUCTION and settings.BENCH, "bench environment"
    bench = json.loads(Path(sys.argv[1]).read_text())["bench"]
    values, clients, headers = prepare(bench)
    out = []
    for name, template, who in PAGES:
        path = template.format(**values)
        row: dict[str, Any] = {"name": name, "path": path, "who": who, "headers": headers[who]}
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            out.append({**row, "absent": True})
            continue
        client = clients[who]
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        row.update(
            status=response.status_code,
            bytes=len(response.content),
            queries=len(ctx.captured_queries),
            sql=[q["sql"][:300] for q in ctx.captured_queries],
            **cost(client, path),
        )
        out.append(row)
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
