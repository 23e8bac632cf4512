"""Issue 17, item 7: asking again for the same hours hands back the certificate already made
(web, API, bulk issue), even when two requests race; new hours, a revocation, a new name or
language make a new one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.certificates import actions
from fireside.certificates.models import BulkIssue, Certificate
from fireside.certificates.tests.test_actions import NOW, hours_for
from fireside.mentoring.tests.factories import make_reflection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any, settings: Any, tmp_path: Any) -> None:
    time_machine.move_to(NOW, tick=False)
    settings.MEDIA_ROOT = tmp_path


def issue(world: World) -> actions.Issued:
    return actions.check_issue_certificate(user=world.member, program=world.program)


def test_the_same_hours_give_back_the_same_certificate(world: World, time_machine: Any) -> None:
    hours_for(world)
    first = issue(world)
    assert first.created
    assert issue(world) == (first.certificate, False)
    # A day later, nothing new: the certificate still states these hours.
    time_machine.move_to(NOW + dt.timedelta(days=1), tick=False)
    assert issue(world) == (first.certificate, False)
    assert Certificate.objects.count() == 1

    make_reflection(world.program, world.member, dt.date(2026, 10, 1))
    grown = issue(world)
    assert grown.created and grown.certificate.total_hours > first.certificate.total_hours
    assert Certificate.objects.valid().count() == 2


def test_a_new_name_or_language_is_a_new_certificate(world: World) -> None:
    hours_for(world)
    first = issue(world).certificate
    world.member.name = "Mina Member-Lévesque"
    world.member.save(update_fields=["name"])
    renamed = issue(world)
    assert renamed.created and renamed.certificate.holder_name == "Mina Member-Lévesque"
    world.member.language = "fr-ca"
    world.member.save(update_fields=["language"])
    french = issue(world)
    assert french.created and french.certificate.language == "fr-ca"
    assert len({first.pk, renamed.certificate.pk, french.certificate.pk}) == 3


def test_after_a_revocation_the_same_hours_are_certified_anew(world: World) -> None:
    hours_for(world)
    first = issue(world).certificate
    actions.check_revoke_certificate(actor=world.coordinator, certificate=first, reason="Typo.")
    again = issue(world)
    assert again.created and again.certificate.pk != first.pk
    first.refresh_from_db()
    assert not first.is_valid and first.statement_key == ""


def test_the_database_refuses_a_twin(world: World) -> None:
    hours_for(world)
    first = issue(world).certificate
    twin = Certificate.objects.get(pk=first.pk)
    twin.pk, twin.code = None, "0" * 16
    with pytest.raises(IntegrityError):
        twin.save()


def test_a_request_that_loses_the_race_hands_back_the_winner(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two clicks: both find nothing and both draw; the second to save gets the first's
    certificate, and its own PDF file is deleted."""
    hours_for(world)
    draw = actions.render_pdf
    winner: list[Certificate] = []

    def slow_draw(certificate: Certificate) -> bytes:
        if not winner:  # the other request finishes while this one draws
            winner.append(Certificate(pk=-1))
            winner[0] = issue(world).certificate
        return draw(certificate)

    monkeypatch.setattr(actions, "render_pdf", slow_draw)
    loser = issue(world)
    assert loser == (winner[0], False)
    assert Certificate.objects.count() == 1
    _dirs, files = default_storage.listdir("certificates")
    assert files == [f"{winner[0].code}.pdf"]


def test_on_the_web_a_second_click_shows_the_first_certificate(
    client: Client, world: World
) -> None:
    hours_for(world)
    client.force_login(world.member)
    url = reverse("certificates:generate", args=[world.program.pk])
    first, second = client.post(url), client.post(url)
    c = Certificate.objects.get()
    assert first["Location"] == second["Location"] == f"{reverse('certificates:mine')}#c-{c.code}"
    page = client.get(second["Location"]).content.decode()
    assert "You already have a certificate for these 3.08 hours, made on" in page
    assert page.count(c.display_code) >= 1 and Certificate.objects.count() == 1


def test_bulk_issue_hands_out_no_twins_and_tells_nobody_twice(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    hours_for(world)
    mine = issue(world).certificate
    with django_capture_on_commit_callbacks(execute=False):
        batch = actions.check_start_bulk_issue(
            actor=world.coordinator,
            program=world.program,
            period_start=mine.period_start,
            period_end=mine.period_end,
        )
    actions.issue_batch.call(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.issued == batch.total
    # Mina already held the same hours: nothing new for her, and no email.
    assert Certificate.objects.filter(holder=world.member).count() == 1
    assert all(world.member.email not in m.to for m in mailoutbox)


def test_a_second_bulk_click_shows_the_run_under_way(client: Client, world: World) -> None:
    """The first click queued the run; the second finds it and shows its progress."""
    client.force_login(world.coordinator)
    url = reverse("certificates:bulk", args=[world.program.pk])
    data = {"period_start": "2026-09-01", "period_end": "2026-11-18", "notify": "on"}
    first, second = client.post(url, data), client.post(url, data)
    batch = BulkIssue.objects.get()  # one run, not two
    where = reverse("certificates:batch", args=[batch.pk])
    assert first["Location"] == second["Location"] == where
    assert "already being issued for this program" in client.get(where).content.decode()
