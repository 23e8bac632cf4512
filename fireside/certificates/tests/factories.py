"""Attendance, certificates and bulk issues for tests, made directly (no PDF, no checks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fireside.certificates.models import BulkIssue, Certificate, new_code
from fireside.demo.factories import GatheringFactory
from fireside.gatherings.models import Attendance, Gathering
from fireside.hours.ledger import Tally


def attend(gathering: Gathering, user: Any, minutes: int = 90, present: bool = True) -> Attendance:
    return Attendance.objects.create(
        gathering=gathering, user=user, present=present, minutes=minutes if present else 0
    )


def past_gathering(community: Any, when: dt.datetime, **fields: Any) -> Gathering:
    fields.setdefault("duration_minutes", 90)
    return GatheringFactory(community=community, starts_at=when, **fields)  # type: ignore[no-any-return]


def make_certificate(holder: Any, program: Any, **fields: Any) -> Certificate:
    tally = Tally(
        fields.pop("gathering_minutes", 90),
        fields.pop("connection_minutes", 30),
        fields.pop("reflection_minutes", 30),
    )
    now = timezone.now()
    values: dict[str, Any] = {
        "code": new_code(),
        "holder": holder,
        "program": program,
        "holder_name": holder.display_name,
        "program_name": program.name,
        "issuer": "Cora Coord",
        "period_start": program.starts_on,
        "period_end": max(program.starts_on, timezone.localdate()),
        "gathering_minutes": tally.gatherings,
        "connection_minutes": tally.connections,
        "reflection_minutes": tally.reflections,
        "gatherings_count": 1,
        "connections_count": 1,
        "reflections_count": 1,
        "gathering_hours": tally.gathering_hours,
        "connection_hours": tally.connection_hours,
        "reflection_hours": tally.reflection_hours,
        "total_hours": tally.hours,
        "reflection_credit_minutes": program.reflection_credit_minutes,
        "issued_at": now,
        "issued_on": timezone.localdate(),
    }
    values.update(fields)
    return Certificate.objects.create(**values)


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def guard_values(world: Any) -> dict[str, Any]:
    """Mina, Fay and Otto (in the sibling group) have hours from a gathering each; Mina
    holds a certificate; the program had a bulk issue."""
    attend(world.gathering, world.member, 60)
    attend(world.gathering, world.facilitator, 60)
    elsewhere = past_gathering(world.other_community, timezone.now() - dt.timedelta(days=2))
    attend(elsewhere, world.outsider, 45)
    certificate = make_certificate(world.member, world.program)
    batch = BulkIssue.objects.create(
        program=world.program,
        requested_by=world.coordinator,
        period_start=world.program.starts_on,
        period_end=max(world.program.starts_on, timezone.localdate()),
        status=BulkIssue.Status.DONE,
    )
    return {"code": certificate.display_code, "batch_id": batch.pk}


# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------

from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:  # the leak test's module imports this one
    from fireside.lib.tests.leaks import Seeded


def leak_markers(world: Any) -> Seeded:
    """Mina makes a certificate; a coordinator revokes it and says why. Its code is a key
    (whoever holds it can verify the certificate): it goes to Mina and the coordinators."""
    from fireside.certificates.actions import check_issue_certificate, check_revoke_certificate
    from fireside.lib.tests.leaks import Seeded

    s = Seeded()
    certificate, _created = check_issue_certificate(user=world.member, program=world.program)
    s.markers["certificates.code"] = certificate.display_code
    check_revoke_certificate(
        actor=world.coordinator,
        certificate=certificate,
        reason=s.add("certificates.revoke_reason"),
    )
    return s
