"""report_pdf.py — how long the report of a 2,000-community program takes: its page and its PDF.

    DATABASE_URL=postgres://…/fs_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://…/fs_bench .venv/bin/python bench/report_pdf.py [communities]

Makes one program with that many groups (2,000 by default; three members each, a held
gathering each) in an empty database. Then, first, the report page as its coordinator sees
it (Django's test client, in-process, production-like: DEBUG off): the first render, which
keeps the figures, and the median of 10 warm renders after it, wall and CPU time and the
query count. Then what the PDF's background task does: the figures, the layout and the
writing of the PDF, in both languages.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from fireside.accounts.models import User  # noqa: E402
from fireside.communities.models import Community, Membership  # noqa: E402
from fireside.demo.factories import CommunityFactory, ProgramFactory  # noqa: E402
from fireside.gatherings.models import Attendance, Gathering  # noqa: E402
from fireside.programs.models import ProgramStaff  # noqa: E402
from fireside.reports import pdf  # noqa: E402
from fireside.reports.snapshots import refresh  # noqa: E402


def build(n: int) -> object:
    program = ProgramFactory(name="The big provincial program")
    template = CommunityFactory.build(program=program)
    groups = Community.objects.bulk_create(
        [
            Community(
                program=program,
                name=f"Circle {i:04}",
                purpose=template.purpose,
                audience=template.audience,
                region=template.region,
                mode=template.mode,
                capacity=12,
                meeting_place=template.meeting_place,
            )
            for i in range(n)
        ]
    )
    people = User.objects.bulk_create(
        [User(email=f"bench{i}@example.org", name=f"Person {i}") for i in range(3 * n)]
    )
    joined = dt.date(2026, 9, 15)
    Membership.objects.bulk_create(
        Membership(community=g, user=people[3 * i + k], status="active", joined_on=joined)
        for i, g in enumerate(groups)
        for k in range(3)
    )
    held = timezone.now() - dt.timedelta(days=10)
    gatherings = Gathering.objects.bulk_create(
        Gathering(
            community=g,
            title="Monthly gathering",
            starts_at=held,
            duration_minutes=90,
            uid=f"{uuid.uuid4()}@fireside",
        )
        for g in groups
    )
    Attendance.objects.bulk_create(
        Attendance(gathering=gathering, user=people[3 * i + k], present=k != 2, minutes=90)
        for i, gathering in enumerate(gatherings)
        for k in range(3)
    )
    return program


def time_page(program: object) -> None:
    """The report page for its coordinator: the first render, then 10 warm ones."""
    coordinator = User.objects.create(email="coordinator@example.org", name="Coordinator")
    ProgramStaff.objects.create(program=program, user=coordinator, role="coordinator")
    client = Client()
    client.force_login(coordinator)
    url = reverse("reports:program", args=[program.pk])  # type: ignore[attr-defined]
    walls, cpus = [], []
    for i in range(11):
        cpu, t0 = time.process_time(), time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu
        assert response.status_code == 200, response.status_code
        if i == 0:
            print(
                f"report page, first render (keeps the figures): {wall * 1000:.0f} ms wall, "
                f"{cpu * 1000:.0f} ms CPU, {len(queries)} queries, "
                f"{len(response.content) // 1024} KB"
            )
        else:
            walls.append(wall)
            cpus.append(cpu)
    print(
        f"report page, warm (median of 10): {statistics.median(walls) * 1000:.0f} ms wall, "
        f"{statistics.median(cpus) * 1000:.0f} ms CPU, {len(queries)} queries"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    started = time.perf_counter()
    with transaction.atomic():
        program = build(n)
    print(f"built {n} communities in {time.perf_counter() - started:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    time_page(program)
    for language in ("en", "fr-ca"):
        with translation.override(language):
            cpu = time.process_time()
            t0 = time.perf_counter()
            report = refresh(program)  # type: ignore[arg-type]
            t1 = time.perf_counter()
            document = pdf.layout(report)
            t2 = time.perf_counter()
            data = document.write_pdf()
            t3 = time.perf_counter()
            cpu = time.process_time() - cpu
        print(
            f"{language}: figures {t1 - t0:.1f} s, layout {t2 - t1:.1f} s, "
            f"write {t3 - t2:.1f} s, total {t3 - t0:.1f} s (CPU {cpu:.1f} s); "
            f"{len(document.pages)} pages, {len(data) / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
