"""English and Canadian French: chosen by the person, else the browser; dates, times and numbers
for the locale and in the person's time zone; emails and notifications in the recipient's
language, whoever caused them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import World
from fireside.accounts.models import ApiToken, User
from fireside.communities.actions import check_join
from fireside.conversations.actions import check_reply, check_start_thread
from fireside.demo.factories import CommunityFactory, ProgramFactory, UserFactory, make_member
from fireside.lib.i18n import speaking_to
from fireside.mentoring.matching import describe_slots
from fireside.mentoring.tests.grids import WEEKDAYS, grid, slots
from fireside.notifications.models import Notification
from fireside.notifications.render import render_notifications

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9,en;q=0.5"}
WEEKDAY = r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"


def lang_of(response: Any) -> str:
    match = re.search(r'<html lang="([^"]+)">', response.content.decode())
    assert match, "no lang attribute on <html>"
    return match.group(1)


@pytest.mark.parametrize(
    ("path", "french"),
    [
        ("/", "Trouver un groupe"),
        ("/communities/", "Chaque groupe réunit jusqu'à douze personnes"),
        ("/accounts/login/", "Mot de passe oublié?"),
        ("/accounts/signup/", "Créer mon compte"),
        ("/programs/", "Programmes"),
    ],
)
@pytest.mark.django_db
def test_it_speaks_french_to_a_browser_that_asks_for_it(
    client: Client, path: str, french: str
) -> None:
    response = client.get(path, **FRENCH)
    assert response.status_code == 200
    assert lang_of(response) == "fr-ca"
    assert response["Content-Language"] == "fr-ca"
    assert french in response.content.decode()


@pytest.mark.django_db
def test_any_french_browser_gets_canadian_french_and_others_english(client: Client) -> None:
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR")) == "fr-ca"
    assert lang_of(client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de")) == "en"
    english = client.get("/")
    assert lang_of(english) == "en"
    assert "Find a group" in english.content.decode()


@pytest.mark.django_db
def test_the_persons_own_language_beats_the_browser(client: Client) -> None:
    english = UserFactory(language="en")
    client.force_login(english)
    response = client.get("/accounts/profile/", **FRENCH)
    assert lang_of(response) == "en"
    assert "Save my profile" in response.content.decode()

    french = UserFactory(language="fr-ca")
    client.force_login(french)
    response = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en")
    assert lang_of(response) == "fr-ca"
    assert "Enregistrer mon profil" in response.content.decode()

    browser = UserFactory(language="")
    client.force_login(browser)
    assert lang_of(client.get("/accounts/profile/", **FRENCH)) == "fr-ca"
    assert lang_of(client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en")) == "en"


@pytest.mark.django_db
def test_the_footer_switcher_changes_the_language_without_javascript(client: Client) -> None:
    page = client.get("/communities/").content.decode()
    switcher = re.search(r'<form method="post" action="/accounts/language/".*?</form>', page, re.S)
    assert switcher, "the footer has no language form"
    assert 'name="language" value="fr-ca" lang="fr-ca"' in switcher.group(0)
    assert 'name="next" value="/communities/"' in switcher.group(0)

    response = client.post("/accounts/language/", {"language": "fr-ca", "next": "/communities/"})
    assert response.status_code == 302
    assert response["Location"] == "/communities/"
    assert client.cookies["django_language"].value == "fr-ca"
    french = client.get("/communities/")
    assert lang_of(french) == "fr-ca"
    assert 'name="language" value="en" lang="en"' in french.content.decode()

    back = client.post("/accounts/language/", {"language": "en", "next": "https://evil.example"})
    assert back["Location"] == "/"
    assert lang_of(client.get("/")) == "en"


@pytest.mark.django_db
def test_the_switcher_remembers_a_signed_in_persons_choice(client: Client) -> None:
    user = UserFactory(language="")
    client.force_login(user)
    client.post("/accounts/language/", {"language": "fr-ca", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fr-ca"
    fresh = Client()  # another device: no cookie, an English browser
    fresh.force_login(user)
    assert lang_of(fresh.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "fr-ca"
    client.post("/accounts/language/", {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fr-ca"  # an unknown language changes nothing


@pytest.mark.django_db
def test_the_profile_saves_the_language_and_answers_in_it(client: Client) -> None:
    user = UserFactory(name="Ana", language="")
    client.force_login(user)
    form = client.get("/accounts/profile/").content.decode()
    assert '<select name="language"' in form
    response = client.post(
        "/accounts/profile/",
        {"name": "Ana", "role_type": "ece", "language": "fr-ca", "timezone": ""},
        follow=True,
    )
    user.refresh_from_db()
    assert user.language == "fr-ca"
    assert "Votre profil est enregistré." in response.content.decode()
    bad = client.post("/accounts/profile/", {"name": "Ana", "role_type": "ece", "language": "de"})
    assert bad.status_code == 200
    user.refresh_from_db()
    assert user.language == "fr-ca"


@pytest.mark.django_db
def test_signing_up_in_french_keeps_french_for_the_emails(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "name": "Josée Tremblay",
                "email": "josee@example.org",
                "password": "un long mot de passe",
                "role_type": "ece",
                "region": "Laurentides",
            },
            **FRENCH,
        )
    assert response.status_code == 302
    assert User.objects.get(email="josee@example.org").language == "fr-ca"
    (message,) = mail.outbox
    assert message.subject == "Confirmez votre adresse courriel pour Fireside"
    assert message.body.startswith("Bonjour Josée Tremblay,")
    assert "Le lien est valide sept jours." in message.body


@pytest.mark.django_db
def test_the_api_reads_and_changes_the_language(client: Client) -> None:
    user = UserFactory(language="")
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    assert client.get("/api/v1/me", headers=headers).json()["language"] == ""
    response = client.patch(
        "/api/v1/me", {"language": "fr-ca"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 200
    assert response.json()["language"] == "fr-ca"
    refused = client.patch(
        "/api/v1/me", {"language": "klingon"}, content_type="application/json", headers=headers
    )
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("language must be one of: en, fr-ca")
    user.refresh_from_db()
    assert user.language == "fr-ca"


@pytest.mark.django_db
def test_api_errors_follow_the_accept_language(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Sign in first")
    french = client.get("/api/v1/me", **FRENCH)
    assert french.json()["detail"].startswith("Connectez-vous d'abord")


@pytest.mark.django_db
def test_each_person_gets_the_welcome_email_in_their_own_language(
    django_capture_on_commit_callbacks: Any,
) -> None:
    community = CommunityFactory(name="Cercle des Laurentides")
    french = UserFactory(email="fr@example.org", name="Élise", language="fr-ca")
    english = UserFactory(email="en@example.org", name="Emma", language="en")
    unset = UserFactory(email="unset@example.org", name="Uma", language="")
    # Whoever happens to be speaking when it is sent:
    with translation.override("fr-ca"), django_capture_on_commit_callbacks(execute=True):
        for person in (french, english, unset):
            check_join(user=person, community=community, agree_to_agreement=True)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["fr@example.org"].subject == "Bienvenue dans Cercle des Laurentides"
    assert "Vous êtes maintenant membre de « Cercle des Laurentides »" in (
        by_address["fr@example.org"].body
    )
    assert by_address["en@example.org"].subject == "Welcome to Cercle des Laurentides"
    assert by_address["unset@example.org"].subject == "Welcome to Cercle des Laurentides"


@pytest.mark.django_db
def test_a_french_member_reads_the_cancellation_with_a_french_date(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from fireside.gatherings.scheduling import do_cancel

    world.member.language = "fr-ca"
    world.member.save(update_fields=["language"])
    gathering = world.gathering
    gathering.starts_at = dt.datetime(2026, 10, 14, 2, 0, tzinfo=dt.UTC)  # 19 h in Vancouver
    gathering.save(update_fields=["starts_at"])
    with django_capture_on_commit_callbacks(execute=True):
        do_cancel(actor=world.facilitator, gathering=gathering)
    by_address = {m.to[0]: m for m in mail.outbox}
    french = by_address[world.member.email]
    assert french.subject.startswith("Annulée : ")
    assert "mardi 13 octobre" in french.subject
    assert "du mardi 13 octobre 2026, 19\xa0h\xa000 (America/Vancouver) est annulée" in french.body
    english = by_address[world.facilitator.email]
    assert "on Tuesday 13 October 2026, 19:00 (America/Vancouver) is cancelled" in english.body


@pytest.mark.django_db
def test_notifications_are_written_in_each_readers_language(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.member.language = "fr-ca"
    world.member.save(update_fields=["language"])
    world.facilitator.language = "en"
    world.facilitator.save(update_fields=["language"])
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        thread = check_start_thread(
            author=world.member,
            community=world.community,
            title="Jeu dehors",
            body="?",
            kind="idea",
        )
        check_reply(author=world.facilitator, thread=thread, body="Oui!")
    with translation.override("fr-ca"), django_capture_on_commit_callbacks(execute=True):
        thread = check_start_thread(
            author=world.facilitator,
            community=world.community,
            title="Outdoors",
            body="?",
            kind="idea",
        )
        check_reply(author=world.member, thread=thread, body="Yes!")
    # Written when read, in the reader's language (whoever is asking, whatever is active).
    texts = {}
    for note in render_notifications(
        Notification.objects.filter(kind="reply").select_related("user", "actor")
    ):
        with speaking_to(note.user):
            texts[note.user_id] = note.message
    assert texts[world.member.pk] == "Fay Facilitator a répondu à « Jeu dehors »"
    assert texts[world.facilitator.pk] == "Mina Member replied to “Outdoors”"
    french_email = next(m for m in mail.outbox if m.to == [world.member.email])
    assert french_email.body.startswith("Bonjour Mina Member,")
    assert "Fay Facilitator a répondu à « Jeu dehors »" in french_email.body
    assert "Arrêter les courriels de ce type (réponses à mes conversations" in french_email.body


@pytest.mark.django_db
def test_a_gathering_page_shows_its_time_the_french_way(client: Client, world: World) -> None:
    gathering = world.gathering
    gathering.starts_at = dt.datetime(2026, 10, 14, 2, 0, tzinfo=dt.UTC)
    gathering.save(update_fields=["starts_at"])
    world.member.language = "fr-ca"
    world.member.save(update_fields=["language"])
    client.force_login(world.member)
    page = client.get(reverse("gatherings:detail", args=[gathering.pk])).content.decode()
    assert "mardi 13 octobre 2026, 19\xa0h\xa000–20\xa0h\xa030" in page
    assert re.search(WEEKDAY, page)
    world.member.language = "en"
    world.member.save(update_fields=["language"])
    english = client.get(reverse("gatherings:detail", args=[gathering.pk])).content.decode()
    assert "Tuesday 13 October 2026, 19:00–20:30" in english


@pytest.mark.django_db
def test_times_are_shown_in_the_persons_time_zone(client: Client, world: World) -> None:
    thread = check_start_thread(
        author=world.facilitator, community=world.community, title="Hello", body="Hi", kind="idea"
    )
    Notification.objects.filter(user=world.member).update(
        created_at=dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
    )
    client.force_login(world.member)
    assert "15 Jan, 12:00" in client.get("/notifications/").content.decode()
    world.member.timezone = "America/Halifax"
    world.member.save(update_fields=["timezone"])
    assert "15 Jan, 08:00" in client.get("/notifications/").content.decode()
    world.member.language = "fr-ca"
    world.member.save(update_fields=["language"])
    french = client.get("/notifications/").content.decode()
    assert "15 jan., 08\xa0h\xa000" in french, re.findall(r"<time[^>]*>[^<]*</time>", french)
    assert thread.pk


@pytest.mark.django_db
def test_numbers_use_the_french_decimal_comma(client: Client) -> None:
    program = ProgramFactory(monthly_hours_target=Decimal("5.5"))
    page = client.get(reverse("programs:detail", args=[program.pk]), **FRENCH).content.decode()
    assert "Environ 5,5 heures par mois" in page
    english = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "About 5.5 hours a month" in english


@pytest.mark.django_db
def test_the_password_reset_email_is_in_the_owners_language(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    UserFactory(email="fr@example.org", name="Élise", language="fr-ca")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": "fr@example.org"})
    (message,) = mail.outbox
    assert message.subject == "Choisissez un nouveau mot de passe Fireside"
    assert "Quelqu'un a demandé à réinitialiser le mot de passe" in message.body


@pytest.mark.django_db
def test_erasing_accepts_the_word_in_french(client: Client) -> None:
    user = UserFactory(language="fr-ca")
    client.force_login(user)
    page = client.get("/accounts/profile/erase/").content.decode()
    assert "Tapez EFFACER pour confirmer" in page
    client.post("/accounts/profile/erase/", {"confirm": "EFFACER"})
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.django_db
def test_a_french_action_error_reaches_the_form(client: Client) -> None:
    program = ProgramFactory()
    community = CommunityFactory(program=program, capacity=2)
    make_member(community)
    make_member(community)
    user = UserFactory(language="fr-ca", role_type="trainer")
    client.force_login(user)
    page = client.get(reverse("communities:join", args=[community.pk])).content.decode()
    assert "est un groupe pour les personnes dont le rôle est « Éducatrice ou éducateur" in page
    assert "et votre profil indique « Formatrice ou formateur »" in page


def test_matching_reasons_read_naturally_in_french() -> None:
    free = slots(grid(WEEKDAYS, "evening"), grid("sat", "morning"))
    with translation.override("fr-ca"):
        assert describe_slots(free) == "le samedi, le matin et en semaine, le soir"
        assert describe_slots(slots(grid("tue wed thu"))) == ("à toute heure, du mardi au jeudi")
    with translation.override("en"):
        assert describe_slots(free) == "Saturday mornings and weekday evenings"
