"""Members choosing their partners: suggestions, requests, answers, the limits, and the
privacy of a decline (fireside/mentoring/partner_requests.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.communities.places import places_of
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, NotFoundError, Unprocessable
from fireside.lib.home import Viewer, tasks_for
from fireside.mentoring import partner_requests as pr
from fireside.mentoring.models import Pairing, PairMember, PartnerRequest
from fireside.mentoring.tests.factories import make_pairing, members_choose
from fireside.notifications.models import Notification

pytestmark = pytest.mark.django_db
State = PartnerRequest.State


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def people(world: World, n: int, community: Any = None) -> list[Any]:
    return [
        make_member(
            community or world.community, UserFactory(name=f"Peer {i}", interests=["music"])
        )
        for i in range(n)
    ]


def send(sender: Any, to: Any, world: World, note: str = "") -> PartnerRequest:
    return pr.check_send_request(sender=sender, program=world.program, to_user_id=to.pk, note=note)


def test_suggestions_are_people_in_reach_without_a_partner_with_reasons(world: World) -> None:
    members_choose(world.program)
    _ann, bo, cy = people(world, 3)
    make_pairing(world.community, bo, cy)
    world.member.interests = ["music"]
    world.member.save()
    finding = pr.find(world.member, world.program)
    names = [s.user.display_name for s in finding.suggestions]
    assert names[0] == "Peer 0"  # the shared interest comes first
    assert "Peer 1" not in names and "Peer 2" not in names  # paired
    assert world.outsider.display_name not in names  # another group: not in reach
    assert "Both interested in music." in finding.suggestions[0].reasons
    members_choose(world.program, "program")
    finding = pr.find(world.member, world.program)
    assert world.outsider.display_name in [s.user.display_name for s in finding.suggestions]


def test_at_most_five_suggestions(world: World) -> None:
    members_choose(world.program)
    people(world, 4)  # with Fay, five others in the group (capacity 6)
    members_choose(world.program, "program")
    people(world, 3, world.other_community)
    assert len(pr.find(world.member, world.program).suggestions) == pr.SUGGESTIONS


def test_facilitators_pair_unless_the_program_lets_members_choose(world: World) -> None:
    (ann,) = people(world, 1)
    with pytest.raises(NotAllowed):
        send(world.member, ann, world)
    assert pr.find(world.member, world.program).suggestions == []


def test_a_request_is_refused_to_oneself_twice_to_the_paired_and_beyond_three(
    world: World,
) -> None:
    members_choose(world.program)
    ann, bo, cy, di = people(world, 4)
    with pytest.raises(InvalidInput):
        send(world.member, world.member, world)
    with pytest.raises(InvalidInput):
        pr.check_send_request(sender=world.member, program=world.program, to_user_id="3", note="")
    with pytest.raises(InvalidInput):
        send(world.member, ann, world, note="x" * 301)
    with pytest.raises(Unprocessable):
        send(world.member, world.outsider, world)  # another group, group scope
    send(world.member, ann, world)
    with pytest.raises(Conflict, match="already asked"):
        send(world.member, ann, world)
    with pytest.raises(Conflict, match="already asked you"):
        send(ann, world.member, world)
    send(world.member, bo, world)
    send(world.member, cy, world)
    with pytest.raises(Conflict, match="3 requests"):
        send(world.member, di, world)
    make_pairing(world.community, di, world.facilitator)
    with pytest.raises(Conflict, match="already has a peer partner"):
        send(ann, di, world)
    assert PartnerRequest.objects.count() == 3


def test_accepting_makes_the_pair_as_a_facilitator_would_and_closes_the_others(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    members_choose(world.program)
    ann, bo = people(world, 2)
    with django_capture_on_commit_callbacks(execute=True):
        asked = send(world.member, ann, world, note="Walks on Saturdays?")
        other = send(world.member, bo, world)
        to_mina = send(world.facilitator, world.member, world)
    note = Notification.objects.get(user=ann)
    assert note.kind == "partner_request" and "Walks" not in note.text
    assert [m.to for m in mailoutbox][:1] == [[ann.email]]
    assert "Walks" not in mailoutbox[0].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pairing = pr.check_accept_request(user=ann, request=asked)
    assert sorted(pairing.user_ids()) == sorted([world.member.pk, ann.pk])
    assert pairing.community == world.community and pairing.reasons
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ann.email, world.member.email])
    assert AuditEvent.objects.filter(verb="mentoring.pair", data__source="request").exists()
    assert AuditEvent.objects.filter(verb="mentoring.accept_partner_request").exists()
    other.refresh_from_db()
    to_mina.refresh_from_db()
    assert other.state == State.EXPIRED and to_mina.state == State.EXPIRED
    assert pr.shown_state(other) == pr.CLOSED
    with pytest.raises(Conflict, match="no longer open"):
        pr.check_accept_request(user=world.member, request=to_mina)
    with pytest.raises(NotFoundError):
        pr.check_accept_request(user=bo, request=asked)


def test_accepting_refuses_when_either_found_a_partner_without_saying_who(
    world: World,
) -> None:
    members_choose(world.program)
    ann, bo = people(world, 2)
    asked = send(world.member, ann, world)
    make_pairing(world.community, world.member, bo)
    with pytest.raises(Conflict) as refused:
        pr.check_accept_request(user=ann, request=asked)
    assert "Peer 1" not in refused.value.message and "no longer open" in refused.value.message
    assert pr.received(ann) == []  # her sender has a partner now


def test_a_decline_looks_to_its_sender_like_a_wait_until_it_expires(
    client: Client, world: World, time_machine: Any
) -> None:
    members_choose(world.program)
    ann, bo = people(world, 2)
    # Mina asks Ann and Bo a moment apart; Ann declines. Mina's page shows the two alike.
    declined = send(world.member, ann, world, note="Hello")
    waiting = send(world.member, bo, world, note="Hello")
    pr.do_decline_request(user=ann, request=declined)
    assert PartnerRequest.objects.get(pk=declined.pk).state == State.DECLINED
    client.force_login(world.member)
    html = client.get(reverse("mentoring:partner_requests")).content.decode()
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')

    def item(request: PartnerRequest, recipient: Any) -> str:
        found = re.search(rf'<li id="request-{request.pk}">.*?</li>', html, re.S)
        assert found is not None
        text = found.group(0).replace(recipient.display_name, "TO")
        return (
            csrf.sub("", text).replace(f"-{request.pk}", "-ID").replace(f"/{request.pk}/", "/ID/")
        )

    assert item(declined, ann) == item(waiting, bo)
    assert "Waiting for an answer" in item(declined, ann) and "eclin" not in html
    api_state = pr.shown_state(PartnerRequest.objects.get(pk=declined.pk))
    assert api_state == pr.WAITING
    # A declined request still counts among the three: the limit cannot tell either.
    assert pr.find(world.member, world.program).asked == 2
    time_machine.shift(dt.timedelta(days=15))
    assert pr.shown_state(PartnerRequest.objects.get(pk=declined.pk)) == pr.CLOSED
    assert pr.shown_state(PartnerRequest.objects.get(pk=waiting.pk)) == pr.CLOSED
    assert pr.received(bo) == []  # expired: nothing to answer
    with pytest.raises(Conflict):
        pr.check_accept_request(user=bo, request=waiting)


def test_the_sender_withdraws_and_only_the_sender(world: World) -> None:
    members_choose(world.program)
    (ann,) = people(world, 1)
    asked = send(world.member, ann, world)
    with pytest.raises(NotFoundError):
        pr.do_withdraw_request(user=ann, request=asked)
    pr.do_withdraw_request(user=world.member, request=asked)
    assert PartnerRequest.objects.get(pk=asked.pk).state == State.WITHDRAWN
    with pytest.raises(Conflict):
        pr.do_decline_request(user=ann, request=asked)
    send(world.member, ann, world)  # may ask again


def test_program_wide_pairs_work_across_groups(client: Client, world: World) -> None:
    members_choose(world.program, "program")
    (bo,) = people(world, 1, world.other_community)
    make_pairing(world.other_community, world.outsider, bo)
    # Otto is paired in his group: Mina cannot ask him, nor can he ask anyone.
    with pytest.raises(Conflict):
        send(world.member, world.outsider, world)
    (ann,) = people(world, 1)
    asked = send(world.member, people(world, 1, world.other_community)[0], world)
    pairing = pr.check_accept_request(user=asked.to_user, request=asked)
    assert pairing.community == world.community  # the sender's group
    # The partner from the sibling group opens the pair page; the facilitator of the
    # pair's group does not (a pair's page is the pair's own), nor does the other group's.
    client.force_login(asked.to_user)
    assert client.get(reverse("mentoring:pair", args=[pairing.pk])).status_code == 200
    client.force_login(world.facilitator)
    assert client.get(reverse("mentoring:pair", args=[pairing.pk])).status_code == 404
    # Nobody in the program gets a second open pair, whichever group pairs them.
    from fireside.mentoring import actions

    with pytest.raises(Conflict):
        actions.check_create_pairing(
            actor=world.facilitator, community=world.community, user_ids=[world.member.pk, ann.pk]
        )
    assert PairMember.objects.filter(user=world.member, ended_on__isnull=True).count() == 1
    # The facilitator's roster knows Mina is paired, though her pair is not of his making.
    assert world.member.pk not in [m.user_id for m in actions.roster(world.community).unpaired]


def test_the_pages_and_home_tasks(client: Client, world: World) -> None:
    members_choose(world.program)
    (ann,) = people(world, 1)
    client.force_login(world.member)
    html = client.get(reverse("mentoring:mine")).content.decode()
    assert reverse("mentoring:find_partner", args=[world.program.pk]) in html
    tasks = tasks_for(Viewer(world.member, places_of(world.member)))
    assert "find-a-partner" in [t.kind for t in tasks]
    html = client.get(reverse("mentoring:find_partner", args=[world.program.pk])).content.decode()
    assert "Peer 0" in html and "Send the request to Peer 0" in html
    response = client.post(
        reverse("mentoring:find_partner", args=[world.program.pk]),
        {"to_user": ann.pk, "note": "Coffee after school?"},
    )
    assert response.status_code == 302
    asked = PartnerRequest.objects.get()
    assert asked.note == "Coffee after school?"
    tasks = tasks_for(Viewer(ann, places_of(ann)))
    assert "partner-requests" in [t.kind for t in tasks]
    client.force_login(ann)
    html = client.get(reverse("mentoring:partner_requests")).content.decode()
    assert "Coffee after school?" in html and "Accept Mina Member as your partner" in html
    response = client.post(reverse("mentoring:accept_request", args=[asked.pk]))
    pairing = Pairing.objects.get()
    assert response["Location"] == reverse("mentoring:pair", args=[pairing.pk])
    # The facilitator sees the mode, the pair, and never the request or its note.
    client.force_login(world.facilitator)
    html = client.get(reverse("mentoring:pairings", args=[world.community.pk])).content.decode()
    assert "members choose their partners" in html and "Coffee after school?" not in html
    assert client.get(reverse("mentoring:partner_requests")).content.decode().count("Coffee") == 0


def test_the_pages_read_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    members_choose(world.program, "program")
    crowd = people(world, 4) + people(world, 5, world.other_community)
    for other in crowd[:3]:
        send(other, world.member, world, note="Hi")
    client.force_login(world.member)
    with django_assert_max_num_queries(16):
        client.get(reverse("mentoring:find_partner", args=[world.program.pk]))
    with django_assert_max_num_queries(10):
        client.get(reverse("mentoring:partner_requests"))


def test_the_api(client: Client, world: World) -> None:
    from fireside.accounts.models import ApiToken

    members_choose(world.program)
    (ann,) = people(world, 1)

    def auth(user: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {ApiToken.issue(user)}"}

    base = "/api/v1"
    found = client.get(
        f"{base}/programs/{world.program.pk}/partner-suggestions", headers=auth(world.member)
    ).json()
    assert found["members_choose"] and found["items"][0]["reasons"]
    made = client.post(
        f"{base}/programs/{world.program.pk}/partner-requests",
        {"to_user_id": ann.pk, "note": "Tea?"},
        content_type="application/json",
        headers=auth(world.member),
    )
    assert made.status_code == 201 and made.json()["state"] == "waiting"
    rid = made.json()["id"]
    bad = client.post(
        f"{base}/programs/{world.program.pk}/partner-requests",
        {"to_user_id": "x"},
        content_type="application/json",
        headers=auth(world.member),
    )
    assert bad.status_code == 400
    mine = client.get(f"{base}/me/partner-requests", headers=auth(ann)).json()
    assert mine["received"][0]["note"] == "Tea?"
    declined = client.post(f"{base}/partner-requests/{rid}/decline", headers=auth(ann))
    assert declined.status_code == 200
    sent = client.get(f"{base}/me/partner-requests", headers=auth(world.member)).json()
    assert sent["sent"][0]["state"] == "waiting"  # never "declined"
    assert (
        client.post(f"{base}/partner-requests/{rid}/accept", headers=auth(ann)).status_code == 409
    )
    gone = client.post(f"{base}/partner-requests/{rid}/withdraw", headers=auth(world.member))
    assert gone.json()["state"] == "closed"


def test_a_partner_from_another_group_is_told_nudged_and_unpaired_on_leaving(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    from fireside.communities.actions import check_leave
    from fireside.mentoring import actions, connections, nudges

    members_choose(world.program, "program")
    asked = send(world.member, world.outsider, world)
    pairing = pr.check_accept_request(user=world.outsider, request=asked)
    today = actions.today_for(None, world.program)
    # Mina logs a connection: Otto, in the sibling group, is asked to confirm it.
    connections.check_log_connection(
        user=world.member, pairing=pairing, happened_on=today, minutes=30, format="walk"
    )
    note = Notification.objects.get(user=world.outsider, kind="connection")
    assert note.community == world.other_community
    # Fourteen quiet days later both are nudged, Otto too.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nudges.send_nudges(today=today + dt.timedelta(days=15))
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.member.email, world.outsider.email])
    # Otto leaves his only group of the program: the pair in Mina's group ends.
    check_leave(user=world.outsider, community=world.other_community)
    pairing.refresh_from_db()
    assert not pairing.is_open


def test_coordinators_choose_the_mode_on_the_program_settings(client: Client, world: World) -> None:
    from fireside.programs.actions import check_update_program

    client.force_login(world.coordinator)
    html = client.get(reverse("programs:edit", args=[world.program.pk])).content.decode()
    assert "How peer pairs form" in html and "Members choose their partners" in html
    assert "Where suggested partners come from" in html
    check_update_program(actor=world.coordinator, program=world.program, partner_choice="members")
    assert pr.members_choose(world.program)
    with pytest.raises(InvalidInput):
        check_update_program(
            actor=world.coordinator, program=world.program, partner_scope="everywhere"
        )
