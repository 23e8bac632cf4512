"""A program's FAQ and contact person: written by its coordinators and staff, drafts for them
only, read by everyone on the program's page, the directory and every program email."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.audit.models import AuditEvent
from fireside.communities.actions import check_join
from fireside.demo.factories import UserFactory
from fireside.lib.errors import InvalidInput
from fireside.programs import faq
from fireside.programs.models import FaqEntry, Program
from fireside.programs.tests.factories import make_faq

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _contact(program: Program) -> None:
    Program.objects.filter(pk=program.pk).update(
        contact_name="Dana Lee",
        contact_email="dana@example.org",
        contact_phone="604 555 0100",
        contact_note="Weekdays 9–4 Pacific",
    )
    program.refresh_from_db()


# --- Actions -----------------------------------------------------------------------------


def test_it_adds_entries_at_the_end_and_audits(world: World) -> None:
    first = faq.check_add_entry(
        actor=world.coordinator, program=world.program, question=" Q1 ", answer="A1"
    )
    second = faq.check_add_entry(
        actor=world.coordinator, program=world.program, question_fr="Q2?", answer_fr="R2"
    )
    assert (first.question, first.position, first.published) == ("Q1", 1, False)
    assert second.position == 2
    assert AuditEvent.objects.filter(verb="programs.faq_add").count() == 2


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"question": "", "answer": ""}, "Write the question"),
        ({"question": "Q", "answer": ""}, "same language"),
        ({"question": "", "answer": "A"}, "same language"),
        ({"question": "Q" * (faq.QUESTION_MAX + 1), "answer": "A"}, "limit"),
        ({"question": "Q", "answer": "A" * (faq.ANSWER_MAX + 1)}, "limit"),
        ({"question": "Q\x00", "answer": "A"}, "not allowed"),
    ],
)
def test_it_refuses_bad_entries_and_writes_nothing(
    world: World, fields: dict[str, Any], words: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        faq.check_add_entry(actor=world.coordinator, program=world.program, **fields)
    assert words in refused.value.message
    assert not FaqEntry.objects.exists()


def test_it_falls_back_to_the_other_language_and_says_so(world: World) -> None:
    english_only = make_faq(world.program, question="Hours?", answer="Five.")
    both = make_faq(world.program, question="Q", answer="A", question_fr="QF", answer_fr="RF")
    assert faq.read(english_only, "en").fallback is False
    item = faq.read(english_only, "fr")
    assert (item.question, item.answer, item.fallback) == ("Hours?", "Five.", True)
    assert faq.read(both, "fr").question == "QF"
    assert faq.read(both, "fr").fallback is False


def test_it_moves_entries_up_and_down(world: World) -> None:
    a, _b, c = (make_faq(world.program, question=q, position=i) for i, q in enumerate("abc", 1))
    faq.do_move_entry(actor=world.coordinator, entry=c, up=True)
    order = list(FaqEntry.objects.values_list("question", flat=True))
    assert order == ["a", "c", "b"]
    faq.do_move_entry(actor=world.coordinator, entry=a, up=True)  # the first stays first
    faq.do_move_entry(actor=world.coordinator, entry=a, up=False)
    assert list(FaqEntry.objects.values_list("question", flat=True)) == ["c", "a", "b"]


def test_it_sets_the_contact_and_refuses_a_bad_address(world: World) -> None:
    faq.check_set_contact(
        actor=world.coordinator,
        program=world.program,
        contact_name="Dana Lee",
        contact_email="dana@example.org",
        contact_phone="",
        contact_note="Weekdays",
    )
    world.program.refresh_from_db()
    assert world.program.contact_name == "Dana Lee"
    with pytest.raises(InvalidInput):
        faq.check_set_contact(
            actor=world.coordinator, program=world.program, contact_email="not an address"
        )
    world.program.refresh_from_db()
    assert world.program.contact_email == "dana@example.org"


# --- Pages -------------------------------------------------------------------------------


def test_the_program_page_shows_the_published_faq_and_the_contact(
    client: Client, world: World
) -> None:
    _contact(world.program)
    make_faq(world.program, question="Do I get a certificate?", answer="Yes, **each June**.")
    make_faq(world.program, question="Secret draft?", answer="Not yet.", published=False)
    page = client.get(reverse("programs:detail", args=[world.program.pk])).content.decode()
    assert "<summary>Do I get a certificate?</summary>" in page
    assert "<strong>each June</strong>" in page
    assert "Secret draft?" not in page
    assert "Dana Lee" in page
    assert 'href="mailto:dana@example.org"' in page


def test_french_readers_see_the_english_with_a_note(client: Client, world: World) -> None:
    make_faq(world.program, question="How long?", answer="An hour.")
    client.force_login(UserFactory(language="fr"))
    page = client.get(reverse("programs:detail", args=[world.program.pk])).content.decode()
    assert 'lang="en">How long?</summary>' in page
    assert "Pas encore traduit" in page


def test_the_directory_and_a_group_page_link_to_the_faq(client: Client, world: World) -> None:
    _contact(world.program)
    faq_link = reverse("programs:detail", args=[world.program.pk]) + "#faq"
    listing = client.get(reverse("communities:directory"), {"program": world.program.pk})
    assert faq_link in listing.content.decode()
    assert "Dana Lee" in listing.content.decode()
    group = client.get(reverse("communities:detail", args=[world.community.pk])).content.decode()
    assert faq_link in group
    assert "Dana Lee" in group


def test_coordinators_keep_the_faq_from_its_page(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    base = reverse("programs:faq_manage", args=[world.program.pk])
    response = client.post(
        reverse("programs:faq_new", args=[world.program.pk]),
        {"question": "Can I miss a gathering?", "answer": "Yes; tell your group."},
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert not entry.published
    assert "Can I miss a gathering?" in client.get(base).content.decode()
    client.post(
        reverse("programs:faq_publish", args=[world.program.pk, entry.pk]), {"published": "1"}
    )
    entry.refresh_from_db()
    assert entry.published and entry.updated_by == world.coordinator
    client.post(
        reverse("programs:faq_edit", args=[world.program.pk, entry.pk]),
        {"question": "Can I miss one?", "answer": "Yes.", "published": "on"},
    )
    entry.refresh_from_db()
    assert entry.question == "Can I miss one?"
    client.post(reverse("programs:faq_delete", args=[world.program.pk, entry.pk]))
    assert not FaqEntry.objects.exists()


def test_an_over_long_answer_is_refused_on_the_form(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        reverse("programs:faq_new", args=[world.program.pk]),
        {"question": "Q", "answer": "a" * (faq.ANSWER_MAX + 1)},
    )
    assert response.status_code == 200
    assert "the limit is" in response.content.decode()
    assert not FaqEntry.objects.exists()


def test_an_entry_of_another_program_is_not_found(client: Client, world: World) -> None:
    other = make_faq(
        Program.objects.create(name="Other", starts_on="2026-09-01", ends_on="2027-06-30")
    )
    client.force_login(world.coordinator)
    url = reverse("programs:faq_edit", args=[world.program.pk, other.pk])
    assert client.get(url).status_code == 404


def test_coordinators_set_the_contact_person(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    url = reverse("programs:contact", args=[world.program.pk])
    response = client.post(
        url,
        {"contact_name": "Dana", "contact_email": "bad", "contact_phone": "", "contact_note": ""},
    )
    assert response.status_code == 200
    response = client.post(
        url,
        {
            "contact_name": "Dana",
            "contact_email": "dana@example.org",
            "contact_phone": "",
            "contact_note": "Weekdays",
        },
    )
    assert response.status_code == 302
    world.program.refresh_from_db()
    assert (world.program.contact_name, world.program.contact_note) == ("Dana", "Weekdays")


# --- Emails ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Questions about"), ("fr", "Des questions sur")],
)
def test_every_program_email_ends_with_the_contact(
    world: World, mailoutbox: list[Any], commits: Any, language: str, words: str
) -> None:
    _contact(world.program)
    person = UserFactory(email=f"new-{language}@example.org", language=language)
    with commits():
        check_join(user=person, community=world.community, agree_to_agreement=True)
    message = next(m for m in mailoutbox if m.to == [person.email])
    footer = message.body.split("\n-- \n")[1]
    assert f"{words} {world.program.name}?" in footer
    assert "Dana Lee, dana@example.org, 604 555 0100 (Weekdays 9–4 Pacific)" in footer
    assert f"/programs/{world.program.pk}/#faq" in footer


def test_the_html_part_has_the_footer_too(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    from fireside.lib.mail import send_templated

    _contact(world.program)
    with commits(), translation.override("en"):
        send_templated(
            "gathering_reminder",
            {"user": world.member, "gathering": world.gathering, "community": world.community},
            world.member.email,
        )
    html = mailoutbox[-1].alternatives[0][0]
    assert "Questions about" in html
    assert 'href="mailto:dana@example.org"' in html


def test_no_footer_without_a_contact_or_a_program(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    person = UserFactory(email="plain@example.org")
    with commits():
        check_join(user=person, community=world.community, agree_to_agreement=True)
    assert "\n-- \n" not in mailoutbox[-1].body


# --- API ---------------------------------------------------------------------------------


def test_the_api_gives_the_published_faq_and_the_contact(client: Client, world: World) -> None:
    _contact(world.program)
    make_faq(world.program, question="Q", answer="A", question_fr="QF", answer_fr="RF")
    make_faq(world.program, question="Draft", answer="D", published=False)
    body = client.get(f"/api/v1/programs/{world.program.pk}/faq").json()
    assert body["count"] == 1
    assert body["items"][0]["question"] == "Q"
    assert body["items"][0]["question_fr"] == "QF"
    french = UserFactory(language="fr")
    headers = {"Authorization": f"Bearer {ApiToken.issue(french)}"}
    body = client.get(f"/api/v1/programs/{world.program.pk}/faq", headers=headers).json()
    assert (body["items"][0]["question"], body["items"][0]["fallback"]) == ("QF", False)
    program = json.loads(client.get(f"/api/v1/programs/{world.program.pk}").content)
    assert program["contact_email"] == "dana@example.org"
