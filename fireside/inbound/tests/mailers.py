"""Raw replies as mail clients write them, and the command that takes them in."""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from django.core import mail
from django.core.management import call_command

QUOTED_EN = """
On Mon, Dec 7, 2026 at 10:02 AM Fireside <fireside@localhost> wrote:
> Mina Member replied to "Night shifts"
> http://testserver/conversations/threads/1
"""
QUOTED_FR = """
Le lun. 7 déc. 2026 à 10 h 02, Fireside <fireside@localhost> a écrit :
> Mina Member a répondu à « Quarts de nuit »
"""
QUOTED_OUTLOOK = """
________________________________
From: Fireside <fireside@localhost>
Sent: Monday, December 7, 2026 10:02 AM
To: Fay Facilitator <facilitator@example.org>
Subject: Mina Member replied to "Night shifts"

Mina Member replied to "Night shifts"
"""
SIGNATURE = "\n-- \nFay Facilitator\nRiverside Family Centre\n"


def reply_email(
    *,
    to: str,
    sender: str,
    text: str | None = None,
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachment: bytes | None = None,
    files: tuple[tuple[str, bytes, str], ...] = (),
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Re: news from Fireside"
    message["Date"] = formatdate()
    message["Message-ID"] = make_msgid(domain="mail.example.net")
    for name, value in (headers or {}).items():
        message[name] = value
    if text is not None:
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    if attachment is not None:
        message.add_attachment(
            attachment, maintype="application", subtype="octet-stream", filename="big.bin"
        )
    for filename, content, mime in files:  # as a mail client attaches a file
        maintype, subtype = mime.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def feed(raw: bytes, capture: Any, **options: Any) -> str:
    """`manage.py receive_email` with the raw message on its standard input; what it printed.
    The emails it queued are then sent (as the worker would)."""
    out = io.StringIO()
    with capture(execute=True):
        call_command("receive_email", stdin=io.BytesIO(raw), stdout=out, **options)
    return out.getvalue().strip()


def bounces(to: str) -> list[Any]:
    """The bounces sent to `to` (in English or in French)."""
    subjects = ("Your email was not posted", "Votre courriel n’a pas été publié")
    return [m for m in mail.outbox if m.to == [to] and m.subject in subjects]


def reply_to_of(message: Any) -> str:
    """The Reply-To of a sent email, read from the real message as a mail client would."""
    return str(message.message()["Reply-To"])
