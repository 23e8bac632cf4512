"""Text that can be stored: every action that keeps what people type goes through here."""

from __future__ import annotations

import re

from fireside.lib.errors import InvalidInput

# NUL cannot go into a PostgreSQL text column, and a lone surrogate cannot be encoded
# as UTF-8 by any database; both are refused with a clear message rather than a 500.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_HINT = "Remove the invisible or broken characters."


def storable(field: str, value: str) -> str:
    """`value` unchanged, or InvalidInput naming `field` when no database could keep it."""
    if UNSTORABLE.search(value):
        raise InvalidInput(
            f"{field}: the text has a character that is not allowed. {UNSTORABLE_HINT}",
            {field: [UNSTORABLE_HINT]},
        )
    return value


def clean_text(value: object, field: str, limit: int, *, required: bool = False) -> str:
    """Stripped text of at most `limit` characters; None counts as empty."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text.", {field: ["Must be text."]})
    value = storable(field, value).strip()
    if required and not value:
        raise InvalidInput(f"{field} is required.", {field: ["This field is required."]})
    if len(value) > limit:
        raise InvalidInput(
            f"{field} is too long: at most {limit} characters.", {field: [f"At most {limit}."]}
        )
    return value
