"""Enrolment imports for tests."""

from __future__ import annotations

from typing import Any

from fireside.enrolment.models import EnrolmentImport

GUARD_CSV = "Name,Email,Role type\r\nGuarded Person,guarded-import@example.org,ece\r\n"


def guard_values(world: Any) -> dict[str, Any]:
    """Cora checked a one-person file for the world's program."""
    record = EnrolmentImport.objects.filter(program=world.program).first()
    if record is None:
        record = EnrolmentImport.objects.create(
            program=world.program,
            created_by=world.coordinator,
            filename="people.csv",
            sha256="0" * 64,
            kind="csv",
            rows=[
                {
                    "row": 2,
                    "name": "Guarded Person",
                    "email": "guarded-import@example.org",
                    "role_type": "ece",
                    "region": "",
                    "group": "",
                    "role": "",
                    "joined_on": "",
                    "problems": [],
                }
            ],
            total=1,
        )
    return {"import_id": record.pk}


def guard_import_body(world: Any) -> dict[str, Any]:
    return {"csv": GUARD_CSV, "dry_run": True}


def leak_markers(world: Any) -> Any:
    """Cora checks a file naming someone who is not yet in Fireside; she has not confirmed
    it, so the name is only in the preview."""
    from fireside.enrolment.actions import check_preview_import
    from fireside.lib.tests.leaks import Seeded

    s = Seeded()
    name = s.add("enrolment.name")
    check_preview_import(
        actor=world.coordinator,
        program=world.program,
        data=f"Name,Email,Role type\r\n{name},leaky-import@example.org,ece\r\n".encode(),
        filename="leaky.csv",
    )
    return s
