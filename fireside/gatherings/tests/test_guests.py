"""Guests of one gathering: invited by email with a signed link, shown only what is shared
with them, withdrawn, resent, on the attendance sheet without hours, and through the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import GatheringFactory
from fireside.gatherings import agendas, guests, notices, scheduling
from fireside.gatherings.models import AgendaItem, Attendance, GatheringGuest
from fireside.hours.ledger import ledger_for, program_hours
from fireside.lib.errors import Conflict, Gone, InvalidInput

pytestmark = pytest.mark.django_db
VANCOUVER = ZoneInfo("America/Vancouver")
SHARED = "Reading aloud with toddlers"
PRIVATE = "Our worries about the new director"
SHARE = {"shared_with_guests": True}


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def coming(world: World) -> Any:
    """A gathering next week, with one agenda item shared with guests and one not."""
    g = GatheringFactory(
        community=world.community,
        title="Early literacy",
        starts_at=(timezone.now() + dt.timedelta(days=7)).replace(second=0, microsecond=0),
        online_url="https://meet.example.org/literacy",
    )
    scheduling.check_update_gathering(
        actor=world.facilitator,
        gathering=g,
        changes={
            "agenda": [
                {"topic": PRIVATE, "activity": "open_discussion", "minutes": 20},
                {
                    "topic": SHARED,
                    "activity": "guest_expert",
                    "minutes": 30,
                    "shared_with_guests": True,
                },
            ]
        },
    )
    return g


def invite(w: World, g: Any, email: str = "ada@example.org", **kw: Any) -> GatheringGuest:
    return guests.do_invite_guest(
        actor=w.facilitator,
        gathering=g,
        name=kw.get("name", "Dr. Ada Lovelace"),
        email=email,
        note=kw.get("note", "early-literacy specialist"),
    )


def link_in(body: str) -> str:
    match = re.search(r"https?://\S+/gatherings/guest/[^/\s]+/", body)
    assert match, body
    return match.group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


# --- Actions ----------------------------------------------------------------------------


def test_an_invitation_emails_a_link_that_shows_only_shared_items(
    client: Client, world: World, coming: Any, mailoutbox: list[Any], commits: Any
) -> None:
    with commits():
        guest = invite(world, coming)
    (message,) = mailoutbox
    assert message.to == ["ada@example.org"]
    assert "Early literacy" in message.subject
    assert "Fay Facilitator invites you as a guest" in message.body
    assert SHARED in message.body and PRIVATE not in message.body
    # The time, in the gathering's zone.
    local = coming.starts_at.astimezone(VANCOUVER)
    assert local.strftime("%H:%M") in message.body and "America/Vancouver" in message.body
    # Nothing else of the group: no member names.
    for name in ("Mina", "Member"):
        assert name not in message.body
    page = client.get(path_of(link_in(message.body)))
    assert page.status_code == 200
    text = page.content.decode()
    assert SHARED in text and PRIVATE not in text
    assert "Dr. Ada Lovelace" in text and "https://meet.example.org/literacy" in text
    assert "Mina" not in text and "Orchard Street Library" in text
    assert page["Cache-Control"] == "no-store" and page["X-Robots-Tag"] == "noindex"
    # The attached calendar file, read back.
    _name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == local
    assert str(event["uid"]) == coming.uid
    assert SHARED in str(event["description"]) and PRIVATE not in str(event["description"])
    assert guest.pk and guest.invited_by == world.facilitator


def test_the_guest_downloads_the_gathering_for_their_calendar(
    client: Client, world: World, coming: Any
) -> None:
    guest = invite(world, coming)
    response = client.get(reverse("gatherings:guest_ics", args=[guests.guest_token(guest)]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == coming.starts_at.astimezone(VANCOUVER)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=90)
    description = str(event["description"])
    assert SHARED in description and PRIVATE not in description
    # The guest's own page, never the members' one.
    assert reverse("gatherings:detail", args=[coming.pk]) not in description
    assert "/gatherings/guest/" in description


@pytest.mark.parametrize(
    ("email", "refusal"),
    [
        ("not-an-address", InvalidInput),
        ("", InvalidInput),
        ("ADA@example.org", Conflict),  # already invited, whatever the case
    ],
)
def test_bad_invitations_are_refused_and_write_nothing(
    world: World, coming: Any, mailoutbox: list[Any], commits: Any, email: str, refusal: Any
) -> None:
    with commits():
        invite(world, coming)
    mailoutbox.clear()
    with commits(), pytest.raises(refusal):
        invite(world, coming, email=email)
    assert GatheringGuest.objects.count() == 1 and mailoutbox == []


def test_a_gathering_takes_at_most_five_guests(world: World, coming: Any) -> None:
    for i in range(guests.MAX_GUESTS):
        invite(world, coming, email=f"guest{i}@example.org")
    with pytest.raises(Conflict, match="at most 5 guests"):
        invite(world, coming, email="sixth@example.org")
    assert GatheringGuest.objects.count() == 5
    # A withdrawn invitation makes room, and the same address can be invited again.
    guests.do_withdraw_guest(actor=world.facilitator, guest=GatheringGuest.objects.first())  # type: ignore[arg-type]
    invite(world, coming, email="guest0@example.org")


def test_cancelled_or_past_gatherings_take_no_guests(world: World, coming: Any) -> None:
    past = GatheringFactory(
        community=world.community, starts_at=timezone.now() - dt.timedelta(days=2)
    )
    with pytest.raises(Gone, match="over"):
        invite(world, past)
    scheduling.do_cancel(actor=world.facilitator, gathering=coming)
    with pytest.raises(Gone, match="cancelled"):
        invite(world, coming)
    assert not GatheringGuest.objects.exists()


def test_forged_expired_and_withdrawn_links_get_a_clear_page(
    client: Client, world: World, coming: Any
) -> None:
    guest = invite(world, coming)
    token = guests.guest_token(guest)
    forged = signing.dumps([coming.pk, guest.pk], salt="another-salt")
    for bad, status, words in [
        (token[:-3] + "abc", 400, "not valid"),
        (forged, 400, "not valid"),
        ("nonsense", 400, "not valid"),
    ]:
        response = client.get(reverse("gatherings:guest_page", args=[bad]))
        assert response.status_code == status
        assert words in response.content.decode()
        assert SHARED not in response.content.decode()
    # A day after the end, the link stops working.
    coming.starts_at = timezone.now() - dt.timedelta(days=1, hours=2)
    coming.save()
    response = client.get(reverse("gatherings:guest_page", args=[token]))
    assert response.status_code == 410 and "over" in response.content.decode()
    # Until then it works, after the start too.
    coming.starts_at = timezone.now() - dt.timedelta(hours=3)
    coming.save()
    assert client.get(reverse("gatherings:guest_page", args=[token])).status_code == 200
    guests.do_withdraw_guest(actor=world.facilitator, guest=guest)
    response = client.get(reverse("gatherings:guest_page", args=[token]))
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    assert SHARED not in response.content.decode()
    ics = client.get(reverse("gatherings:guest_ics", args=[token]))
    assert ics.status_code == 410
    with pytest.raises(Gone):
        guests.do_withdraw_guest(actor=world.facilitator, guest=guest)


def test_the_guest_says_they_will_come_and_members_see_who_is_coming(
    client: Client, world: World, coming: Any
) -> None:
    guest = invite(world, coming)
    url = reverse("gatherings:guest_page", args=[guests.guest_token(guest)])
    response = client.post(url, {"coming": "yes"}, follow=True)
    assert "The group knows you are coming" in response.content.decode()
    guest.refresh_from_db()
    assert guest.coming is True
    assert client.post(url, {"coming": "maybe"}).status_code == 400
    client.force_login(world.member)
    page = client.get(reverse("gatherings:detail", args=[coming.pk])).content.decode()
    assert "Guest: Dr. Ada Lovelace" in page and "early-literacy specialist" in page
    assert reverse("gatherings:guests", args=[coming.pk]) not in page  # members do not manage
    client.force_login(world.facilitator)
    page = client.get(reverse("gatherings:detail", args=[coming.pk])).content.decode()
    assert reverse("gatherings:guests", args=[coming.pk]) in page


def test_the_reminder_tells_members_a_guest_is_coming(
    world: World, coming: Any, mailoutbox: list[Any], commits: Any
) -> None:
    invite(world, coming)
    mailoutbox.clear()
    with commits():
        notices.send_reminder.call(gathering_id=coming.pk, sequence=coming.sequence)
    assert mailoutbox
    for message in mailoutbox:
        assert "Guest: Dr. Ada Lovelace, early-literacy specialist" in message.body


# --- Pages ------------------------------------------------------------------------------


def test_a_facilitator_invites_resends_and_withdraws_on_the_page(
    client: Client, world: World, coming: Any, mailoutbox: list[Any], commits: Any
) -> None:
    client.force_login(world.facilitator)
    url = reverse("gatherings:guests", args=[coming.pk])
    with commits():
        response = client.post(
            url, {"name": "Grace Hopper", "email": "grace@example.org", "note": "Elder"}
        )
    assert response.status_code == 302
    guest = GatheringGuest.objects.get()
    assert [m.to for m in mailoutbox] == [["grace@example.org"]]
    # Bad input: a clear message, nothing written.
    response = client.post(url, {"name": "Again", "email": "grace@example.org"})
    assert response.status_code == 409 and "already invited" in response.content.decode()
    response = client.post(url, {"name": "X", "email": "nope"})
    assert response.status_code == 400
    assert GatheringGuest.objects.count() == 1
    with commits():
        client.post(reverse("gatherings:resend_guest", args=[coming.pk, guest.pk]))
    assert len(mailoutbox) == 2 and link_in(mailoutbox[1].body)
    withdraw = reverse("gatherings:withdraw_guest", args=[coming.pk, guest.pk])
    assert "Withdraw the invitation of Grace Hopper?" in client.get(withdraw).content.decode()
    guest.refresh_from_db()
    assert guest.withdrawn_at is None  # asking first changes nothing
    client.post(withdraw)
    guest.refresh_from_db()
    assert guest.withdrawn_at is not None
    # Another gathering's guest is not found here.
    other = GatheringFactory(community=world.community)
    response = client.post(reverse("gatherings:withdraw_guest", args=[other.pk, guest.pk]))
    assert response.status_code == 302


def test_the_agenda_builder_marks_items_shared_with_guests(
    client: Client, world: World, coming: Any
) -> None:
    client.force_login(world.facilitator)
    url = reverse("gatherings:edit", args=[coming.pk])
    page = client.get(url).content.decode()
    assert "Share with guests" in page
    data = {
        "part": "agenda",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "30",
        "agenda-0-topic": "Welcome",
        "agenda-0-activity": "story_sharing",
        "agenda-0-minutes": "10",
        "agenda-1-topic": "Questions for our guest",
        "agenda-1-activity": "guest_expert",
        "agenda-1-minutes": "30",
        "agenda-1-shared_with_guests": "on",
    }
    assert client.post(url, data).status_code == 302
    assert list(coming.agenda.values_list("topic", "shared_with_guests")) == [
        ("Welcome", False),
        ("Questions for our guest", True),
    ]


def test_guest_attendance_is_kept_apart_and_earns_no_hours(client: Client, world: World) -> None:
    """A guest who has an account elsewhere in the program (Otto) earns nothing here."""
    g = world.gathering  # begun an hour ago
    guest = invite(world, g, email=world.outsider.email, name="Otto Outsider")
    before = ledger_for(world.outsider, world.program).tally.minutes
    client.force_login(world.facilitator)
    sheet = client.get(reverse("gatherings:attendance", args=[g.pk])).content.decode()
    assert "Guests earn no hours" in sheet and f'value="{guest.pk}"' in sheet
    response = client.post(
        reverse("gatherings:guest_attendance", args=[g.pk]), {"guest": [str(guest.pk)]}
    )
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.attended is True
    assert not Attendance.objects.filter(gathering=g).exists()
    assert ledger_for(world.outsider, world.program).tally.minutes == before
    everyone = program_hours(world.program)
    assert world.outsider.pk not in everyone or everyone[world.outsider.pk].tally.minutes == before
    # Someone who is not one of its guests: refused, nothing changes.
    client.post(reverse("gatherings:guest_attendance", args=[g.pk]), {"guest": ["999999"]})
    guest.refresh_from_db()
    assert guest.attended is True
    # Unticked: not present.
    client.post(reverse("gatherings:guest_attendance", args=[g.pk]), {})
    guest.refresh_from_db()
    assert guest.attended is False


def test_guest_attendance_waits_for_the_start(world: World, coming: Any) -> None:
    guest = invite(world, coming)
    with pytest.raises(Conflict):
        guests.check_record_guest_attendance(
            actor=world.facilitator, gathering=coming, present={guest.pk}
        )
    guest.refresh_from_db()
    assert guest.attended is None


def test_the_guests_page_lists_with_few_queries(
    client: Client, world: World, coming: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(5):
        invite(world, coming, email=f"g{i}@example.org")
    client.force_login(world.facilitator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("gatherings:guests", args=[coming.pk]))
    assert response.content.decode().count("Withdraw the invitation") == 5


# --- API --------------------------------------------------------------------------------


def test_the_api_lists_invites_and_withdraws(
    client: Client, world: World, coming: Any, mailoutbox: list[Any], commits: Any
) -> None:
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.facilitator)}"}
    url = f"/api/v1/gatherings/{coming.pk}/guests"
    with commits():
        response = client.post(
            url,
            {"name": "Ada", "email": "ada@example.org", "note": "specialist"},
            content_type="application/json",
            headers=headers,
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "ada@example.org" and body["coming"] is None
    assert len(mailoutbox) == 1
    again = client.post(
        url,
        {"name": "Ada", "email": "ada@example.org"},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 409 and isinstance(again.json()["detail"], str)
    bad = client.post(
        url, {"name": "Ada", "email": "nope"}, content_type="application/json", headers=headers
    )
    assert bad.status_code == 400
    listed = client.get(url, headers=headers).json()
    assert [g["name"] for g in listed] == ["Ada"]
    gone = client.delete(f"{url}/{body['id']}", headers=headers)
    assert gone.status_code == 204
    assert client.delete(f"{url}/{body['id']}", headers=headers).status_code == 410
    assert client.delete(f"{url}/99999", headers=headers).status_code == 404
    member = {"Authorization": f"Bearer {ApiToken.issue(world.member)}"}
    assert client.get(url, headers=member).status_code == 403


def test_the_api_takes_the_shared_flag_on_agenda_items(
    client: Client, world: World, coming: Any
) -> None:
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.facilitator)}"}
    response = client.patch(
        f"/api/v1/gatherings/{coming.pk}",
        {
            "agenda": [
                {"topic": "T", "activity": "activity", "minutes": 5, "shared_with_guests": True}
            ]
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert AgendaItem.objects.get(gathering=coming).shared_with_guests is True
    with pytest.raises(InvalidInput):
        agendas.check_agenda(
            [{"topic": "T", "activity": "activity", "minutes": 5, "shared_with_guests": "yes"}],
            community=world.community,
        )


def test_the_invitation_speaks_the_inviters_language(
    world: World, coming: Any, mailoutbox: list[Any], commits: Any
) -> None:
    world.facilitator.language = "fr-ca"
    world.facilitator.save()
    with commits():
        invite(world, coming)
    (message,) = mailoutbox
    assert "Vous êtes invité·e" in message.subject
    assert "vous invite à une rencontre du groupe" in message.body


def test_guests_hear_when_the_gathering_moves_or_is_cancelled(
    world: World, coming: Any, mailoutbox: list[Any], commits: Any
) -> None:
    guest = invite(world, coming)
    gone = invite(world, coming, email="gone@example.org")
    guests.do_withdraw_guest(actor=world.facilitator, guest=gone)
    mailoutbox.clear()
    later = coming.local_start.replace(tzinfo=None) + dt.timedelta(hours=1)
    with commits():
        scheduling.check_update_gathering(
            actor=world.facilitator, gathering=coming, changes={"starts_at": later}
        )
    (moved,) = [m for m in mailoutbox if m.to == [guest.email]]
    assert not [m for m in mailoutbox if m.to == [gone.email]]
    assert "New details" in moved.subject and link_in(moved.body)
    (event,) = Calendar.from_ical(moved.attachments[0][1]).walk("VEVENT")
    assert int(event["sequence"]) == 1 and event.decoded("dtstart") == later.replace(
        tzinfo=VANCOUVER
    )
    mailoutbox.clear()
    with commits():
        scheduling.do_cancel(actor=world.facilitator, gathering=coming)
    (cancelled,) = [m for m in mailoutbox if m.to == [guest.email]]
    assert "Cancelled" in cancelled.subject
    cal = Calendar.from_ical(cancelled.attachments[0][1])
    assert str(cal["method"]) == "CANCEL"
    (event,) = cal.walk("VEVENT")
    assert str(event["status"]) == "CANCELLED" and str(event["uid"]) == coming.uid
