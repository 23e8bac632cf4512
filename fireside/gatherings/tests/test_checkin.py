"""Attendance in seconds: the sheet starts with who said Yes, "everyone present", and
members checking themselves in with the gathering's code during the gathering."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.audit.models import AuditEvent
from fireside.communities.models import Membership
from fireside.demo.factories import GatheringFactory, UserFactory, make_member
from fireside.gatherings import actions, checkin
from fireside.gatherings.models import Gathering, Rsvp
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, TooMany, Unprocessable

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    cache.clear()  # wrong codes are counted in the cache


def url(name: str, *args: Any) -> str:
    return reverse(f"gatherings:{name}", args=args)


def starting_in(world: World, minutes: int, length: int = 90) -> Gathering:
    return GatheringFactory(  # type: ignore[no-any-return]
        community=world.community,
        starts_at=timezone.now() + dt.timedelta(minutes=minutes),
        duration_minutes=length,
    )


def rows(g: Gathering) -> list[tuple[int, bool, int]]:
    return sorted(g.attendance.values_list("user_id", "present", "minutes"))


# --- The code and its window --------------------------------------------------------------


def test_the_code_is_six_easy_characters_and_differs_per_gathering(world: World) -> None:
    code = checkin.code_for(world.gathering)
    assert len(code) == 6 and set(code) <= set(checkin.ALPHABET)
    assert code == checkin.code_for(Gathering.objects.get(pk=world.gathering.pk))
    assert code != checkin.code_for(starting_in(world, 0))


def test_a_member_checks_in_for_the_whole_length(world: World) -> None:
    g = world.gathering  # began an hour ago, lasts 90 minutes
    code = checkin.code_for(g).lower()
    row = checkin.check_in(user=world.member, gathering=g, code=f" {code[:3]} {code[3:]} ")
    assert (row.present, row.minutes, row.recorded_by_id) == (True, 90, world.member.pk)
    assert AuditEvent.objects.filter(verb="gatherings.check_in").count() == 1
    checkin.check_in(user=world.member, gathering=g, code=code)  # twice: still one row
    assert rows(g) == [(world.member.pk, True, 90)]
    assert AuditEvent.objects.filter(verb="gatherings.check_in").count() == 1


@pytest.mark.parametrize(("minutes", "message"), [(16, "opens at"), (-91, "is over")])
def test_check_in_outside_the_window_is_refused(world: World, minutes: int, message: str) -> None:
    g = starting_in(world, minutes)
    with pytest.raises(Conflict, match=message):
        checkin.check_in(user=world.member, gathering=g, code=checkin.code_for(g))
    assert rows(g) == []


def test_check_in_opens_fifteen_minutes_before_the_start(world: World) -> None:
    g = starting_in(world, 14)
    checkin.check_in(user=world.member, gathering=g, code=checkin.code_for(g))
    assert rows(g) == [(world.member.pk, True, 90)]


def test_a_cancelled_gathering_takes_no_check_in(world: World) -> None:
    g = world.gathering
    g.cancelled_at = timezone.now()
    g.save()
    with pytest.raises(Conflict):
        checkin.check_in(user=world.member, gathering=g, code=checkin.code_for(g))
    assert rows(g) == []


def test_wrong_codes_are_refused_and_then_slowed_down(world: World) -> None:
    g = world.gathering
    for empty in ["", "  ", 12]:  # nothing typed: not a guess, not counted
        with pytest.raises(InvalidInput):
            checkin.check_in(user=world.member, gathering=g, code=empty)
    for _ in range(checkin.WRONG_CODES):
        with pytest.raises(InvalidInput):
            checkin.check_in(user=world.member, gathering=g, code="AAAAAA")
    with pytest.raises(TooMany):
        checkin.check_in(user=world.member, gathering=g, code=checkin.code_for(g))
    assert rows(g) == []


def test_only_members_at_the_time_check_in(world: World) -> None:
    g = world.gathering
    with pytest.raises(NotAllowed):
        checkin.check_in(user=world.outsider, gathering=g, code=checkin.code_for(g))
    newcomer = make_member(world.community)
    Membership.objects.filter(user=newcomer).update(
        joined_on=timezone.localdate() + dt.timedelta(1)
    )
    with pytest.raises(NotAllowed):
        checkin.check_in(user=newcomer, gathering=g, code=checkin.code_for(g))
    assert rows(g) == []


def test_someone_marked_absent_who_checks_in_is_present(world: World) -> None:
    g = world.gathering
    actions.check_record_attendance(
        actor=world.facilitator, gathering=g, rows=[{"user_id": world.member.pk, "present": False}]
    )
    checkin.check_in(user=world.member, gathering=g, code=checkin.code_for(g))
    assert rows(g) == [(world.member.pk, True, 90)]


# --- Everyone present, and minutes never over the length ------------------------------------


def test_everyone_present_records_every_member_for_the_length(world: World) -> None:
    g = world.gathering
    made = checkin.check_everyone_present(actor=world.facilitator, gathering=g)
    assert {a.user_id for a in made} == {world.member.pk, world.facilitator.pk}
    assert {a.minutes for a in made} == {90}


def test_everyone_present_waits_for_the_start(world: World) -> None:
    g = starting_in(world, 60)
    with pytest.raises(Conflict):
        checkin.check_everyone_present(actor=world.facilitator, gathering=g)
    assert rows(g) == []


def test_minutes_over_the_length_are_refused_by_the_action(world: World) -> None:
    g = world.gathering
    with pytest.raises(Unprocessable, match="at most 90 minutes"):
        actions.check_record_attendance(
            actor=world.facilitator,
            gathering=g,
            rows=[{"user_id": world.member.pk, "present": True, "minutes": 91}],
        )
    assert rows(g) == []


# --- The sheet ------------------------------------------------------------------------------


def test_the_sheet_starts_with_who_said_yes_and_shows_who_checked_in(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    g = world.gathering
    others = [make_member(world.community) for _ in range(4)]
    Rsvp.objects.create(gathering=g, user=world.member, response="yes")
    Rsvp.objects.create(gathering=g, user=others[0], response="no")
    checkin.check_in(user=others[1], gathering=g, code=checkin.code_for(g))
    client.force_login(world.facilitator)
    with django_assert_max_num_queries(16):
        response = client.get(url("attendance", g.pk))
    form = response.context["form"]
    assert form[f"present_{world.member.pk}"].value() is True
    assert form[f"present_{others[1].pk}"].value() is True
    assert not form[f"present_{others[0].pk}"].value()
    html = response.content.decode()
    assert "checked in" in html and "Everyone present" in html
    assert url("checkin_code", g.pk) in html


def test_the_sheet_shows_what_the_facilitator_saved_over_the_yes_answers(
    client: Client, world: World
) -> None:
    g = world.gathering
    Rsvp.objects.create(gathering=g, user=world.member, response="yes")
    actions.check_record_attendance(
        actor=world.facilitator, gathering=g, rows=[{"user_id": world.member.pk, "present": False}]
    )
    client.force_login(world.facilitator)
    form = client.get(url("attendance", g.pk)).context["form"]
    assert not form[f"present_{world.member.pk}"].value()


def test_saving_the_sheet_keeps_who_checked_in(client: Client, world: World) -> None:
    g = world.gathering
    other = make_member(world.community)
    checkin.check_in(user=world.member, gathering=g, code=checkin.code_for(g))
    actions.check_record_attendance(
        actor=world.facilitator,
        gathering=g,
        rows=[{"user_id": world.member.pk}, {"user_id": other.pk, "minutes": 60}],
    )
    recorders = dict(g.attendance.values_list("user_id", "recorded_by_id"))
    assert recorders == {world.member.pk: world.member.pk, other.pk: world.facilitator.pk}
    client.force_login(world.facilitator)
    response = client.get(url("attendance", g.pk))
    assert response.context["form"][f"present_{other.pk}"].value() is True
    assert "checked in" in response.content.decode()
    # A changed row is the facilitator's: fewer minutes than the whole length.
    actions.check_record_attendance(
        actor=world.facilitator, gathering=g, rows=[{"user_id": world.member.pk, "minutes": 30}]
    )
    assert g.attendance.get().recorded_by_id == world.facilitator.pk


def test_the_everyone_present_button_saves_everyone(client: Client, world: World) -> None:
    client.force_login(world.facilitator)
    response = client.post(url("everyone_present", world.gathering.pk))
    assert response["Location"] == url("notes", world.gathering.pk)
    assert len(rows(world.gathering)) == 2
    client.force_login(world.member)
    assert client.post(url("everyone_present", world.gathering.pk)).status_code == 403


def test_the_everyone_present_button_before_the_start_changes_nothing(
    client: Client, world: World
) -> None:
    g = starting_in(world, 60)
    client.force_login(world.facilitator)
    response = client.post(url("everyone_present", g.pk), follow=True)
    assert "once the gathering has started" in response.content.decode()
    assert rows(g) == []


# --- The pages ------------------------------------------------------------------------------


def test_the_facilitator_shows_the_code_and_a_qr_code_only_in_the_window(
    client: Client, world: World
) -> None:
    client.force_login(world.facilitator)
    html = client.get(url("checkin_code", world.gathering.pk)).content.decode()
    code = checkin.code_for(world.gathering)
    assert code in html and '<figure class="checkin-qr"><svg' in html
    assert f"{url('check_in', world.gathering.pk)}?code={code}" in html
    later = starting_in(world, 120)
    html = client.get(url("checkin_code", later.pk)).content.decode()
    assert checkin.code_for(later) not in html and "checkin-qr" not in html
    assert "check-in opens" in html


def test_a_member_checks_in_from_the_gathering_page(client: Client, world: World) -> None:
    g = world.gathering
    client.force_login(world.member)
    html = client.get(url("detail", g.pk)).content.decode()
    assert url("check_in", g.pk) in html and "Check me in" in html
    # The QR code's link fills the code in and checks nobody in by itself.
    code = checkin.code_for(g)
    html = client.get(url("check_in", g.pk) + f"?code={code}").content.decode()
    assert f'value="{code}"' in html and rows(g) == []
    response = client.post(url("check_in", g.pk), {"code": "WRONG1"})
    assert "not the one for this gathering" in response.content.decode()
    assert rows(g) == []
    response = client.post(url("check_in", g.pk), {"code": code})
    assert response["Location"] == url("detail", g.pk)
    assert rows(g) == [(world.member.pk, True, 90)]
    assert "You are checked in." in client.get(url("detail", g.pk)).content.decode()


def test_outsiders_cannot_check_in(client: Client, world: World) -> None:
    client.force_login(world.outsider)
    code = checkin.code_for(world.gathering)
    assert client.post(url("check_in", world.gathering.pk), {"code": code}).status_code == 404
    assert rows(world.gathering) == []


# --- The API --------------------------------------------------------------------------------


def call(client: Client, method: str, path: str, user: Any, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, path, data=data, content_type="application/json", headers=headers)


def test_the_api_checks_in_and_marks_everyone(client: Client, world: World) -> None:
    g = world.gathering
    base = f"/api/v1/gatherings/{g.pk}"
    shown = call(client, "GET", f"{base}/check-in", world.facilitator).json()
    assert shown["open"] is True and shown["code"] == checkin.code_for(g)
    wrong = call(client, "POST", f"{base}/check-in", world.member, {"code": "AAAAAA"})
    assert wrong.status_code == 400 and rows(g) == []
    done = call(client, "POST", f"{base}/check-in", world.member, {"code": shown["code"]})
    assert done.status_code == 200, done.content
    assert done.json() == {
        "gathering_id": g.pk,
        "user_id": world.member.pk,
        "present": True,
        "minutes": 90,
    }
    everyone = call(client, "POST", f"{base}/attendance/everyone", world.facilitator)
    assert everyone.status_code == 200
    assert len(everyone.json()["items"]) == 2


def test_the_api_refuses_check_in_outside_the_window(client: Client, world: World) -> None:
    g = starting_in(world, 60)
    shown = call(client, "GET", f"/api/v1/gatherings/{g.pk}/check-in", world.facilitator).json()
    assert shown["code"] is None and shown["open"] is False
    late = call(
        client,
        "POST",
        f"/api/v1/gatherings/{g.pk}/check-in",
        world.member,
        {"code": checkin.code_for(g)},
    )
    assert late.status_code == 409 and rows(g) == []


def test_a_stranger_never_learns_a_code(client: Client, world: World) -> None:
    stranger = UserFactory()
    response = call(client, "GET", f"/api/v1/gatherings/{world.gathering.pk}/check-in", stranger)
    assert response.status_code == 404
    member_asks = call(
        client, "GET", f"/api/v1/gatherings/{world.gathering.pk}/check-in", world.member
    )
    assert member_asks.status_code == 403
