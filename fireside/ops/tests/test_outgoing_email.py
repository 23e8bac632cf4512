"""The outgoing-email queue: written with the change, retried after a failure, never sent twice."""

from __future__ import annotations

import datetime as dt
import io
import smtplib
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import World
from fireside.lib import mail as fireside_mail
from fireside.lib.mail import MAX_ATTEMPTS, deliver, queue_email, send_templated
from fireside.ops.models import OutgoingEmail

FAILURES_LEFT: list[int] = [0]


class FlakyBackend(EmailBackend):
    """The locmem backend, refusing the first FAILURES_LEFT[0] sends like a server that is down."""

    def send_messages(self, messages: Any) -> int:
        if FAILURES_LEFT[0] > 0:
            FAILURES_LEFT[0] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings: Any) -> list[int]:
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FAILURES_LEFT[0] = 0
    return FAILURES_LEFT


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db
def test_it_sends_after_the_commit_once_and_forgets_the_words(
    django_capture_on_commit_callbacks: Any, world: World
) -> None:
    user = world.member
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_templated("promoted", {"user": user, "community": world.community}, user.email)
        assert mail.outbox == []  # nothing leaves before the change commits
    assert len(mail.outbox) == 1
    email = OutgoingEmail.objects.get()
    assert email.status == "sent" and email.attempts == 1 and email.template == "promoted"
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id
    # Once sent, the queue keeps when and how, not what or to whom.
    assert (email.to, email.subject, email.body, email.attachments) == ([], "", "", [])

    assert deliver(email.pk) == "skipped"  # a duplicated task
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_change_that_rolls_back_sends_nothing(
    django_capture_on_commit_callbacks: Any, world: World
) -> None:
    user = world.member
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_templated("promoted", {"user": user, "community": world.community}, user.email)
        raise RuntimeError("the change failed")
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
def test_a_failed_send_is_retried_later_and_sent_exactly_once(
    flaky: list[int], database_queue: None
) -> None:
    flaky[0] = 1
    email = queue_email(subject="Hello", body="A body", to=["a@example.org"], template="t")
    # The task row holds only the email's id, never its words.
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [], "kwargs": {"email_id": email.pk}}

    run_worker()
    email.refresh_from_db()
    assert mail.outbox == []
    assert email.status == "queued" and email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at is not None and email.next_attempt_at > timezone.now()
    run_worker()  # the retry is not due yet
    assert mail.outbox == []

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2), tick=True):
        run_worker()
        assert len(mail.outbox) == 1
        run_worker()
        call_command("send_queued_email", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 2 and email.last_error == ""
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_it_gives_up_after_the_last_attempt(flaky: list[int]) -> None:
    flaky[0] = 100
    email = queue_email(subject="Hello", body="A body", to=["a@example.org"])
    outcomes = []
    for _ in range(MAX_ATTEMPTS + 1):
        OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=None)
        outcomes.append(deliver(email.pk))
    assert outcomes == ["failed"] * (MAX_ATTEMPTS - 1) + ["gave_up", "skipped"]
    email.refresh_from_db()
    assert email.status == "failed" and email.attempts == MAX_ATTEMPTS
    assert email.body == "A body"  # kept for the operator to look into
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_one_email_send_it_once(settings: Any) -> None:
    if connection.vendor == "sqlite":
        settings.DATABASES["default"]["OPTIONS"]["timeout"] = 30
    email = OutgoingEmail.objects.create(to=["a@example.org"], subject="S", body="B")

    def attempt(_: int) -> str:
        try:
            return deliver(email.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = sorted(pool.map(attempt, range(8)))
    assert outcomes == ["sent"] + ["skipped"] * 7
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_attempt_cut_off_mid_send_is_reported_not_repeated(flaky: list[int]) -> None:
    long_ago = timezone.now() - dt.timedelta(hours=1)
    email = OutgoingEmail.objects.create(
        to=["a@example.org"],
        subject="S",
        body="B",
        status="sending",
        attempts=1,
        attempted_at=long_ago,
    )
    out = io.StringIO()
    call_command("send_queued_email", stdout=out)
    assert "1 email(s) were cut off while being sent" in out.getvalue()
    assert mail.outbox == []

    out = io.StringIO()
    call_command("send_queued_email", "--retry-uncertain", stdout=out)
    assert "Sent 1;" in out.getvalue()
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_tasks_queued_by_an_earlier_fireside_still_send(database_queue: None) -> None:
    fireside_mail.send_email.enqueue(subject="Old", body="Queued before", to=["a@example.org"])
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Old"]
    assert OutgoingEmail.objects.get().status == "sent"
