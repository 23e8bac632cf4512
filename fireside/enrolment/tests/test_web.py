from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.enrolment.models import EnrolmentImport
from fireside.enrolment.tests.files import PNG, csv_bytes, xlsx_bomb, xlsx_bytes
from fireside.invitations.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _december() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 12, 7, 18, tzinfo=dt.UTC), tick=False):
        yield


def people(world: World, bad: bool = False) -> bytes:
    group = world.community.name
    return csv_bytes(
        [
            (
                "Rosa Nuñez",
                "rosa@example.org",
                "ece",
                "North",
                group,
                "co-facilitator",
                "2026-09-14",
            ),
            ("Ben Okafor", "ben@example.org", "Early childhood educator", "", group, "", ""),
            ("Lea Roy", "lea@example.org", "ece", "", "", "", ""),
            ("Mina Member", "member@example.org", "ece", "", group, "", ""),
        ]
        + ([("Bad Date", "bad@example.org", "ece", "", group, "", "31/12/2026")] if bad else [])
    )


def upload(client: Client, world: World, data: bytes, name: str = "people.csv") -> Any:
    return client.post(
        reverse("enrolment:upload", args=[world.program.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_it_previews_then_imports(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.coordinator)
    response = upload(client, world, people(world))
    record = EnrolmentImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enrolment:detail", args=[record.pk])
    page = client.get(response["Location"]).content.decode()
    assert "No problems" in page
    assert "Enrol 3 people" in page
    assert Invitation.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enrolment:confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == "done"
    assert record.rows == []  # the names and addresses are not kept
    assert record.result == {"invited": 3, "unchanged": 1, "groups": 1}
    rosa = Invitation.objects.get(email="rosa@example.org")
    assert (rosa.community, rosa.role, rosa.joined_on, rosa.source, rosa.invited_by) == (
        world.community,
        "co_facilitator",
        dt.date(2026, 9, 14),
        "import",
        world.coordinator,
    )
    assert rosa.sent_at is not None
    assert Invitation.objects.get(email="lea@example.org").community is None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ben@example.org",
        "lea@example.org",
        "rosa@example.org",
    ]
    assert (
        "3 people invited"
        in client.get(reverse("enrolment:detail", args=[record.pk])).content.decode()
    )
    # The emailed link opens the invitation (the raw token went only into the email).
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
    client.logout()
    assert client.get(link.strip().removeprefix("http://testserver")).status_code == 200
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"enrolment.preview", "enrolment.import"} <= verbs


def test_the_same_file_twice_changes_nothing(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.coordinator)
    for _ in range(2):
        upload(client, world, people(world))
        record = EnrolmentImport.objects.order_by("-pk").first()
        assert record is not None
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("enrolment:confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.result == {"invited": 0, "unchanged": 4, "groups": 1}
    assert Invitation.objects.count() == 3
    assert len(mail.outbox) == 3


def test_a_double_click_imports_once(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.coordinator)
    upload(client, world, people(world))
    record = EnrolmentImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enrolment:confirm", args=[record.pk]))
        client.post(reverse("enrolment:confirm", args=[record.pk]))
    assert Invitation.objects.count() == 3
    assert AuditEvent.objects.filter(verb="enrolment.import").count() == 1


def test_a_file_with_problems_shows_them_and_cannot_be_confirmed(
    world: World, client: Client
) -> None:
    client.force_login(world.coordinator)
    response = upload(client, world, people(world, bad=True))
    page = client.get(response["Location"]).content.decode()
    assert "1 row has a problem" in page
    assert "Row 6" in page
    assert "is not a date" in page
    assert "Enrol" not in page.split("<main", 1)[-1].split("Rows with problems")[0].replace(
        "Enrol from a spreadsheet", ""
    )
    record = EnrolmentImport.objects.get()
    client.post(reverse("enrolment:confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == "previewed"
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message", "status"),
    [
        ("bomb.xlsx", xlsx_bomb(), "unpack", 400),
        ("list.xlsx", PNG, "PNG", 415),
        ("list.xlsx", b"Name,Email,Role type\r\nJo,jo@example.org,ece\r\n", "rename it", 415),
        ("list.csv", b"", "empty", 400),
        ("list.csv", b"Name,Role type\r\nJo,ece\r\n", "no Email column", 400),
        (
            "list.xlsx",
            xlsx_bytes([("Jo", "jo@example.org", "ece", "", "", "", "")] * 5001),
            "Split the file",
            400,
        ),
    ],
)
def test_it_refuses_hostile_files_and_writes_nothing(
    world: World, client: Client, name: str, data: bytes, message: str, status: int
) -> None:
    client.force_login(world.coordinator)
    response = upload(client, world, data, name)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not EnrolmentImport.objects.exists()
    assert not Invitation.objects.exists()


def test_it_offers_sample_files_in_both_languages(world: World, client: Client) -> None:
    client.force_login(world.coordinator)
    url = reverse("enrolment:sample", args=[world.program.pk])
    english = client.get(url).content.decode("utf-8-sig")
    french = client.get(url + "?language=fr").content.decode("utf-8-sig")
    assert english.startswith("Name,Email,Role type,Region,Group,Role,Joined on")
    assert french.startswith("Nom,Courriel,Type de rôle,Région,Groupe,Rôle,Date d'arrivée")


@pytest.mark.parametrize("persona", ["member", "facilitator", "mentor", "staff", "outsider"])
def test_only_coordinators_may_import(world: World, client: Client, persona: str) -> None:
    client.force_login(world.persona(persona))
    assert upload(client, world, people(world)).status_code == 403
    assert not EnrolmentImport.objects.exists()


def test_the_program_page_links_to_it(world: World, client: Client) -> None:
    client.force_login(world.coordinator)
    page = client.get(reverse("programs:detail", args=[world.program.pk])).content.decode()
    assert reverse("enrolment:upload", args=[world.program.pk]) in page


def test_unconfirmed_previews_are_forgotten_after_a_day(world: World, client: Client) -> None:
    from django.core.management import call_command

    client.force_login(world.coordinator)
    upload(client, world, people(world))
    with time_machine.travel(dt.datetime(2026, 12, 8, 19, tzinfo=dt.UTC)):
        call_command("forget_enrolment_previews", stdout=io.StringIO())
    assert not EnrolmentImport.objects.exists()


def test_a_running_import_shows_its_progress_without_javascript(
    world: World, client: Client
) -> None:
    client.force_login(world.coordinator)
    upload(client, world, people(world))
    record = EnrolmentImport.objects.get()
    EnrolmentImport.objects.filter(pk=record.pk).update(state="running", total=40, processed=15)
    page = client.get(reverse("enrolment:detail", args=[record.pk])).content.decode()
    assert '<progress max="40" value="15"' in page
    assert "15 of 40 invitations sent" in page
    assert f'href="{reverse("enrolment:detail", args=[record.pk])}">Refresh</a>' in page
    partial = client.get(
        reverse("enrolment:detail", args=[record.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert partial.startswith('<div id="import-progress"')


def test_it_speaks_french(world: World, client: Client) -> None:
    from django.utils import translation

    client.force_login(world.coordinator)
    response = upload(client, world, people(world, bad=True))
    with translation.override("fr-ca"):
        page = client.get(response["Location"], headers={"Accept-Language": "fr-CA"})
    text = html.unescape(page.content.decode())
    assert "1 ligne comporte un problème" in text
    assert "« 31/12/2026 » n'est pas une date" in text


def test_erasing_a_person_takes_their_row_out_of_a_preview(world: World, client: Client) -> None:
    from fireside.demo.factories import UserFactory
    from fireside.enrolment.personal_data import erase_for

    client.force_login(world.coordinator)
    upload(client, world, people(world))
    erase_for(UserFactory(email="ben@example.org"))
    emails = [r["email"] for r in EnrolmentImport.objects.get().rows]
    assert emails == ["rosa@example.org", "lea@example.org", "member@example.org"]


def test_it_says_when_only_the_emails_stopped(world: World, client: Client) -> None:
    client.force_login(world.coordinator)
    upload(client, world, people(world))
    record = EnrolmentImport.objects.get()
    EnrolmentImport.objects.filter(pk=record.pk).update(state="failed", result={"invited": 3})
    page = client.get(reverse("enrolment:detail", args=[record.pk])).content.decode()
    assert "sending their emails stopped" in page
    assert reverse("invitations:program", args=[world.program.pk]) in page
