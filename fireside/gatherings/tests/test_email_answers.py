"""Yes / Maybe / No links in the gathering emails: read from real messages, followed signed
out, confirmed with a CSRF-checked POST; forged, expired, someone else's, a former
member's and conflicting replays are refused with a clear page and nothing recorded."""

from __future__ import annotations

import datetime as dt
import email
import re
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.communities.models import Membership
from fireside.demo.factories import GatheringFactory
from fireside.gatherings import actions, answers, notices, scheduling
from fireside.gatherings.models import AnswerLinkUse, Gathering, Rsvp

pytestmark = pytest.mark.django_db

ANSWER_LINK = re.compile(r"http://testserver/gatherings/answer/[^\s\"'<>]+/")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def message_to(outbox: list[Any], address: str) -> Any:
    (message,) = [m for m in outbox if m.to == [address]]
    return message


def answer_links(message: Any) -> dict[str, str]:
    """The links in every text and HTML part of the message as sent, by the answer each
    records (read back from the page they lead to)."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    found: list[str] = []
    for part in parsed.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            text = part.get_payload(decode=True).decode()
            found += [link.replace("&amp;", "&") for link in ANSWER_LINK.findall(text)]
    found = list(dict.fromkeys(found))
    assert len(found) == 3, found
    labels = {"yes": "Yes, I'll be there:", "maybe": "Maybe:", "no": "No, not this time:"}
    body = message.body
    return {
        answer: next(link for link in found if f"{label} {link}" in body)
        for answer, label in labels.items()
    }


def schedule(world: World, **kwargs: Any) -> list[Gathering]:
    fields = {
        "title": "Loose parts, rainy days",
        "starts_at": (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0),
        "duration_minutes": 90,
        "location": "Kettle & Fern Café",
        **kwargs,
    }
    _series, gatherings, _notice = scheduling.check_schedule(
        actor=world.facilitator, community=world.community, **fields
    )
    return gatherings


def path(link: str) -> str:
    return link.removeprefix("http://testserver")


def confirm(client: Client, link: str) -> Any:
    """Open the link as the person would, then press the button on the page."""
    page = client.get(path(link))
    assert page.status_code == 200, page.content
    match = CSRF_FIELD.search(page.content.decode())
    assert match, "the confirm page has a form with a CSRF token"
    return client.post(path(link), {"csrfmiddlewaretoken": match.group(1)})


def text(response: Any) -> str:
    return str(response.content.decode())


def answer_of(world: World, g: Gathering) -> str | None:
    return (
        Rsvp.objects.filter(gathering=g, user=world.member)
        .values_list("response", flat=True)
        .first()
    )


def test_an_invitation_link_is_answered_signed_out_with_a_confirm_step(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    with commits():
        (g,) = schedule(world)
    message = message_to(mailoutbox, world.member.email)
    links = answer_links(message)
    # The HTML part has the same links as big buttons.
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    for answer, label in [("yes", "Yes, I'll be there"), ("maybe", "Maybe")]:
        assert re.search(rf'<a href="{re.escape(links[answer])}"[^>]*>{label}</a>', html)
    assert "Kettle &amp; Fern Café" in html  # escaped as a web page is
    browser = Client(enforce_csrf_checks=True)

    # Opening the link (what a mail scanner does) records nothing.
    page = browser.get(path(links["yes"]))
    assert page.status_code == 200
    html = text(page)
    assert "Send your answer?" in html
    assert "Loose parts, rainy days" in html
    assert "Answering for" in html and "Mina Member" in html
    assert "Yes, I&#x27;ll be there" in html
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cache-Control"] == "no-store"
    assert answer_of(world, g) is None
    # A POST without the page's CSRF token is refused: another site cannot answer for her.
    assert browser.post(path(links["yes"])).status_code == 403
    assert answer_of(world, g) is None

    done = confirm(browser, links["yes"])
    assert done.status_code == 200
    assert "Your answer is in" in text(done)
    assert "Thank you! The group knows you are coming." in text(done)
    assert reverse("gatherings:detail", args=[g.pk]) in text(done)
    assert answer_of(world, g) == "yes"
    assert "_auth_user_id" not in browser.session  # answering signs nobody in


def test_another_link_of_the_same_email_changes_the_answer(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    with commits():
        (g,) = schedule(world)
    links = answer_links(message_to(mailoutbox, world.member.email))
    browser = Client(enforce_csrf_checks=True)
    confirm(browser, links["yes"])
    response = confirm(browser, links["no"])
    assert "Thank you for letting the group know." in text(response)
    assert answer_of(world, g) == "no"


def test_a_replay_is_harmless_when_it_says_the_same_and_refused_when_it_would_overturn(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    with commits():
        (g,) = schedule(world)
    links = answer_links(message_to(mailoutbox, world.member.email))
    browser = Client(enforce_csrf_checks=True)
    confirm(browser, links["maybe"])
    before = Rsvp.objects.get(gathering=g, user=world.member).updated_at

    # The same link again: the page says the answer is in, and nothing is written.
    again = browser.get(path(links["maybe"]))
    assert again.status_code == 200
    assert "Your answer is already in" in text(again)
    assert "Send my answer" not in text(again)  # no button to press: nothing to send
    posted = Client().post(path(links["maybe"]))
    assert posted.status_code == 200 and "already in" in text(posted)
    assert Rsvp.objects.get(gathering=g, user=world.member).updated_at == before

    # She then says yes on the site; the old maybe link cannot undo that.
    Client().force_login(world.member)
    actions.do_rsvp(user=world.member, gathering=g, response="yes")
    for method in ("get", "post"):
        refused = getattr(Client(), method)(path(links["maybe"]))
        assert refused.status_code == 409
        assert "An older email cannot undo a newer answer" in text(refused)
        assert "Nothing was recorded." in text(refused)
    assert answer_of(world, g) == "yes"


def test_the_reminder_and_a_change_carry_links_and_a_cancellation_none(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    with commits():
        (g,) = schedule(world)
    mailoutbox.clear()
    with commits():
        assert notices.send_reminder.call(gathering_id=g.pk, sequence=g.sequence) == 2
    links = answer_links(message_to(mailoutbox, world.member.email))
    confirm(Client(enforce_csrf_checks=True), links["no"])
    assert answer_of(world, g) == "no"

    mailoutbox.clear()
    with commits():
        scheduling.check_update_gathering(
            actor=world.facilitator,
            gathering=g,
            changes={"starts_at": g.starts_at + dt.timedelta(hours=1)},
        )
    assert answer_links(message_to(mailoutbox, world.member.email))

    mailoutbox.clear()
    with commits():
        scheduling.do_cancel(actor=world.facilitator, gathering=g)
    assert ANSWER_LINK.findall(message_to(mailoutbox, world.member.email).body) == []
    # The links sent earlier now say the gathering was cancelled, and record nothing.
    refused = Client().post(path(links["yes"]))
    assert refused.status_code == 410
    assert "cancelled" in text(refused)
    assert answer_of(world, g) == "no"


def test_a_series_invitation_answers_for_the_first_gathering(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    with commits():
        gatherings = schedule(world, recurrence="FREQ=WEEKLY;COUNT=3")
    message = message_to(mailoutbox, world.member.email)
    assert "Coming to the first one, on" in message.body
    confirm(Client(enforce_csrf_checks=True), answer_links(message)["yes"])
    assert [answer_of(world, g) for g in gatherings] == ["yes", None, None]


# --- Refusals ------------------------------------------------------------------------------


@pytest.fixture
def upcoming(world: World) -> Gathering:
    return GatheringFactory(community=world.community)


def link_for(world: World, g: Gathering, response: str = "yes") -> str:
    token = answers.answer_token(user=world.member, gathering=g, response=response)
    return reverse("gatherings:email_answer", kwargs={"answer_token": token})


def assert_refused(response: Any, status: int, words: str) -> None:
    assert response.status_code == status, (response.status_code, text(response))
    assert words in text(response)
    assert "This link cannot be used" in text(response)
    assert not AnswerLinkUse.objects.exists()


def both(url: str, client: Client | None = None) -> list[Any]:
    client = client or Client()
    return [client.get(url), client.post(url)]


def test_a_forged_or_damaged_link_is_refused(world: World, upcoming: Gathering) -> None:
    good = answers.answer_token(user=world.member, gathering=upcoming, response="yes")
    g, _u, _a, nonce = signing.loads(good, salt=answers.SALT)
    forged = [
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # the signature changed
        "not-a-link",
        # Someone else's id, or another answer, signed without the site's key.
        signing.dumps([g, world.facilitator.pk, "yes", nonce], salt=answers.SALT, key="guess"),
        signing.dumps([g, world.member.pk, "no", nonce], salt=answers.SALT, key="guess"),
        # Signed by the site for another purpose (the unsubscribe links' salt).
        signing.dumps(
            [g, world.member.pk, "yes", nonce], salt="fireside.notifications.unsubscribe"
        ),
        # Signed right, but not a link's shape.
        signing.dumps([g, world.member.pk, "always", nonce], salt=answers.SALT),
        signing.dumps([g, world.member.pk, "yes", ""], salt=answers.SALT),
        signing.dumps([g, str(world.member.pk), "yes", nonce], salt=answers.SALT),
        signing.dumps([upcoming.pk, world.member.pk], salt=answers.SALT),
        signing.dumps({"g": g}, salt=answers.SALT),
        signing.dumps(None, salt=answers.SALT),
    ]
    for token in forged:
        url = reverse("gatherings:email_answer", kwargs={"answer_token": token})
        for response in both(url):
            assert_refused(response, 400, "This link is not valid.")
    assert not Rsvp.objects.exists()


def test_someone_elses_link_is_refused_to_a_signed_in_person(
    world: World, upcoming: Gathering
) -> None:
    client = Client()
    client.force_login(world.facilitator)
    for response in both(link_for(world, upcoming), client):
        assert_refused(response, 403, "you are signed in as Fay Facilitator")
    assert not Rsvp.objects.exists()
    # Its own person, signed in or not, may use it.
    client.force_login(world.member)
    assert client.get(link_for(world, upcoming)).status_code == 200


@pytest.mark.parametrize("how", ["left", "waitlisted", "deactivated"])
def test_a_former_members_link_is_refused(world: World, upcoming: Gathering, how: str) -> None:
    url = link_for(world, upcoming)
    if how == "deactivated":
        world.member.is_active = False
        world.member.save()
    else:
        Membership.objects.filter(user=world.member, community=world.community).update(status=how)
    for response in both(url):
        assert_refused(response, 403, "no longer one")
    assert not Rsvp.objects.exists()


def test_a_link_expires_when_the_gathering_ends(
    world: World, upcoming: Gathering, time_machine: Any
) -> None:
    url = link_for(world, upcoming)
    time_machine.move_to(upcoming.ends_at - dt.timedelta(minutes=1))
    assert Client().get(url).status_code == 200  # still on: answers are taken until the end
    time_machine.move_to(upcoming.ends_at)
    for response in both(url):
        assert_refused(response, 410, "This gathering is over")
    assert not Rsvp.objects.exists()


def test_a_deleted_gathering_is_gone(world: World, upcoming: Gathering) -> None:
    url = link_for(world, upcoming)
    upcoming.delete()
    for response in both(url):
        assert_refused(response, 410, "no longer in the calendar")


def test_only_get_and_post(world: World, upcoming: Gathering) -> None:
    url = link_for(world, upcoming)
    assert Client().put(url).status_code == 405
    assert Client().head(url).status_code == 405
    assert not Rsvp.objects.exists()


def test_the_pages_read_little(
    world: World, upcoming: Gathering, django_assert_max_num_queries: Any
) -> None:
    url, client = link_for(world, upcoming), Client()
    # gathering + community, person, membership, their answer, whether this link was used
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200
    # the same reads; the answer read again and written (update_or_create); the link's use
    # written; the rest are savepoints around them
    with django_assert_max_num_queries(15):
        assert client.post(url).status_code == 200
    assert answer_of(world, upcoming) == "yes"
