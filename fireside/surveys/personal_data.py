"""What surveys store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register
from fireside.surveys import actions


def erase_for(user: User) -> None:
    actions.do_erase_for(user=user)


def register_all() -> None:
    register(
        app="surveys",
        sections=(
            Section(
                "surveys",
                actions.export_for,
                claims=(
                    Claim("surveys.Participation", people=("user",)),
                    Claim("surveys.Response", people=("respondent",)),
                    Claim("surveys.PendingResponse", ("respondent",), ("answers",)),
                    Claim("surveys.ConfidenceCheck", people=("user",)),
                ),
            ),
        ),
        exempt=(
            Exempt(
                "surveys.Survey",
                ("created_by", "title", "intro"),
                "The survey is its program's or group's; who made it shows as a former member "
                "after erasure.",
            ),
            Exempt(
                "surveys.ConfidenceGoal",
                ("text_en", "text_fr"),
                "The program's own statements, written by its coordinators for everyone; "
                "a person's answers to them go with their confidence checks.",
            ),
            Exempt(
                "surveys.ConfidenceReminder",
                ("user",),
                "Only that a reminder went out, so nobody is told twice; erased with the account.",
            ),
        ),
        erase=erase_for,
        erase_order=40,
    )
