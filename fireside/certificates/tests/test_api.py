"""The "Hours and certificates" section of api-v1.md, end to end: shapes, status codes,
exact two-place hours, and bad input refused with a clear `detail`."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.test import Client

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.certificates.models import Certificate
from fireside.certificates.tests.factories import attend, make_certificate, past_gathering
from fireside.communities.actions import check_leave
from fireside.demo.factories import ProgramFactory
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def call(client: Client, method: str, url: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def exact(response: Any) -> Any:
    """The body with its numbers read as decimals, as a careful client reads them."""
    return json.loads(response.content, parse_float=Decimal)


def some_hours(world: World) -> None:
    """Mina: 60 + 50 minutes of gatherings (October, November), 20 of connection (credited
    to her partner Fay too), one reflection (30): 160 minutes."""
    attend(
        past_gathering(world.community, dt.datetime(2026, 10, 14, 18, tzinfo=dt.UTC)),
        world.member,
        60,
    )
    attend(world.gathering, world.member, 50)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.facilitator, minutes=20)
    make_reflection(world.program, world.member, dt.date(2026, 11, 1))


def test_my_hours_by_source_and_month_with_two_places(client: Client, world: World) -> None:
    some_hours(world)
    response = call(client, "GET", f"/api/v1/me/hours?program={world.program.pk}", world.member)
    assert response.status_code == 200
    raw = response.content.decode()
    assert '"total_hours": 2.67' in raw and '"monthly_target": 5.00' in raw
    assert '"reflections": 0.50' in raw  # two places, not 0.5
    body = exact(response)
    assert body["total_hours"] == Decimal("2.67")
    assert body["by_source"] == {
        "gatherings": Decimal("1.83"),
        "connections": Decimal("0.33"),
        "reflections": Decimal("0.50"),
        "online_conversations": Decimal("0.00"),
        "preparation": Decimal("0.00"),
    }
    # Mina joined this month; the October gathering still shows its month.
    assert body["by_month"] == {"2026-10": Decimal("1.00"), "2026-11": Decimal("1.67")}
    assert body["program"] == world.program.pk
    assert body["counts"] == {
        "gatherings": 2,
        "connections": 1,
        "reflections": 1,
        "online_conversations": 0,
        "preparation": 0,
    }
    assert response.json()["total_hours"] == 2.67  # a plain float reader agrees
    # Without ?program=: the caller's current program.
    assert exact(call(client, "GET", "/api/v1/me/hours", world.member)) == body
    fay = exact(call(client, "GET", "/api/v1/me/hours", world.facilitator))
    assert fay["by_source"]["connections"] == Decimal("0.33")


def test_my_hours_elsewhere_are_zero_and_unknown_programs_404(client: Client, world: World) -> None:
    other = ProgramFactory()
    body = exact(call(client, "GET", f"/api/v1/me/hours?program={other.pk}", world.member))
    assert body["total_hours"] == Decimal("0.00") and body["by_month"] == {}
    staff = exact(call(client, "GET", "/api/v1/me/hours", world.staff))
    assert staff["program"] is None and staff["total_hours"] == Decimal("0.00")
    missing = call(client, "GET", "/api/v1/me/hours?program=999999", world.member)
    assert missing.status_code == 404 and missing.json()["detail"] == "Not found."
    bad = call(client, "GET", "/api/v1/me/hours?program=abc", world.member)
    assert bad.status_code == 400 and "program" in bad.json()["detail"]
    assert call(client, "GET", "/api/v1/me/hours").status_code == 401


def test_a_certificate_is_made_downloaded_and_verified(client: Client, world: World) -> None:
    some_hours(world)
    made = call(client, "POST", f"/api/v1/programs/{world.program.pk}/certificates", world.member)
    assert made.status_code == 201, made.content
    body = exact(made)
    assert {"code", "hours", "issued_on", "pdf_url", "verify_url"} <= set(body)
    assert body["hours"] == Decimal("2.67") and body["issued_on"] == "2026-11-18"
    c = Certificate.objects.get()
    assert body["code"] == c.display_code
    assert body["verify_url"] == f"http://testserver/certificates/verify/{c.display_code}/"
    assert body["pdf_url"] == f"http://testserver/api/v1/certificates/{c.display_code}/pdf"

    token = ApiToken.issue(world.member)
    pdf = client.get(body["pdf_url"], headers={"Authorization": f"Bearer {token}"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()
    assert "Mina Member" in text and "2.67" in text and c.display_code in text
    for someone in (world.facilitator, world.coordinator):
        assert call(client, "GET", f"/api/v1/certificates/{c.code}/pdf", someone).status_code == 404
    assert client.get(body["pdf_url"]).status_code == 401

    verified = call(client, "GET", f"/api/v1/certificates/{body['code']}")
    assert verified.status_code == 200
    assert exact(verified) == {
        "valid": True,
        "name": "Mina Member",
        "program": world.program.name,
        "hours": Decimal("2.67"),
        "issued_on": "2026-11-18",
    }
    # Asked again for the same hours: the same certificate, 200, and still only one.
    again = call(client, "POST", f"/api/v1/programs/{world.program.pk}/certificates", world.member)
    assert again.status_code == 200 and exact(again) == body
    assert Certificate.objects.count() == 1
    assert call(client, "GET", f"/api/v1/certificates/{body['code']}").json()["valid"] is True


def test_unknown_codes_404_and_revoked_ones_are_not_valid(client: Client, world: World) -> None:
    for code in ("7K2M-Q9XD-4HBT-R8CV", "not-a-code", "0" * 16):
        missing = call(client, "GET", f"/api/v1/certificates/{code}")
        assert missing.status_code == 404 and missing.json()["detail"] == "Not found."
    c = make_certificate(world.member, world.program)
    url = f"/api/v1/certificates/{c.display_code}"
    assert call(client, "POST", f"{url}/revoke", world.member, {"reason": "x"}).status_code == 403
    empty = call(client, "POST", f"{url}/revoke", world.coordinator, {"reason": " "})
    assert empty.status_code == 400 and "Say why" in empty.json()["detail"]
    assert call(client, "POST", f"{url}/revoke", world.coordinator, {}).status_code == 400
    revoked = call(client, "POST", f"{url}/revoke", world.coordinator, {"reason": "Duplicate."})
    assert revoked.status_code == 200 and revoked.json()["valid"] is False
    assert call(client, "GET", url).json() == {
        "valid": False,
        "name": "Mina Member",
        "program": world.program.name,
        "hours": 2.5,
        "issued_on": c.issued_on.isoformat(),
    }
    again = call(client, "POST", f"{url}/revoke", world.coordinator, {"reason": "Again."})
    assert again.status_code == 409
    gone = call(client, "GET", f"{url}/pdf", world.member)
    assert gone.status_code == 404 and "revoked" in gone.json()["detail"]


def test_who_may_ask_for_a_certificate(client: Client, world: World) -> None:
    url = f"/api/v1/programs/{world.program.pk}/certificates"
    none_yet = call(client, "POST", url, world.member)
    assert none_yet.status_code == 422 and "no hours recorded" in none_yet.json()["detail"]
    for persona in ("waitlisted", "coordinator", "staff"):
        refused = call(client, "POST", url, world.persona(persona))
        assert refused.status_code == 403 and refused.json()["detail"]
    assert (
        call(client, "POST", "/api/v1/programs/999999/certificates", world.member).status_code
        == 404
    )
    assert call(client, "POST", url).status_code == 401
    some_hours(world)
    check_leave(user=world.member, community=world.community)
    left = call(client, "POST", url, world.member)
    assert left.status_code == 201 and exact(left)["hours"] == Decimal("2.67")
    assert not Certificate.objects.filter(holder=world.waitlisted).exists()


def test_a_bad_bearer_token_is_refused_even_where_anyone_may_look(
    client: Client, world: World
) -> None:
    c = make_certificate(world.member, world.program)
    response = client.get(
        f"/api/v1/certificates/{c.code}", headers={"Authorization": "Bearer not-a-token"}
    )
    assert response.status_code == 401
