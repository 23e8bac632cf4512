"""Reviewing connections on the pages and through the API: the partner's buttons, the
home task, the facilitator's disputes, who reads a dispute's note, and the ledger's
confirmed and pending figures."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import make_member
from fireside.mentoring import connections, personal_data, review
from fireside.mentoring.models import Connection
from fireside.mentoring.tests.factories import make_pairing

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def _call(client: Client, method: str, url: str, user: Any, body: Any = None) -> Any:
    return client.generic(
        method,
        url,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(user)}"},
    )


def _pair_and_log(world: World, minutes: int = 90) -> tuple[Any, Any, Connection]:
    partner = make_member(world.community)
    partner.name = "Pat Partner"
    partner.save()
    pairing = make_pairing(world.community, world.member, partner, starts_on=dt.date(2026, 11, 1))
    c = connections.check_log_connection(
        user=world.member,
        pairing=pairing,
        happened_on=dt.date(2026, 11, 17),
        minutes=minutes,
        format="coffee",
        note="PRIVATE-WRITER-NOTE",
    )
    return pairing, partner, c


def test_it_asks_the_partner_at_home_and_confirms_from_the_pair_page(
    client: Client, world: World
) -> None:
    pairing, partner, c = _pair_and_log(world)
    client.force_login(partner)
    home = client.get(reverse("home")).content.decode()
    assert "Did you meet Mina Member on Tuesday 17 November?" in home
    page = client.get(reverse("mentoring:pair", args=[pairing.pk])).content.decode()
    assert f'id="connection-{c.pk}"' in page and "Yes, we met" in page
    assert "PRIVATE-WRITER-NOTE" not in page
    response = client.post(reverse("mentoring:confirm", args=[c.pk]))
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.confirmed_by == partner
    assert "Did you meet" not in client.get(reverse("home")).content.decode()
    ledger = client.get(reverse("hours:ledger", args=[world.program.pk])).content.decode()
    assert "1.50 h" in ledger and "pending" not in ledger.lower().split("how your hours")[0]


def test_the_writer_cannot_confirm_their_own(client: Client, world: World) -> None:
    _pairing, _partner, c = _pair_and_log(world)
    client.force_login(world.member)
    client.post(reverse("mentoring:confirm", args=[c.pk]))
    c.refresh_from_db()
    assert c.confirmed_at is None
    assert (
        _call(client, "POST", f"/api/v1/connections/{c.pk}/confirm", world.member).status_code
        == 403
    )


def test_a_dispute_reaches_the_pair_and_the_groups_facilitators_only(
    client: Client, world: World
) -> None:
    pairing, partner, c = _pair_and_log(world)
    client.force_login(partner)
    client.post(reverse("mentoring:dispute", args=[c.pk]), {"note": "DISPUTE-MARKER we never met"})
    c.refresh_from_db()
    assert c.disputed_by == partner and c.dispute_note == "DISPUTE-MARKER we never met"
    for reader in (world.member, partner):
        client.force_login(reader)
        page = client.get(reverse("mentoring:pair", args=[pairing.pk])).content.decode()
        assert "DISPUTE-MARKER" in page
    client.force_login(world.facilitator)
    facilitator_page = client.get(reverse("mentoring:pairings", args=[world.community.pk]))
    text = facilitator_page.content.decode()
    assert "DISPUTE-MARKER" in text and "PRIVATE-WRITER-NOTE" not in text
    assert "1 disputed connection to settle" in client.get(reverse("home")).content.decode()
    listed = _call(
        client,
        "GET",
        f"/api/v1/communities/{world.community.pk}/disputed-connections",
        world.facilitator,
    ).json()["items"]
    assert listed[0]["dispute_note"] == "DISPUTE-MARKER we never met"
    assert "note" not in listed[0]
    for outsider in (world.coordinator, world.mentor, world.staff, world.outsider):
        client.force_login(outsider)
        for url in (
            reverse("mentoring:pairings", args=[world.community.pk]),
            reverse("mentoring:pair", args=[pairing.pk]),
            reverse("home"),
        ):
            assert "DISPUTE-MARKER" not in client.get(url).content.decode()
    client.force_login(world.facilitator)
    client.post(reverse("mentoring:settle", args=[c.pk]), {"counts": "no"})
    c.refresh_from_db()
    assert c.settled_counts is False and c.settled_by == world.facilitator


def test_the_api_reviews_and_settles(client: Client, world: World) -> None:
    _pairing, partner, c = _pair_and_log(world)
    url = f"/api/v1/connections/{c.pk}"
    bad = _call(client, "POST", f"{url}/dispute", partner, {"note": "x" * 501})
    assert bad.status_code == 400 and "500" in bad.json()["detail"]
    disputed = _call(client, "POST", f"{url}/dispute", partner, {"note": "Not that day."})
    assert disputed.status_code == 200
    body = disputed.json()
    assert body["review"] == "disputed" and body["counts"] is False and body["note"] is None
    assert _call(client, "POST", f"{url}/dispute", partner, {}).status_code == 409
    assert (
        _call(client, "POST", f"{url}/settle", world.facilitator, {"counts": "maybe"}).status_code
        == 400
    )
    settled = _call(client, "POST", f"{url}/settle", world.facilitator, {"counts": True})
    assert settled.status_code == 200 and settled.json()["counts"] is True
    hours = _call(client, "GET", f"/api/v1/me/hours?program={world.program.pk}", world.member)
    data = hours.json()
    assert data["by_source"]["connections"] == 1.5 and data["pending"]["connections"] == 0


def test_the_api_ledger_shows_pending_apart(client: Client, world: World) -> None:
    _pair_and_log(world)
    data = _call(client, "GET", f"/api/v1/me/hours?program={world.program.pk}", world.member).json()
    assert data["by_source"]["connections"] == 0 and data["total_hours"] == 0
    assert data["pending"]["connections"] == 1.5
    assert data["pending_minutes_by_source"]["connections"] == 90
    assert data["pending_counts"]["connections"] == 1


def test_a_partner_confirms_a_disputed_connection_after_all(world: World) -> None:
    _pairing, partner, c = _pair_and_log(world)
    review.check_dispute_connection(user=partner, connection=c)
    review.check_confirm_connection(user=partner, connection=c)
    assert Connection.objects.counting(NOW).filter(pk=c.pk).exists()


def test_coordinators_see_only_how_many(client: Client, world: World) -> None:
    _pairing, partner, c = _pair_and_log(world)
    review.check_dispute_connection(user=partner, connection=c, note="DISPUTE-MARKER")
    client.force_login(world.coordinator)
    page = client.get(reverse("hours:program", args=[world.program.pk])).content.decode()
    assert "1 is disputed, for the group" in page and "DISPUTE-MARKER" not in page


def test_erasing_the_disputer_keeps_the_dispute_but_not_their_words(world: World) -> None:
    _pairing, partner, c = _pair_and_log(world)
    review.check_dispute_connection(user=partner, connection=c, note="Not that day.")
    personal_data.do_erase_for(user=partner)
    c.refresh_from_db()
    assert (c.dispute_note, c.disputed_by, c.disputed_at is not None) == ("", None, True)
    assert not Connection.objects.counting(NOW + dt.timedelta(days=30)).exists()


def test_the_home_counts_only_what_counts_this_month(client: Client, world: World) -> None:
    _pairing, partner, c = _pair_and_log(world, minutes=120)
    client.force_login(world.member)
    assert "0 of 5 hours in November" in client.get(reverse("home")).content.decode()
    review.check_confirm_connection(user=partner, connection=c)
    assert "2 of 5 hours in November" in client.get(reverse("home")).content.decode()
