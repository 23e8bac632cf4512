"""Compute common threads now: the stale scopes, or (--all) every community and program.

The task queue does this a few minutes after texts change. Run it from cron where no worker
runs, with `TASKS_BACKEND=immediate`, or nightly with --all to pick up what no save
announced (attendance recorded after the notes, for instance).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fireside.themes import actions
from fireside.themes.models import Scope


class Command(BaseCommand):
    help = "Compute the common threads of stale communities and programs (--all: every one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--all", action="store_true", help="every community and program, stale or not"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        for pk in actions.scopes_to_refresh(everything=options["all"]):
            scope, themes = actions.recompute(pk)
            if scope is None:
                continue
            done += 1
            if options["verbosity"] > 1:
                self.stdout.write(
                    f"{_name(scope)}: {themes} themes from {scope.texts} texts "
                    f"in {scope.seconds:.2f} s"
                )
        self.stdout.write(f"Computed the common threads of {done} scopes.")


def _name(scope: Scope) -> str:
    if scope.community_id:
        return f"community {scope.community_id}"
    return f"program {scope.program_id}"
