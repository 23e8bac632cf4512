"""Hours and certificates in a real browser on a small phone (360 × 740): axe-core, no
sideways scrolling. A participant goes from the home page to their ledger, gets a
certificate, downloads it and checks it; a coordinator looks at everyone's hours and issues
certificates in bulk."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.certificates.models import BulkIssue, Certificate
from fireside.certificates.tests.factories import attend, past_gathering
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.tests.browser import check_phone_page, sign_in
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, name: str) -> None:
    check_phone_page(page, f"phone-hours-{name}")


def hours_for(world: World, person: Any) -> None:
    earlier = past_gathering(
        world.community, timezone.now() - dt.timedelta(days=9), title="Outdoor play circle"
    )
    attend(earlier, person, 90)
    attend(world.gathering, person, 75)
    pairing = make_pairing(world.community, person, world.facilitator)
    make_connection(pairing, world.facilitator, minutes=35, happened_on=pairing.starts_on)
    make_reflection(world.program, person, timezone.localdate().replace(day=1))


def test_a_participant_gets_and_downloads_a_certificate_on_a_phone(
    live_server: Any, phone: Any, world: World, tmp_path: Path
) -> None:
    world.member.name = "Amélie-Françoise Núñez"
    world.member.save()
    hours_for(world, world.member)  # 90 + 75 + 35 + 30 = 230 minutes
    base = live_server.url
    sign_in(phone, base, world.member.email)
    phone.get_by_role("link", name=f"Your hours in {world.program.name}").click()
    expect(phone.get_by_role("heading", name="3.83 hours in all")).to_be_visible()
    check(phone, "ledger")

    phone.get_by_role("button", name="Get a certificate for 3.83 hours").click()
    expect(phone.get_by_text("Your certificate for 3.83 hours is ready.")).to_be_visible(
        timeout=30_000
    )
    check(phone, "certificates")
    c = Certificate.objects.get()

    with phone.expect_download() as info:
        phone.get_by_role("link", name="Download the PDF").click()
    download = info.value
    assert download.suggested_filename == f"certificate-{c.display_code}.pdf"
    saved = tmp_path / "certificate.pdf"
    download.save_as(saved)
    text = pypdf.PdfReader(io.BytesIO(saved.read_bytes())).pages[0].extract_text()
    assert "Amélie-Françoise Núñez" in text and "3.83" in text and c.display_code in text

    phone.get_by_role("link", name="See what others see").click()
    expect(phone.get_by_text("This certificate is valid.")).to_be_visible()
    check(phone, "verify")


def test_anyone_checks_a_code_typed_from_paper(live_server: Any, phone: Any, world: World) -> None:
    from fireside.certificates.tests.factories import make_certificate

    c = make_certificate(world.member, world.program)
    phone.goto(f"{live_server.url}/certificates/verify/")
    check(phone, "verify-form")
    phone.get_by_label("Verification code").fill(c.display_code.lower())
    phone.get_by_role("button", name="Check").click()
    expect(phone.get_by_text("This certificate is valid.")).to_be_visible()
    phone.goto(f"{live_server.url}/certificates/verify/7K2M-Q9XD-4HBT-R8CV/")
    expect(phone.get_by_text("No certificate has this code.")).to_be_visible()
    check(phone, "verify-unknown")


def test_a_coordinator_sees_everyones_hours_and_issues_in_bulk_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    hours_for(world, world.member)
    other = make_member(world.community, UserFactory(name="Jasmine Dhillon"))
    attend(world.gathering, other, 60)
    base = live_server.url
    sign_in(phone, base, world.coordinator.email)
    phone.get_by_role("link", name=f"Everyone's hours in {world.program.name}").click()
    expect(phone.get_by_role("cell", name="3.83").first).to_be_visible()
    check(phone, "everyone")

    phone.get_by_role("link", name="Certificates").first.click()
    check(phone, "manage")
    phone.get_by_role("button", name="Issue the certificates").click()
    # Drawing the PDFs takes a moment: the tests run the background task in the request.
    expect(phone.get_by_text("3 of 3 certificates issued")).to_be_visible(timeout=30_000)
    check(phone, "bulk")
    assert BulkIssue.objects.get().status == BulkIssue.Status.DONE
    assert Certificate.objects.count() == 3  # Mina, Jasmine, and Fay (her partner)

    phone.get_by_role("link", name="See the certificates").click()
    phone.get_by_role("link", name="Revoke").first.click()
    check(phone, "revoke")
    phone.get_by_label("Why is it revoked?").fill("Issued before the hours were checked.")
    phone.get_by_role("button", name="Revoke this certificate").click()
    expect(phone.get_by_text("is revoked. We emailed its holder the reason.")).to_be_visible()
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
