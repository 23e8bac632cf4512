"""Email goes out through a queue written with the change that caused it, and sent (once) by
the background worker; see fireside.ops.models.OutgoingEmail for the guarantees. The ops app
registers that model here when Django starts (fireside/ops/apps.py): lib sits below every app
and imports none of them (docs/architecture.md)."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends
from django_tasks_db import DatabaseBackend

from fireside.lib.i18n import speaking_to

logger = logging.getLogger(__name__)


# Attempts per email, and the wait before each retry: about a day in all, so a mail server
# down for the night does not lose anything.
MAX_ATTEMPTS = 6
RETRY_AFTER = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=8),
]

_outbox: Any = None


def register_outbox(model: Any) -> None:
    """Called once by fireside.ops: the model queued email is stored in (OutgoingEmail)."""
    global _outbox
    _outbox = model


def outbox() -> Any:
    if _outbox is None:
        raise ImproperlyConfigured("Sending email needs fireside.ops in INSTALLED_APPS.")
    return _outbox


def queue_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    attachments: list[dict[str, str]] | None = None,
    template: str = "",
    with_the_change: bool = True,
    reply_to: str = "",
) -> Any:
    """Write the email to the outgoing queue (fireside.ops.models.OutgoingEmail) as part of
    the current transaction, and have the worker send it. attachments: [{"filename",
    "content", "mimetype"}], text only (e.g. an .ics file). with_the_change=False is for an
    email that reports no change (a password-reset link): an in-process task backend then
    sends it without waiting for the surrounding transaction. reply_to: the address an
    answer goes to (a person's reply address, fireside.inbound.addresses)."""
    OutgoingEmail = outbox()  # noqa: N806

    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            template=template,
            to=list(to),
            subject=subject,
            body=body,
            html=html,
            attachments=attachments or [],
            reply_to=reply_to,
        )
        if with_the_change or _queue_is_transactional():
            _schedule_delivery(email.pk)
    if not with_the_change and not _queue_is_transactional():
        deliver_email.enqueue(email_id=email.pk)  # outside any transaction of ours
    return email


def _queue_is_transactional() -> bool:
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def _schedule_delivery(email_id: int, when: dt.datetime | None = None) -> None:
    """The database queue writes its task row in this same transaction: the email and the
    task to send it commit together or not at all. Other backends run tasks elsewhere or at
    once, so they are handed the task only after the commit."""
    if _queue_is_transactional():
        task = deliver_email.using(run_after=when) if when else deliver_email
        task.enqueue(email_id=email_id)
    elif when is None:
        transaction.on_commit(partial(deliver_email.enqueue, email_id=email_id))
    # A backend that cannot wait leaves a retry to `manage.py send_queued_email`.


@task()
def deliver_email(*, email_id: int) -> str:
    return deliver(email_id)


def deliver(email_id: int) -> str:
    """Send one queued email at most once. Returns what happened: sent, failed (to be
    retried), gave_up, or skipped (already sent, being sent, given up, or gone)."""
    OutgoingEmail = outbox()  # noqa: N806

    Status = OutgoingEmail.Status  # noqa: N806
    now = timezone.now()
    # The claim: one UPDATE that only succeeds on a queued row, so two workers (or a
    # duplicated task) can never both send it.
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=Status.QUEUED).update(
        status=Status.SENDING, attempts=F("attempts") + 1, attempted_at=now
    )
    if not claimed:
        return "skipped"
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        to=email.to,
        from_email=settings.DEFAULT_FROM_EMAIL,
        headers={"Message-ID": email.message_id},
        reply_to=[email.reply_to] if email.reply_to else None,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for item in email.attachments:
        message.attach(item["filename"], item["content"], item["mimetype"])
    try:
        message.send()
    except Exception as exc:  # any failure to hand it over: try again later
        return _attempt_failed(email, exc)
    OutgoingEmail.objects.filter(pk=email_id, status=Status.SENDING).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
        to=[],
        subject="",
        body="",
        html="",
        attachments=[],
        reply_to="",
    )
    return "sent"


def _attempt_failed(email: Any, exc: Exception) -> str:
    OutgoingEmail = outbox()  # noqa: N806

    error = f"{type(exc).__name__}: {exc}"[:500]
    with transaction.atomic():
        if email.attempts >= MAX_ATTEMPTS:
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=OutgoingEmail.Status.FAILED, last_error=error, next_attempt_at=None
            )
            logger.error(
                "Gave up on email #%s after %s attempts: %s", email.pk, email.attempts, error
            )
            return "gave_up"
        when = timezone.now() + RETRY_AFTER[min(email.attempts, len(RETRY_AFTER)) - 1]
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.QUEUED, last_error=error, next_attempt_at=when
        )
        _schedule_delivery(email.pk, when)
    logger.warning(
        "Email #%s failed (attempt %s), retrying at %s: %s", email.pk, email.attempts, when, error
    )
    return "failed"


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    attachments: list[dict[str, str]] | None = None,
) -> None:
    """Kept so that tasks queued by an earlier Fireside still run: into the queue above."""
    queue_email(subject=subject, body=body, to=to, html=html, attachments=attachments)


def render_plain(name: str, context: dict[str, Any]) -> str:
    """Render a plain-text template: no HTML escaping, so "Directors' Table" stays as is."""
    template = get_template(name).template  # type: ignore[attr-defined]
    rendered: str = template.render(Context(context, autoescape=False))
    return rendered


def recipient_for(to: str, context: dict[str, Any]) -> Any:
    """The person an address belongs to: the context's `user` when it is them, else looked up."""
    user = context.get("user")
    if user is not None and (getattr(user, "email", "") or "").lower() == to.lower():
        return user
    return get_user_model().objects.filter(email__iexact=to).only("language", "timezone").first()


def send_templated(
    template: str,
    context: dict[str, Any],
    to: str,
    attachments: list[dict[str, str]] | None = None,
    recipient: Any = None,
    reply_to: str = "",
) -> None:
    """Render emails/<template>.subject.txt and .txt (and .html, when the template has one) in
    the recipient's language and time zone, then queue it with the current transaction.
    `recipient`: the person the address belongs to when no account has it yet (a new address
    waiting to be confirmed). reply_to: where an answer goes (the template is told, as
    `reply_by_email`, to say so)."""
    context = {"site_url": settings.SITE_URL, "reply_by_email": bool(reply_to), **context}
    program = program_of(context)
    if program is not None and getattr(program, "has_contact", False):
        context["help_program"] = program  # the footer of _base.html and _help_footer.txt
    with speaking_to(recipient or recipient_for(to, context)):
        subject = " ".join(render_plain(f"emails/{template}.subject.txt", context).split())
        body = render_plain(f"emails/{template}.txt", context)
        if "help_program" in context:
            footer = render_plain("emails/_help_footer.txt", context).strip()
            body = f"{body.rstrip()}\n\n-- \n{footer}\n"
        html = _render_html(f"emails/{template}.html", context)
    queue_email(
        subject=subject,
        body=body,
        html=html,
        to=[to],
        attachments=attachments,
        template=template,
        reply_to=reply_to,
    )


def program_of(context: dict[str, Any]) -> Any:
    """The program an email is about: the context's `program`, else its community's (or its
    gathering's community's). None for an email about no program (a password reset)."""
    if context.get("program") is not None:
        return context["program"]
    community = context.get("community")
    if community is None and context.get("gathering") is not None:
        community = getattr(context["gathering"], "community", None)
    return getattr(community, "program", None)


def _render_html(name: str, context: dict[str, Any]) -> str:
    """The HTML alternative, escaped as a web page is; "" for an email that has none."""
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return ""
    return template.render(context)
