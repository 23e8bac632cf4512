"""Next year on the web and in the API: the coordinator's page, the member's one click, the
home task, and last year refusing every change while it still reads as it was."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.certificates.tests.factories import make_certificate
from fireside.communities import rollover
from fireside.communities.models import Community, Membership, SeatHold
from fireside.programs.models import Program

pytestmark = pytest.mark.django_db

VANCOUVER = ZoneInfo("America/Vancouver")
SPRING = dt.datetime(2027, 5, 3, 12, tzinfo=VANCOUVER)
AUTUMN = dt.datetime(2027, 9, 8, 12, tzinfo=VANCOUVER)  # the new year has started


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _start(world: World) -> Program:
    with time_machine.travel(SPRING, tick=False):
        return rollover.check_rollover(actor=world.coordinator, program=world.program)


def _api(client: Client, user: Any, method: str, url: str, body: str = "") -> Any:
    token = ApiToken.issue(user)
    return client.generic(
        method,
        url,
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_coordinator_previews_then_starts_next_year(client: Client, world: World) -> None:
    url = reverse("programs:rollover", args=[world.program.pk])
    with time_machine.travel(SPRING, tick=False):
        client.force_login(world.coordinator)
        detail = text(client.get(reverse("programs:detail", args=[world.program.pk])))
        assert url in detail
        preview = text(client.get(url))
        assert "1 September 2027 – 30 June 2028" in preview
        assert "Mina Member" in preview and "Fay Facilitator" in preview
        assert 'value="2027-08-11"' in preview
        made = client.post(url, {"name": "Circles 2027–2028", "keep_seat_until": "2027-08-11"})
        new = Program.objects.get(previous_year=world.program)
        assert made.status_code == 302
        assert made["Location"] == reverse("programs:detail", args=[new.pk])
        # A second press (the back button, a double click) makes nothing more.
        again = client.post(url, {"name": "Circles 2027–2028", "keep_seat_until": "2027-08-11"})
        assert "already continued in Circles 2027–2028" in text(again)
    assert Program.objects.filter(previous_year=world.program).count() == 1


def test_the_page_refuses_a_bad_deadline_and_writes_nothing(client: Client, world: World) -> None:
    url = reverse("programs:rollover", args=[world.program.pk])
    with time_machine.travel(SPRING, tick=False):
        client.force_login(world.coordinator)
        response = client.post(url, {"name": "Next", "keep_seat_until": "2031-01-01"})
    assert response.status_code == 200
    assert "between today and the end of the new year" in text(response)
    assert not Program.objects.filter(previous_year=world.program).exists()


def test_a_member_keeps_their_seat_from_the_home_task(client: Client, world: World) -> None:
    new = _start(world)
    hold = SeatHold.objects.get(community__program=new, user=world.member)
    with time_machine.travel(SPRING, tick=False):
        client.force_login(world.member)
        home = text(client.get(reverse("home")))
        assert f"Keep your seat in {world.community.name} for next year?" in home
        page_url = reverse("programs:seat_hold", args=[hold.pk])
        assert page_url in home
        page = text(client.get(page_url))
        assert "What is shared here stays here." in page  # the agreement
        unticked = client.post(page_url, {"answer": "keep"})
        assert "Accept the agreement to keep your seat." in text(unticked)
        kept = client.post(page_url, {"answer": "keep", "agree_to_agreement": "on"})
        assert kept["Location"] == reverse("communities:home", args=[hold.community_id])
        assert "Keep your seat" not in text(client.get(reverse("home")))
    assert Membership.objects.get(community=hold.community, user=world.member).status == "active"


def test_only_the_person_sees_their_seat(client: Client, world: World) -> None:
    new = _start(world)
    hold = SeatHold.objects.get(community__program=new, user=world.member)
    client.force_login(world.facilitator)
    assert client.get(reverse("programs:seat_hold", args=[hold.pk])).status_code == 404
    response = _api(
        client, world.facilitator, "POST", f"/api/v1/seat-holds/{hold.pk}", '{"keep": false}'
    )
    assert response.status_code == 404


def test_the_api_previews_starts_and_keeps_a_seat(client: Client, world: World) -> None:
    url = f"/api/v1/programs/{world.program.pk}/rollover"
    with time_machine.travel(SPRING, tick=False):
        preview = _api(client, world.coordinator, "POST", url, '{"dry_run": true}')
        assert preview.status_code == 200
        body = preview.json()
        assert body["starts_on"] == "2027-09-01" and body["keep_seat_until"] == "2027-08-11"
        group = next(g for g in body["groups"] if g["community_id"] == world.community.pk)
        assert set(group["members_to_invite"]) == {world.member.pk, world.facilitator.pk}
        assert not Program.objects.filter(previous_year=world.program).exists()

        made = _api(client, world.coordinator, "POST", url, '{"name": "Next year"}')
        assert made.status_code == 201 and made.json()["name"] == "Next year"
        twice = _api(client, world.coordinator, "POST", url, "{}")
        assert twice.status_code == 409 and "already continued" in twice.json()["detail"]

        mine = _api(client, world.member, "GET", "/api/v1/seat-holds")
        (hold,) = mine.json()
        no_tick = _api(
            client, world.member, "POST", f"/api/v1/seat-holds/{hold['id']}", '{"keep": true}'
        )
        assert no_tick.status_code == 400
        kept = _api(
            client,
            world.member,
            "POST",
            f"/api/v1/seat-holds/{hold['id']}",
            '{"keep": true, "agree_to_agreement": true}',
        )
        assert kept.status_code == 200 and kept.json()["membership_status"] == "active"


# --- last year, kept as it was ----------------------------------------------------------


def test_last_year_reads_as_before_with_a_calm_note(client: Client, world: World) -> None:
    new = _start(world)
    with time_machine.travel(AUTUMN, tick=False):
        client.force_login(world.member)
        home = client.get(reverse("communities:home", args=[world.community.pk]))
        assert home.status_code == 200
        note = text(home)
        assert "This is last year's program" in note
        assert reverse("programs:detail", args=[new.pk]) in note
        detail = text(client.get(reverse("programs:detail", args=[world.program.pk])))
        assert "This is last year's program" in detail
        assert (
            client.get(reverse("conversations:list", args=[world.community.pk])).status_code == 200
        )


def test_last_year_refuses_changes_once_the_new_year_started(client: Client, world: World) -> None:
    _start(world)
    threads = reverse("conversations:new", args=[world.community.pk])
    rsvp = reverse("gatherings:rsvp", args=[world.gathering.pk])
    with time_machine.travel(dt.datetime(2027, 8, 20, 12, tzinfo=VANCOUVER), tick=False):
        client.force_login(world.member)
        # Before the new year starts, last year still runs its last weeks.
        assert client.post(rsvp, {"response": "yes"}).status_code != 403
    with time_machine.travel(AUTUMN, tick=False):
        client.force_login(world.member)
        refused = client.post(threads, {"kind": "question", "title": "New", "body": "Hi"})
        assert refused.status_code == 403
        assert "kept as it was" in text(refused)
        assert client.post(rsvp, {"response": "no"}).status_code == 403
        client.force_login(world.coordinator)
        edit = reverse("programs:edit", args=[world.program.pk])
        assert client.post(edit, {"name": "Renamed"}).status_code == 403
        api = _api(
            client,
            world.facilitator,
            "POST",
            f"/api/v1/communities/{world.community.pk}/gatherings",
            '{"title": "More", "starts_at": "2027-10-01T19:00", "duration_minutes": 60, '
            '"location": "Hall"}',
        )
        assert api.status_code == 403 and "kept as it was" in api.json()["detail"]
    world.program.refresh_from_db()
    assert world.program.name != "Renamed"


def test_a_certificate_of_last_year_verifies_the_same(client: Client, world: World) -> None:
    certificate = make_certificate(world.member, world.program)
    url = reverse("certificates:verify", args=[certificate.display_code])
    before = client.get(url)
    _start(world)
    with time_machine.travel(AUTUMN, tick=False):
        after = client.get(url)
    assert after.status_code == before.status_code == 200
    assert "This certificate is valid." in text(after)
    assert certificate.program_name in text(after)


def test_a_new_group_shows_held_seats_as_taken(client: Client, world: World) -> None:
    Community.objects.filter(pk=world.community.pk).update(capacity=2)
    new = _start(world)
    group = Community.objects.get(program=new, name=world.community.name)
    with time_machine.travel(SPRING, tick=False):
        detail = text(client.get(reverse("communities:detail", args=[group.pk])))
    assert "0 open of 2" in detail


def test_the_home_with_seats_to_keep_stays_within_its_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    _start(world)
    with time_machine.travel(SPRING, tick=False):
        client.force_login(world.facilitator)
        client.get("/")
        # The home's own queries (fireside/programs/tests/test_home.py), the seats to keep
        # among them: one query, read only because the groups' rows flag it.
        with django_assert_max_num_queries(16):
            page = text(client.get("/"))
    assert f"Keep your seat in {world.community.name} for next year?" in page


def test_the_database_never_holds_two_next_years(world: World) -> None:
    from django.db import IntegrityError, transaction

    new = _start(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(
            name="Again",
            starts_on=new.starts_on,
            ends_on=new.ends_on,
            previous_year=world.program,
        )
