"""What notifications store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register, rows
from fireside.notifications.models import Notification


def export_notifications(user: User) -> list[dict[str, Any]]:
    fields = ("community_id", "kind", "text", "created_at", "read_at")
    return rows(user.notifications.all(), *fields)


def export_preferences(user: User) -> list[dict[str, Any]]:
    return rows(user.notification_prefs.all(), "community_id", "kind", "delivery")


def erase_for(user: User) -> None:
    """Their notifications and choices go; other people's notifications that name them
    (“Mina replied…”) say "A former member" instead."""
    names = [n for n in (user.name, user.email) if n]
    user.notifications.all().delete()
    user.notification_prefs.all().delete()
    for name in sorted(names, key=len, reverse=True):
        found = re.compile(re.escape(name), re.IGNORECASE)
        for note in Notification.objects.filter(text__icontains=name):
            note.text = found.sub(_("A former member"), note.text)[:300]
            note.save(update_fields=["text"])


def register_all() -> None:
    register(
        app="notifications",
        sections=(
            Section(
                "notifications",
                lambda user: rows(
                    user.notifications.all(),
                    "community_id",
                    "kind",
                    "text",
                    "created_at",
                    "read_at",
                ),
                claims=(Claim("notifications.Notification", ("user",), ("text",)),),
            ),
            Section(
                "notification_preferences",
                lambda user: rows(
                    user.notification_prefs.all(), "community_id", "kind", "delivery"
                ),
                claims=(Claim("notifications.Preference", people=("user",)),),
            ),
        ),
        exempt=(
            Exempt(
                "notifications.Notification",
                ("url",),
                "A link to a page inside Fireside that the notification is about.",
            ),
        ),
        erase=erase_for,
        erase_order=80,
    )
