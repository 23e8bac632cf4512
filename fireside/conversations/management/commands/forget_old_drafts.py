"""Delete the conversation drafts nobody touched for 90 days. Run daily by the worker's
schedule (fireside/ops/schedule.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fireside.conversations.drafts import DRAFT_DAYS, forget_old_drafts


class Command(BaseCommand):
    help = f"Delete conversation drafts untouched for {DRAFT_DAYS} days."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Forgot {forget_old_drafts()} old drafts.")
