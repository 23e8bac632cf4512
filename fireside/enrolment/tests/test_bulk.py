"""5,000 rows: the whole file is checked, written and its emails queued with queries in bulk,
never a query a row. Wall time is measured in bench/enrolment.py, not here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection

from fireside.accounts.models import RoleType
from fireside.demo.factories import CommunityFactory, ProgramFactory, UserFactory
from fireside.enrolment import actions
from fireside.enrolment.models import EnrolmentImport
from fireside.enrolment.tests.files import csv_bytes
from fireside.invitations.models import Invitation
from fireside.ops.models import OutgoingEmail

pytestmark = pytest.mark.django_db

ROWS = 5_000
GROUPS = 400  # 12 seats each: 4,800 people in groups, 200 invited to the program alone


@pytest.fixture(autouse=True)
def _december() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 12, 7, 18, tzinfo=dt.UTC), tick=False):
        yield


def big_file() -> bytes:
    rows = []
    for i in range(ROWS):
        group = f"Circle {i // 12:03d}" if i < GROUPS * 12 else ""
        rows.append((f"Person {i}", f"p{i}@example.org", "ece", "North", group, "", "2026-09-14"))
    return csv_bytes(rows)


class Counter:
    """Counts queries without keeping them (Django keeps at most 9,000)."""

    def __init__(self) -> None:
        self.total = 0
        self.invitation_inserts = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.total += 1
        if sql.startswith('INSERT INTO "invitations_invitation"'):
            self.invitation_inserts += 1
        return execute(sql, params, many, context)


def test_it_imports_5000_rows_with_bulk_queries(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # As in production: emails and tasks wait in the database queue for the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    program = ProgramFactory(eligible_role_types=[RoleType.ECE])
    CommunityFactory.create_batch(
        GROUPS, program=program, capacity=12, name=factory_names(), audience=RoleType.ECE
    )
    coordinator = UserFactory()
    checking = Counter()
    with connection.execute_wrapper(checking):
        preview = actions.check_preview_import(
            actor=coordinator, program=program, data=big_file(), filename="big.csv"
        )
    assert preview.problems == 0
    # the groups, the accounts and invitations of the addresses (900 at a time), the preview
    assert checking.total < 40

    with django_capture_on_commit_callbacks(execute=True):
        actions.check_start_import(actor=coordinator, preview=preview)
    counter = Counter()
    with connection.execute_wrapper(counter):
        assert actions.run_import.call(import_id=preview.pk) == "done"
    preview.refresh_from_db()
    assert preview.state == EnrolmentImport.State.DONE
    assert preview.processed == ROWS
    assert Invitation.objects.filter(source="import").count() == ROWS
    assert OutgoingEmail.objects.count() == ROWS
    # One INSERT for as many rows as the database takes parameters (45 on SQLite, 500 on
    # PostgreSQL), never one a row.
    assert counter.invitation_inserts <= ROWS // 40
    # Emails too are written in parts of 250 (rendered in each person's language, one
    # delivery task a part): about 1,000 queries in all, a fifth of one a row.
    assert counter.total < ROWS // 5, counter.total


def factory_names() -> Any:
    import factory

    return factory.Iterator([f"Circle {i:03d}" for i in range(GROUPS)])
