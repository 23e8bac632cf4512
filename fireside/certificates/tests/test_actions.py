"""Issuing, regenerating, bulk issuing, revoking and erasing certificates; their codes."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.core.files.storage import default_storage

from conftest import World
from fireside.accounts.actions import do_erase_user, export_user_data
from fireside.audit.models import AuditEvent
from fireside.certificates import actions
from fireside.certificates.models import (
    ALPHABET,
    CODE_BITS,
    BulkIssue,
    Certificate,
    display_code,
    new_code,
    normalize_code,
)
from fireside.certificates.tests.factories import attend, past_gathering
from fireside.communities.actions import check_leave
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.errors import Conflict, InvalidInput, TooMany, Unprocessable
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def hours_for(world: World) -> None:
    """Mina: 90 + 45 minutes of gatherings, a 20-minute connection, one reflection."""
    attend(
        past_gathering(world.community, dt.datetime(2026, 11, 4, 2, tzinfo=dt.UTC)), world.member
    )
    attend(world.gathering, world.member, 45)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.facilitator, minutes=20)
    make_reflection(world.program, world.member, dt.date(2026, 11, 1))


def pdf_text(certificate: Certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(handle.read())).pages)


def test_codes_are_unguessable() -> None:
    assert CODE_BITS >= 64 and len(ALPHABET) == 32 and len(set(ALPHABET)) == 32
    codes = [new_code() for _ in range(4000)]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 16 and set(c) <= set(ALPHABET) for c in codes)
    # Every symbol turns up about as often as any other (2,000 times each, expected).
    counts = Counter("".join(codes))
    assert set(counts) == set(ALPHABET)
    assert all(1500 < n < 2500 for n in counts.values())


def test_codes_read_from_paper_are_forgiving_but_strict() -> None:
    code = "7K2MQ9XD4HBTR8CV"
    assert display_code(code) == "7K2M-Q9XD-4HBT-R8CV"
    for typed in ("7k2m-q9xd-4hbt-r8cv", " 7K2M Q9XD 4HBT R8CV ", "7K2M.Q9XD.4HBT.R8CV"):
        assert normalize_code(typed) == code
    assert normalize_code("0OIL" * 4) == "0011" * 4
    for bad in ("", "7K2M", "7K2M-Q9XD-4HBT-R8CU", "7K2M-Q9XD-4HBT-R8CV-0", None, 12, "é" * 16):
        assert normalize_code(bad) is None


def test_a_participant_gets_a_certificate_of_their_hours(world: World) -> None:
    hours_for(world)
    c = actions.check_issue_certificate(user=world.member, program=world.program).certificate
    assert c.holder_name == "Mina Member" and c.program_name == world.program.name
    assert (c.gathering_minutes, c.connection_minutes, c.reflection_minutes) == (135, 20, 30)
    assert (c.gathering_hours, c.connection_hours, c.reflection_hours) == (
        Decimal("2.25"),
        Decimal("0.33"),
        Decimal("0.50"),
    )
    assert c.total_hours == Decimal("3.08")  # 185 minutes
    assert (c.gatherings_count, c.connections_count, c.reflections_count) == (2, 1, 1)
    assert (c.period_start, c.period_end) == (dt.date(2026, 9, 1), dt.date(2026, 11, 18))
    assert c.issued_on == dt.date(2026, 11, 18) and c.issuer == "Cora Coord"
    assert c.is_valid and c.pdf.name == f"certificates/{c.code}.pdf"
    assert "3.08" in pdf_text(c) and c.display_code in pdf_text(c)
    event = AuditEvent.objects.get(verb="certificates.issue")
    assert event.target_id == c.pk and event.data["hours"] == "3.08"


def test_without_hours_there_is_nothing_to_certify(world: World) -> None:
    with pytest.raises(Unprocessable, match="no hours recorded"):
        actions.check_issue_certificate(user=world.member, program=world.program)
    with pytest.raises(Unprocessable, match="took part"):
        actions.check_issue_certificate(user=world.waitlisted, program=world.program)
    assert not Certificate.objects.exists()


def test_regenerating_makes_a_new_code_and_the_old_one_keeps_what_it_stated(
    world: World,
) -> None:
    hours_for(world)
    first = actions.check_issue_certificate(user=world.member, program=world.program).certificate
    make_reflection(world.program, world.member, dt.date(2026, 10, 1))
    second = actions.check_issue_certificate(user=world.member, program=world.program).certificate
    assert second.code != first.code
    first.refresh_from_db()
    assert first.is_valid and first.total_hours == Decimal("3.08")
    assert second.total_hours == Decimal("3.58")
    assert "3.08" in pdf_text(first) and "3.58" in pdf_text(second)


def test_a_member_who_left_can_still_get_a_certificate(world: World) -> None:
    hours_for(world)
    check_leave(user=world.member, community=world.community)
    c = actions.check_issue_certificate(user=world.member, program=world.program).certificate
    assert c.total_hours == Decimal("3.08")


def test_certificates_are_not_drawn_without_limit(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions, "HOURLY_LIMIT", 1)
    hours_for(world)
    first = actions.check_issue_certificate(user=world.member, program=world.program)
    # The same hours again: the one already made, which draws nothing and is not counted.
    assert actions.check_issue_certificate(user=world.member, program=world.program) == (
        first.certificate,
        False,
    )
    make_reflection(world.program, world.member, dt.date(2026, 10, 1))  # new hours
    with pytest.raises(TooMany):
        actions.check_issue_certificate(user=world.member, program=world.program)
    assert Certificate.objects.count() == 1


def test_a_coordinator_revokes_with_a_reason_the_holder_is_told(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    hours_for(world)
    c = actions.check_issue_certificate(user=world.member, program=world.program).certificate
    for bad in ("", "   ", "x" * 501, "bad\x00"):
        with pytest.raises(InvalidInput):
            actions.check_revoke_certificate(actor=world.coordinator, certificate=c, reason=bad)
    c.refresh_from_db()
    assert c.is_valid
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_revoke_certificate(
            actor=world.coordinator, certificate=c, reason="Hours  counted twice by mistake."
        )
    c.refresh_from_db()
    assert not c.is_valid and c.revoke_reason == "Hours counted twice by mistake."
    assert c.revoked_by == world.coordinator
    event = AuditEvent.objects.get(verb="certificates.revoke")
    assert event.actor == world.coordinator and event.data["reason"] == c.revoke_reason
    (mail,) = mailoutbox
    assert mail.to == ["member@example.org"] and "Hours counted twice by mistake." in mail.body
    with pytest.raises(Conflict):
        actions.check_revoke_certificate(actor=world.coordinator, certificate=c, reason="Again")


def test_bulk_issue_covers_everyone_with_hours_in_the_period(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    hours_for(world)
    attend(world.gathering, world.facilitator, 60)
    leaver = make_member(world.community, UserFactory(name="Lee Leaver"))
    attend(world.gathering, leaver, 30)
    check_leave(user=leaver, community=world.community)
    erased = make_member(world.community, UserFactory(name="Eve Erased"))
    attend(world.gathering, erased, 30)
    do_erase_user(user=erased)
    make_member(world.community)  # no hours: no certificate
    october = past_gathering(world.community, dt.datetime(2026, 10, 20, 18, tzinfo=dt.UTC))
    attend(october, world.outsider, 90)  # only before the period

    with django_capture_on_commit_callbacks(execute=True):
        batch = actions.check_start_bulk_issue(
            actor=world.coordinator,
            program=world.program,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 18),
            notify=True,
        )
    batch.refresh_from_db()
    assert batch.status == BulkIssue.Status.DONE and batch.task_id
    assert (batch.total, batch.issued, batch.failed) == (3, 3, 0)
    issued = {c.holder_name: c for c in Certificate.objects.filter(batch=batch)}
    assert set(issued) == {"Mina Member", "Fay Facilitator", "Lee Leaver"}
    assert issued["Mina Member"].total_hours == Decimal("3.08")
    assert issued["Fay Facilitator"].total_hours == Decimal("1.33")  # 60 + 20 minutes
    assert issued["Lee Leaver"].period_end == dt.date(2026, 11, 18)
    assert all(c.issued_by == world.coordinator for c in issued.values())
    assert sorted(m.to[0] for m in mailoutbox) == sorted(c.holder.email for c in issued.values())
    # Run again (a worker restarted): nothing twice.
    assert actions.issue_batch.call(batch_id=batch.pk) == 0
    BulkIssue.objects.filter(pk=batch.pk).update(status=BulkIssue.Status.RUNNING)
    assert actions.issue_batch.call(batch_id=batch.pk) == 0
    assert Certificate.objects.filter(batch=batch).count() == 3


def test_bulk_issue_refuses_a_bad_period_and_a_second_run(world: World) -> None:
    def start(**kw: Any) -> BulkIssue:
        values = {"period_start": dt.date(2026, 9, 1), "period_end": dt.date(2026, 11, 18)}
        return actions.check_start_bulk_issue(
            actor=world.coordinator, program=world.program, **(values | kw)
        )

    with pytest.raises(InvalidInput, match="after today"):
        start(period_end=dt.date(2026, 11, 19))
    with pytest.raises(InvalidInput, match="ends before it starts"):
        start(period_start=dt.date(2026, 11, 2), period_end=dt.date(2026, 11, 1))
    with pytest.raises(InvalidInput, match="must be a date"):
        start(period_start="2026-11-01")
    first = start()  # queued: on_commit is not run here
    with pytest.raises(Conflict, match="already being issued"):
        start()
    assert list(BulkIssue.objects.all()) == [first]


def test_erasure_takes_the_name_and_the_pdf_and_ends_validity(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    hours_for(world)
    c = actions.check_issue_certificate(user=world.member, program=world.program).certificate
    name = c.pdf.name
    assert default_storage.exists(name)
    exported = export_user_data(user=world.member)["hours_and_certificates"]
    assert exported["certificates"][0]["code"] == c.display_code
    assert exported["certificates"][0]["hours"] == "3.08"
    (ledger,) = exported["ledgers"]
    assert ledger["total_hours"] == "3.08" and ledger["by_month"] == {"2026-11": "3.08"}

    with django_capture_on_commit_callbacks(execute=True):
        do_erase_user(user=world.member)
    assert not default_storage.exists(name)
    c.refresh_from_db()
    assert c.holder_name == "" and c.name == "A former member"
    assert not c.is_valid and c.revoke_reason == "The holder erased their account."
    assert not c.pdf
