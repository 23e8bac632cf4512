"""What announcements store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Section, register
from fireside.announcements import actions


def erase_for(user: User) -> None:
    actions.do_erase_for(user=user)


def register_all() -> None:
    register(
        app="announcements",
        sections=(
            Section(
                "announcements",
                actions.export_for,
                claims=(
                    Claim("announcements.Announcement", ("author",), ("title", "body")),
                    Claim("announcements.AnnouncementRead", ("user",), ()),
                ),
            ),
        ),
        erase=erase_for,
        erase_order=30,
    )
