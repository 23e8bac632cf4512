"""django_tasks_db's worker, which also runs the scheduled jobs (fireside/ops/schedule.py).

Same name, options and task loop as the library's command (fireside.ops comes before
django_tasks_db in INSTALLED_APPS, so this one is found first). The library's loop has no
hook between polls, so the schedule runs beside it in a thread of its own for as long as the
worker runs: it checks every CHECK_SECONDS (three small queries when nothing needs
running), and a long job (the nightly themes) does not hold up the emails. On SIGINT or
SIGTERM the worker stops as the library's does, then waits for a job in progress to finish;
a second signal stops at once.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from fireside.ops.schedule import run_due_jobs

logger = logging.getLogger("fireside.ops.schedule")

CHECK_SECONDS = 30.0


class Schedule:
    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, name="fireside-schedule", daemon=True)

    def loop(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()
                run_due_jobs(worker=self.worker_id)
            except Exception:  # e.g. the database is away: try again at the next check
                logger.exception("Checking the schedule failed; trying again later.")
            finally:
                close_old_connections()
            self.stopping.wait(CHECK_SECONDS)
        connection.close()  # this thread's own connection


class Command(db_worker.Command):
    help = (
        "Run the background worker: the task queue, and (unless SCHEDULE_IN_WORKER is off) "
        "the daily and weekly jobs at their times, each once however many workers run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        schedule = Schedule(options["worker_id"]) if self._runs_schedule(options) else None
        if schedule:
            logger.info("Worker %s runs the schedule.", options["worker_id"])
            schedule.thread.start()
        try:
            super().handle(*args, **options)
        finally:
            if schedule:
                schedule.stopping.set()
                schedule.thread.join()  # a job in progress finishes first

    @staticmethod
    def _runs_schedule(options: dict[str, Any]) -> bool:
        if not settings.SCHEDULE_IN_WORKER or options["batch"]:
            return False  # off, or a worker that drains the queue and exits
        # With --reload, the process that watches the files runs no tasks: its child does.
        return not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
