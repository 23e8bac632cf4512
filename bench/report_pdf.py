"""report_pdf.py — how long the report PDF of a 2,000-community program takes to draw.

    DATABASE_URL=postgres://…/fs_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://…/fs_bench .venv/bin/python bench/report_pdf.py [communities]

Makes one program with that many groups (2,000 by default; three members each, a held
gathering each, one program survey answered) in an empty database, then times what the
background task does: the figures, the layout and the writing of the PDF, in both languages.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from fireside.accounts.models import User  # noqa: E402
from fireside.communities.models import Community, Membership  # noqa: E402
from fireside.demo.factories import CommunityFactory, ProgramFactory  # noqa: E402
from fireside.gatherings.models import Attendance, Gathering  # noqa: E402
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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    started = time.perf_counter()
    with transaction.atomic():
        program = build(n)
    print(f"built {n} communities in {time.perf_counter() - started:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
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
