"""What value stories store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Section, register
from fireside.stories import actions
from fireside.stories.models import CYCLES


def erase_for(user: User) -> None:
    actions.do_erase_for(user=user)


def register_all() -> None:
    register(
        app="stories",
        sections=(
            Section(
                "value_stories",
                actions.export_for,
                claims=(Claim("stories.Story", ("author",), ("title", *CYCLES)),),
            ),
        ),
        erase=erase_for,
        erase_order=30,
    )
