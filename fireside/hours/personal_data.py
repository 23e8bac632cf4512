"""What hours store about a person (see fireside/accounts/personal_data.py): the time they
recorded themselves. Their ledger and certificates are exported by certificates."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Section, register, rows
from fireside.hours.models import TimeEntry


def erase_for(user: User) -> None:
    """Recorded time is the person's own: it goes with them."""
    TimeEntry.objects.filter(user=user).delete()


def register_all() -> None:
    register(
        app="hours",
        sections=(
            Section(
                "time_recorded",
                lambda user: rows(
                    TimeEntry.objects.filter(user=user).order_by("month", "pk"),
                    "kind",
                    "program_id",
                    "community_id",
                    "gathering_id",
                    "month",
                    "minutes",
                    "note",
                    "created_at",
                    "updated_at",
                ),
                claims=(Claim("hours.TimeEntry", people=("user",), text=("note",)),),
            ),
        ),
        exempt=(),
        erase=erase_for,
        erase_order=40,
    )
