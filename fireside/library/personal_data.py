"""What the library stores about a person: who published each entry (see
fireside/accounts/personal_data.py). An entry stays the program's when its publisher's
account goes: the link to them empties."""

from __future__ import annotations

from typing import Any

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Section, register
from fireside.library.models import ProgramResource


def export_for(user: User) -> list[dict[str, Any]]:
    return [
        {
            "program": item.program.name,
            "title": item.title,
            "description": item.description,
            "kind": item.kind,
            "language": item.language,
            "url": item.url,
            "filename": item.filename,
            "content_type": item.content_type,
            "created_at": item.created_at.isoformat(),
        }
        for item in ProgramResource.objects.filter(published_by=user)
        .select_related("program")
        .order_by("created_at", "pk")
    ]


def register_all() -> None:
    register(
        app="library",
        sections=(
            Section(
                "program_library",
                export_for,
                claims=(
                    Claim(
                        "library.ProgramResource",
                        ("published_by",),
                        ("title", "description", "url", "filename", "content_type"),
                    ),
                ),
            ),
        ),
    )
