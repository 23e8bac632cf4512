"""Changing one's email address: confirmed from the new address, told to the old one with a
link that stops it, on the web and through the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client

from fireside.accounts.models import User
from fireside.accounts.tokens import make_email_change_tokens
from fireside.audit.models import AuditEvent
from fireside.demo.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/accounts/profile/email/"
NEW = "new-home@example.org"


def link_in(message: Any) -> str:
    found = re.findall(r"http://testserver(/\S+)", message.body)
    assert len(found) == 1, message.body
    return str(found[0])


def ask(client: Client, capture: Any, **form: str) -> Any:
    with capture(execute=True):
        return client.post(PAGE, {"email": NEW, "password": PASSWORD, **form})


def sent_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def mina(client: Client) -> User:
    user = UserFactory(email="mina@example.org", name="Mina Member")
    client.force_login(user)
    return user


def test_it_asks_and_changes_nothing_until_the_new_address_confirms(
    client: Client, mina: User, django_capture_on_commit_callbacks: Any
) -> None:
    response = ask(client, django_capture_on_commit_callbacks, email="New-Home@Example.org")
    assert response.status_code == 302
    mina.refresh_from_db()
    assert (mina.email, mina.pending_email) == ("mina@example.org", NEW)
    page = client.get(PAGE).content.decode()
    assert f"Waiting for you to open the link we sent to {NEW}" in page
    assert "We sent a link to new-home@example.org" in page

    [confirm] = sent_to(NEW)
    [notice] = sent_to("mina@example.org")
    assert confirm.subject == "Confirm the new email address of your Fireside account"
    assert "Hello Mina Member" in confirm.body
    assert "mina@example.org" not in confirm.body
    assert notice.subject == "Someone asked to change the email address of your Fireside account"
    assert NEW in notice.body
    assert "write to fireside@localhost" in notice.body  # how to get help, if too late
    assert AuditEvent.objects.filter(verb="accounts.request_email_change", actor=mina).exists()

    # Opening the link shows a button; only pressing it changes the address.
    path = link_in(confirm)
    assert client.get(path).status_code == 200
    mina.refresh_from_db()
    assert mina.email == "mina@example.org"
    response = client.post(path)
    assert response.status_code == 302
    mina.refresh_from_db()
    assert (mina.email, mina.pending_email) == (NEW, "")
    assert mina.email_verified
    assert AuditEvent.objects.filter(verb="accounts.change_email", actor=mina).count() == 1
    # Pressing again does nothing more; the new address signs in, the old one does not.
    assert "already uses this address" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert AuditEvent.objects.filter(verb="accounts.change_email").count() == 1
    other = Client()
    assert other.post("/accounts/login/", {"email": NEW, "password": PASSWORD}).status_code == 302
    refused = other.post("/accounts/login/", {"email": "mina@example.org", "password": PASSWORD})
    assert refused.status_code == 200


def test_both_emails_speak_the_persons_language(
    client: Client, mina: User, django_capture_on_commit_callbacks: Any
) -> None:
    mina.language = "fr-ca"
    mina.save()
    ask(client, django_capture_on_commit_callbacks)
    [confirm] = sent_to(NEW)
    [notice] = sent_to("mina@example.org")
    assert confirm.subject == "Confirmez la nouvelle adresse courriel de votre compte Fireside"
    assert "Bonjour Mina Member" in confirm.body
    assert "Bonjour Mina Member" in notice.body
    assert "Fireside" in notice.subject and "courriel" in notice.subject


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"password": "not my password"}, "That is not your current password."),
        ({"password": ""}, "This field is required."),
        ({"email": "mina@example.org"}, "That is already your email address."),
        ({"email": "MINA@example.org"}, "That is already your email address."),
        ({"email": "taken@example.org"}, "Another account already uses this email address."),
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"email": "a@" + "b" * 260 + ".org"}, "Ensure this value has at most 254 characters"),
        ({"email": "nul\x00@example.org"}, "Null characters are not allowed."),
    ],
    ids=["wrong-password", "no-password", "same", "same-case", "taken", "bad", "long", "nul"],
)
def test_a_bad_request_is_refused_clearly_and_changes_nothing(
    client: Client,
    mina: User,
    django_capture_on_commit_callbacks: Any,
    form: dict[str, str],
    message: str,
) -> None:
    UserFactory(email="taken@example.org")
    response = ask(client, django_capture_on_commit_callbacks, **form)
    assert response.status_code == 200
    assert message in response.content.decode()
    mina.refresh_from_db()
    assert (mina.email, mina.pending_email) == ("mina@example.org", "")
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb="accounts.request_email_change").exists()


def test_wrong_passwords_here_count_as_failed_sign_ins(
    client: Client, mina: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    for _i in range(2):
        ask(client, django_capture_on_commit_callbacks, password="guess")
    response = ask(client, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    mina.refresh_from_db()
    assert mina.pending_email == ""


def test_the_old_address_can_stop_it(
    client: Client, mina: User, django_capture_on_commit_callbacks: Any
) -> None:
    ask(client, django_capture_on_commit_callbacks)
    confirm = link_in(sent_to(NEW)[0])
    cancel = link_in(sent_to("mina@example.org")[0])
    stranger = Client()  # the link is the key: no need to be signed in
    page = stranger.get(cancel).content.decode()
    assert "Stop this change" in page
    mina.refresh_from_db()
    assert mina.pending_email == NEW  # looking changes nothing
    page = stranger.post(cancel).content.decode()
    assert "The change is stopped" in page and "Choose a new password" in page
    mina.refresh_from_db()
    assert mina.pending_email == ""
    event = AuditEvent.objects.get(verb="accounts.cancel_email_change")
    assert event.data == {"via": "old_address"}

    response = client.post(confirm)
    assert response.status_code == 409
    assert "no longer waiting" in response.content.decode()
    mina.refresh_from_db()
    assert mina.email == "mina@example.org"


def test_too_late_the_old_address_is_told_how_to_get_help(
    client: Client, mina: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SUPPORT_EMAIL = "help@fireside.example.org"
    ask(client, django_capture_on_commit_callbacks)
    assert "write to help@fireside.example.org" in sent_to("mina@example.org")[0].body
    client.post(link_in(sent_to(NEW)[0]))
    cancel = link_in(sent_to("mina@example.org")[0])
    page = Client().post(cancel).content.decode()
    assert "This change has already happened" in page
    assert "help@fireside.example.org" in page
    mina.refresh_from_db()
    assert mina.email == NEW


def test_a_newer_request_replaces_the_older_one(
    client: Client, mina: User, django_capture_on_commit_callbacks: Any
) -> None:
    ask(client, django_capture_on_commit_callbacks)
    first = link_in(sent_to(NEW)[0])
    ask(client, django_capture_on_commit_callbacks, email="second@example.org")
    assert client.post(first).status_code == 409
    client.post(link_in(sent_to("second@example.org")[0]))
    mina.refresh_from_db()
    assert mina.email == "second@example.org"


def test_one_can_stop_it_from_the_profile(
    client: Client, mina: User, django_capture_on_commit_callbacks: Any
) -> None:
    ask(client, django_capture_on_commit_callbacks)
    client.post(PAGE, {"action": "cancel"})
    mina.refresh_from_db()
    assert mina.pending_email == ""
    assert client.post(link_in(sent_to(NEW)[0])).status_code == 409


def test_an_address_taken_meanwhile_is_refused_at_confirmation(
    client: Client, mina: User, django_capture_on_commit_callbacks: Any
) -> None:
    ask(client, django_capture_on_commit_callbacks)
    UserFactory(email=NEW)
    response = client.post(link_in(sent_to(NEW)[0]))
    assert response.status_code == 409
    assert "Another account already uses this email address." in response.content.decode()
    mina.refresh_from_db()
    assert mina.email == "mina@example.org"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
        lambda token: signing.dumps({"u": 1, "o": "x", "n": "y"}, salt="another"),
        lambda token: signing.dumps(["not", "a", "dict"], salt="fireside.accounts.change-email"),
        lambda token: "garbage",
    ],
    ids=["signature", "forged", "shape", "garbage"],
)
@pytest.mark.parametrize("which", ["confirm", "cancel"])
def test_a_tampered_link_is_refused(client: Client, mina: User, tamper: Any, which: str) -> None:
    mina.pending_email = NEW
    mina.save()
    confirm, cancel = make_email_change_tokens(mina, NEW)
    token = tamper(confirm if which == "confirm" else cancel)
    response = client.post(f"/accounts/email/{which}/{token}/")
    assert response.status_code == 400
    mina.refresh_from_db()
    assert (mina.email, mina.pending_email) == ("mina@example.org", NEW)


def test_the_link_to_the_new_address_expires(
    client: Client, mina: User, time_machine: Any, settings: Any
) -> None:
    time_machine.move_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    mina.pending_email = NEW
    mina.save()
    confirm, _cancel = make_email_change_tokens(mina, NEW)
    time_machine.move_to(dt.datetime(2026, 9, 4, 9, 1, tzinfo=dt.UTC), tick=False)  # 3 days on
    assert client.post(f"/accounts/email/confirm/{confirm}/").status_code == 400
    mina.refresh_from_db()
    assert mina.email == "mina@example.org"


def test_erasure_forgets_a_waiting_address(mina: User) -> None:
    from fireside.accounts.actions import do_erase_user, export_user_data

    mina.pending_email = NEW
    mina.save()
    assert export_user_data(user=mina)["account"]["pending_email"] == NEW
    do_erase_user(user=mina)
    mina.refresh_from_db()
    assert mina.pending_email == ""


# --- The API -----------------------------------------------------------------------------------


def test_the_api_asks_the_same_way(
    client: Client, mina: User, django_capture_on_commit_callbacks: Any
) -> None:
    url = "/api/v1/me/email"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": NEW, "password": PASSWORD}, content_type="application/json"
        )
    assert response.status_code == 202
    assert response.json() == {"email": "mina@example.org", "pending_email": NEW}
    assert client.get("/api/v1/me").json()["pending_email"] == NEW
    assert len(sent_to(NEW)) == 1 and len(sent_to("mina@example.org")) == 1

    response = client.post(url, {"email": NEW, "password": "nope"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "That is not your current password."
    # PATCH /me does not take an address (api-v1.md lists what it takes).
    response = client.patch("/api/v1/me", {"email": NEW}, content_type="application/json")
    assert response.status_code == 400
    mina.refresh_from_db()
    assert mina.email == "mina@example.org"
