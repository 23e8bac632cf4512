"""How long enrolling 5,000 participants from a spreadsheet takes.

    .venv/bin/python bench/enrolment.py               # 5,000 rows, SQLite
    .venv/bin/python bench/enrolment.py --rows 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fs_bench .venv/bin/python bench/enrolment.py

It makes its own SQLite database under the system's temporary folder
(`fireside-bench-enrolment/`, rebuilt each run; with DATABASE_URL=postgres://... that
database, flushed), seeds a program with 12-seat groups for the rows (the last 4% invited
to the program alone), builds a CSV of --rows people, then times, in this process, the
way production runs them:

1. the preview: reading and checking the file (`check_preview_import`);
2. the import the coordinator confirms: the task (`run_import`) checks the rows again,
   writes the invitations in one transaction, then queues every invitation's email with
   the database task queue (the worker sends them later; sending is not timed).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = Path(tempfile.gettempdir()) / "fireside-bench-enrolment"


def setup_env() -> None:
    if VAR.exists():
        shutil.rmtree(VAR)
    VAR.mkdir(parents=True)
    os.environ.update(
        {
            "FIRESIDE_VAR_DIR": str(VAR),
            "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{VAR / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "fireside.settings",
            "FIRESIDE_ENV": "development",
            "DEBUG": "false",
            "EMAIL_URL": "locmem:",
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    setup_env()
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from fireside.accounts.models import User
    from fireside.communities.models import Community
    from fireside.enrolment import actions
    from fireside.enrolment.tests.files import csv_bytes
    from fireside.invitations.models import Invitation
    from fireside.ops.models import OutgoingEmail
    from fireside.programs.models import Program, ProgramStaff

    call_command("migrate", verbosity=0)
    if "sqlite" not in os.environ["DATABASE_URL"]:
        call_command("flush", verbosity=0, interactive=False)
    today = timezone.localdate()
    program = Program.objects.create(
        name="Early Years Peer Mentoring",
        starts_on=today - dt.timedelta(days=90),
        ends_on=today + dt.timedelta(days=200),
        eligible_role_types=["ece"],
    )
    coordinator = User.objects.create(email="coordinator@example.org", name="Cora")
    ProgramStaff.objects.create(program=program, user=coordinator, role="coordinator")
    in_groups = args.rows * 96 // 100 // 12 * 12
    Community.objects.bulk_create(
        Community(
            program=program,
            name=f"Circle {i:04d}",
            purpose="Sharing what works.",
            audience="ece",
            region="North",
            mode="online",
            capacity=12,
        )
        for i in range(in_groups // 12)
    )
    rows = [
        (
            f"Participant {i} Núñez",
            f"p{i}@example.org",
            "ece",
            "North",
            f"Circle {i // 12:04d}" if i < in_groups else "",
            "",
            (today - dt.timedelta(days=30)).isoformat(),
        )
        for i in range(args.rows)
    ]
    data = csv_bytes(rows)

    started = time.perf_counter()
    preview = actions.check_preview_import(
        actor=coordinator, program=program, data=data, filename="people.csv"
    )
    preview_s = time.perf_counter() - started
    assert preview.problems == 0, preview.problems

    started = time.perf_counter()
    actions.check_start_import(actor=coordinator, preview=preview)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            outcome = actions.run_import.call(import_id=preview.pk)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    else:
        outcome = actions.run_import.call(import_id=preview.pk)
    import_s = time.perf_counter() - started
    assert outcome == "done", outcome
    made = Invitation.objects.filter(source="import").count()
    emails = OutgoingEmail.objects.count()

    started = time.perf_counter()
    again = actions.check_preview_import(
        actor=coordinator, program=program, data=data, filename="people.csv"
    )
    actions.check_start_import(actor=coordinator, preview=again)
    actions.run_import.call(import_id=again.pk)
    again_s = time.perf_counter() - started
    again.refresh_from_db()

    print(f"database: {connection.vendor}; {platform.python_version()}; {os.cpu_count()} CPUs")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"file: {args.rows} rows, {len(data) / 1024:.0f} KB CSV")
    print(f"preview (read + check): {preview_s:.2f} s")
    print(f"import (check again, write, queue emails): {import_s:.2f} s")
    print(f"invitations: {made}; emails queued: {emails}")
    print(f"same file again (preview + import): {again_s:.2f} s; result: {again.result}")


if __name__ == "__main__":
    main()
