"""What notifications store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register, rows


def erase_for(user: User) -> None:
    """Their notifications and choices go. Other people's notifications name them only by
    reference (`actor`), worded when read: after erasure they read "A former member"."""
    user.notifications.all().delete()
    user.notification_prefs.all().delete()


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
                    "subject_type",
                    "subject_id",
                    "text",
                    "created_at",
                    "read_at",
                ),
                claims=(Claim("notifications.Notification", ("user",), ("subject_type", "text")),),
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
            Exempt(
                "notifications.Notification",
                ("actor",),
                "Who acted, in someone else's notification: a reference worded when read, "
                "which says 'A former member' once that person is erased.",
            ),
        ),
        erase=erase_for,
        erase_order=80,
    )
