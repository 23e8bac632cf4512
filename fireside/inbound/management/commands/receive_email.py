"""Take in emailed replies: one raw message on standard input (a mail server's pipe), or
every new message of a Maildir (`--maildir PATH`), each moved to cur/ and marked seen once
taken in, so a second run takes in nothing twice."""

from __future__ import annotations

import mailbox
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fireside.inbound.receive import receive


class Command(BaseCommand):
    help = "Take in emailed replies: one raw email on stdin, or a Maildir's new messages."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--maildir", help="A Maildir whose new messages to take in.")
        parser.add_argument(
            "--recipient",
            default="",
            help="The envelope recipient (Postfix: ${recipient}), when headers may lack it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["maildir"]:
            self._maildir(options["maildir"])
            return
        stream = options.get("stdin") or sys.stdin
        raw = getattr(stream, "buffer", stream).read()
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        if not raw.strip():
            raise CommandError("No email on standard input.")
        self.stdout.write(receive(raw, recipient=options["recipient"]).outcome)

    def _maildir(self, path: str) -> None:
        try:
            box = mailbox.Maildir(path, factory=None, create=False)
        except (OSError, mailbox.Error) as exc:
            raise CommandError(f"{path} is not a Maildir: {exc}") from exc
        counts: dict[str, int] = {}
        for key in list(box.keys()):
            message = box.get_message(key)
            if message.get_subdir() == "cur" and "S" in message.get_flags():
                continue  # taken in by an earlier run
            outcome = receive(box.get_bytes(key)).outcome
            counts[outcome] = counts.get(outcome, 0) + 1
            message.set_subdir("cur")
            message.add_flag("S")
            box[key] = message
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        self.stdout.write(summary or "nothing new")
