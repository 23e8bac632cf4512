from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fireside.ops.backups import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files to one archive (a .tar.gz readable only by "
        "you). Safe while Fireside runs. PATH is a new file, or a folder to put one in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = make_backup(options["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up the {report.engine} database ({report.database_bytes:,} bytes) and "
            f"{report.media_files} uploaded file(s) ({report.media_bytes:,} bytes) to "
            f"{report.path}. It holds every group's private content: store it as carefully "
            "as the server."
        )
