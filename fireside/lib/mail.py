"""Email goes out as background tasks, after the transaction that caused it commits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django_tasks import task


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    attachments: list[dict[str, str]] | None = None,
) -> None:
    """attachments: [{"filename", "content", "mimetype"}], text only (e.g. an .ics file)."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=to, from_email=settings.DEFAULT_FROM_EMAIL
    )
    if html:
        message.attach_alternative(html, "text/html")
    for item in attachments or []:
        message.attach(item["filename"], item["content"], item["mimetype"])
    message.send()


def render_plain(name: str, context: dict[str, Any]) -> str:
    """Render a plain-text template: no HTML escaping, so "Directors' Table" stays as is."""
    return get_template(name).template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def send_templated(
    template: str,
    context: dict[str, Any],
    to: str,
    attachments: list[dict[str, str]] | None = None,
) -> None:
    """Render emails/<template>.subject.txt and .txt, then queue once the transaction commits."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_plain(f"emails/{template}.subject.txt", context).split())
    body = render_plain(f"emails/{template}.txt", context)
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, to=[to], attachments=attachments)
    )
