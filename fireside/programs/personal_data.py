"""What programs store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Section, register, rows
from fireside.programs.models import ProgramStaff


def erase_for(user: User) -> None:
    ProgramStaff.objects.filter(user=user).delete()


def register_all() -> None:
    register(
        app="programs",
        sections=(
            Section(
                "program_roles",
                lambda user: rows(
                    ProgramStaff.objects.filter(user=user), "program_id", "role", "added_at"
                ),
                claims=(Claim("programs.ProgramStaff", people=("user",)),),
            ),
        ),
        erase=erase_for,
        erase_order=70,
    )
