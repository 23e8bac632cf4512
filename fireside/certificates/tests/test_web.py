"""Certificates on the web: make one, download it, verify it, and the coordinator's pages —
with the same hours everywhere."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.certificates import actions
from fireside.certificates.models import BulkIssue, Certificate
from fireside.certificates.tests.factories import attend, make_certificate, past_gathering
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def page(response: Any, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    return str(response.content.decode())


def some_hours(world: World) -> None:
    """Mina: 50 + 47 minutes of gatherings, 22 of connection, one reflection: 149 minutes."""
    attend(
        past_gathering(world.community, dt.datetime(2026, 11, 4, 18, tzinfo=dt.UTC)),
        world.member,
        50,
    )
    attend(world.gathering, world.member, 47)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.member, minutes=22)
    make_reflection(world.program, world.member, dt.date(2026, 11, 1))


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_same_hours_on_the_ledger_the_api_the_pdf_and_the_verification_page(
    client: Client, world: World
) -> None:
    some_hours(world)
    client.force_login(world.member)
    ledger = page(client.get(reverse("hours:ledger", args=[world.program.pk])))
    assert "<strong>2.48</strong> hours in all" in ledger  # 149 minutes
    token = ApiToken.issue(world.member)
    api = client.get(
        f"/api/v1/me/hours?program={world.program.pk}", headers={"Authorization": f"Bearer {token}"}
    )
    assert '"total_hours": 2.48' in api.content.decode()

    made = client.post(reverse("certificates:generate", args=[world.program.pk]))
    c = Certificate.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"#c-{c.code}")
    mine = page(client.get(made["Location"]))
    assert "Your certificate for 2.48 hours is ready." in mine and c.display_code in mine
    download = client.get(reverse("certificates:pdf", args=[c.display_code]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert f'filename="certificate-{c.display_code}.pdf"' in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    text = pdf_text(content)
    assert "Mina Member" in text and "2.48" in text and c.display_code in text
    client.logout()
    verify = page(client.get(reverse("certificates:verify", args=[c.display_code])))
    assert "This certificate is valid." in verify and "<dd>2.48</dd>" in verify
    assert "Mina Member" in verify and world.program.name in verify
    assert "18 November 2026" in verify
    verified = client.get(f"/api/v1/certificates/{c.display_code}").json()
    assert verified["hours"] == 2.48 and c.total_hours == Decimal("2.48")


def test_the_verification_page_shows_only_what_it_should(client: Client, world: World) -> None:
    c = make_certificate(world.member, world.program)
    html = page(client.get(reverse("certificates:verify", args=[c.code.lower()])))
    assert "This certificate is valid." in html
    assert "member@example.org" not in html and "Cora Coord" not in html
    response = client.get(reverse("certificates:verify", args=[c.display_code]))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    actions.check_revoke_certificate(
        actor=world.coordinator, certificate=c, reason="Wrong person entirely."
    )
    html = page(client.get(reverse("certificates:verify", args=[c.display_code])))
    assert "This certificate is no longer valid." in html
    assert "Wrong person entirely." not in html  # the reason is for the holder


@pytest.mark.parametrize("code", ["7K2M-Q9XD-4HBT-R8CV", "nope", "x" * 200, "%00"])
def test_an_unknown_code_is_not_found(client: Client, world: World, code: str) -> None:
    html = page(client.get(reverse("certificates:verify", args=[code])), 404)
    assert "No certificate has this code." in html


def test_the_code_form_leads_to_the_certificate(client: Client, world: World) -> None:
    c = make_certificate(world.member, world.program)
    typed = client.get(reverse("certificates:verify_form"), {"code": c.code.lower()})
    assert typed.status_code == 302 and typed["Location"].endswith(f"/verify/{c.code}/")
    html = page(client.get(reverse("certificates:verify_form"), {"code": "short"}))
    assert "A code has 16 letters and digits" in html


def test_only_the_holder_downloads_and_not_once_revoked(client: Client, world: World) -> None:
    c = make_certificate(world.member, world.program)
    url = reverse("certificates:pdf", args=[c.display_code])
    for persona in ("facilitator", "coordinator", "staff"):
        client.force_login(world.persona(persona))
        assert client.get(url).status_code == 404
    client.force_login(world.member)
    assert client.get(url).status_code == 200  # drawn now: the factory stored no file
    c.refresh_from_db()
    assert c.pdf.name
    actions.check_revoke_certificate(actor=world.coordinator, certificate=c, reason="Mistake.")
    refused = client.get(url)
    assert refused.status_code == 302 and refused["Location"] == reverse("certificates:mine")
    mine = page(client.get(refused["Location"]))
    assert "cannot be downloaded" in mine and "Revoked on" in mine and "Mistake." in mine


def test_no_hours_means_a_kind_word_and_no_certificate(client: Client, world: World) -> None:
    client.force_login(world.member)
    response = client.post(reverse("certificates:generate", args=[world.program.pk]))
    assert response["Location"] == reverse("hours:ledger", args=[world.program.pk])
    assert "no hours recorded" in page(client.get(response["Location"]))
    assert not Certificate.objects.exists()


def test_a_coordinator_issues_in_bulk_and_watches_it(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    some_hours(world)
    client.force_login(world.coordinator)
    manage = page(client.get(reverse("certificates:manage", args=[world.program.pk])))
    assert 'value="2026-09-01"' in manage and 'value="2026-11-18"' in manage
    bad = client.post(
        reverse("certificates:bulk", args=[world.program.pk]),
        {"period_start": "2026-09-01", "period_end": "2026-12-31"},
    )
    assert "Choose today (18 November 2026) or an earlier day." in page(bad, 400)
    assert not BulkIssue.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("certificates:bulk", args=[world.program.pk]),
            {"period_start": "2026-09-01", "period_end": "2026-11-18", "notify": "on"},
        )
    batch = BulkIssue.objects.get()
    assert started["Location"] == reverse("certificates:batch", args=[batch.pk])
    html = page(client.get(started["Location"]))
    assert "2 of 2 certificates issued" in html  # Mina and her partner Fay
    assert 'max="2" value="2"' in html and "hx-trigger" not in html
    assert "See the certificates" in html


def test_progress_refreshes_itself_only_while_it_runs(client: Client, world: World) -> None:
    batch = BulkIssue.objects.create(
        program=world.program,
        period_start=dt.date(2026, 9, 1),
        period_end=dt.date(2026, 11, 18),
        status=BulkIssue.Status.RUNNING,
        total=1000,
        issued=250,
    )
    client.force_login(world.coordinator)
    url = reverse("certificates:batch", args=[batch.pk])
    html = page(client.get(url))
    assert "250 of 1000 certificates issued" in html and 'max="1000" value="250"' in html
    assert 'hx-trigger="every 3s"' in html and f'href="{url}"' in html  # a plain link, too
    partial = page(client.get(url, headers={"HX-Request": "true"}))
    assert partial.startswith('<div id="batch-progress"') and "<html" not in partial


def test_a_coordinator_revokes_from_the_web(client: Client, world: World) -> None:
    c = make_certificate(world.member, world.program)
    client.force_login(world.coordinator)
    url = reverse("certificates:revoke", args=[c.display_code])
    assert "Why is it revoked?" in page(client.get(url))
    assert "This field is required." in page(client.post(url, {"reason": "  "}))
    done = client.post(url, {"reason": "Counted another program's hours."})
    assert done["Location"] == reverse("certificates:manage", args=[world.program.pk])
    c.refresh_from_db()
    assert not c.is_valid
    assert "revoked" in page(client.get(done["Location"]))


def test_the_certificate_pages_cost_the_same_queries_for_one_or_many(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    make_certificate(world.member, world.program)
    client.force_login(world.member)
    mine = reverse("certificates:mine")
    manage = reverse("certificates:manage", args=[world.program.pk])
    with CaptureQueriesContext(connection) as one:
        page(client.get(mine))
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as one_managed:
        page(client.get(manage))
    for _ in range(30):
        make_certificate(world.member, world.program)
    client.force_login(world.member)
    with django_assert_max_num_queries(len(one)):
        assert len(re.findall(r'id="c-', page(client.get(mine)))) == 31
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(len(one_managed)):
        assert page(client.get(manage)).count("Revoke<") == 31
