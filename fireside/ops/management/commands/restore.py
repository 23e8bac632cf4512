from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fireside.ops.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those in a backup archive made by "
        "`manage.py backup`. Refuses to overwrite existing data unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database and media folder even if they already hold data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(options["path"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        replaced = (
            f" It replaced what was there before: {report.replaced.summary()}."
            if report.replaced
            else ""
        )
        self.stdout.write(
            f"Restored {report.path} (made {report.created_at}) into the {report.engine} "
            f"database: {report.total_rows:,} rows in {len(report.rows)} tables, and "
            f"{report.media_files} uploaded file(s).{replaced}"
        )
        if report.migrations_to_apply:
            self.stdout.write(
                f"The backup predates {report.migrations_to_apply} migration(s) of this "
                "Fireside: run `manage.py migrate` before starting the server."
            )
