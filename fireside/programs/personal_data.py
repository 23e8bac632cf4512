"""What programs store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register, rows
from fireside.programs.models import FaqEntry, ProgramStaff


def erase_for(user: User) -> None:
    ProgramStaff.objects.filter(user=user).delete()
    FaqEntry.objects.filter(updated_by=user).update(updated_by=None)


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
            Section(
                "faq_entries_changed",
                lambda user: rows(
                    FaqEntry.objects.filter(updated_by=user).order_by("pk"),
                    "program_id",
                    "updated_at",
                ),
                claims=(Claim("programs.FaqEntry", people=("updated_by",)),),
            ),
        ),
        exempt=(
            Exempt(
                "programs.FaqEntry",
                ("question", "answer", "question_fr", "answer_fr"),
                "The program's questions and answers, written for every participant: the "
                "program's words, not the person's. Who last changed one is kept until erasure.",
            ),
        ),
        erase=erase_for,
        erase_order=70,
    )
