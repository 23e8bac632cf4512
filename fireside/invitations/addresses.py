"""Addresses pasted into a box: one or many, as people copy them from their mail."""

from __future__ import annotations

import re
from email.utils import parseaddr

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from fireside.lib.errors import InvalidInput
from fireside.lib.text import storable

EMAIL_MAX = 254


def clean_email(email: object) -> str:
    """The address lower-cased, or InvalidInput."""
    value = storable("email", email if isinstance(email, str) else "").strip().lower()
    try:
        validate_email(value)
    except ValidationError:
        value = ""
    if not value or len(value) > EMAIL_MAX:
        raise InvalidInput(
            _("Enter a valid email address, like name@example.org."),
            {"email": [_("Enter a valid email address.")]},
        )
    return value


BATCH_MAX = 200
SEPARATORS = re.compile(r"[,;\n\r]+")


def parse_addresses(text: object) -> tuple[list[tuple[str, str]], list[str]]:
    """Pasted addresses, separated by commas, semicolons, new lines or spaces; "Name
    <address>" too. Returns ([(name, address)], [what is not an address]), each address
    once, in the order given."""
    if not isinstance(text, str):
        raise InvalidInput(_("emails must be text."), {"emails": [_("Must be text.")]})
    storable("emails", text)
    found: dict[str, str] = {}
    bad: list[str] = []
    for piece in SEPARATORS.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if "<" in piece or ">" in piece:
            name, address = parseaddr(piece)
            entries = [(name.strip().strip('"'), address)] if address else [("", piece)]
        else:
            entries = [("", word) for word in piece.split()]
        for name, address in entries:
            try:
                email = clean_email(address)
            except InvalidInput:
                bad.append(address or piece)
                continue
            found.setdefault(email, name)
    return [(name, email) for email, name in found.items()], bad
