"""Text that can be stored: every action that keeps what people type goes through here."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.lib.errors import InvalidInput

# NUL cannot go into a PostgreSQL text column, and a lone surrogate cannot be encoded
# as UTF-8 by any database; both are refused with a clear message rather than a 500.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_HINT = gettext_lazy("Remove the invisible or broken characters.")


def storable(field: str, value: str) -> str:
    """`value` unchanged, or InvalidInput naming `field` when no database could keep it."""
    if UNSTORABLE.search(value):
        raise InvalidInput(
            _("%(field)s: the text has a character that is not allowed. %(hint)s")
            % {"field": field, "hint": UNSTORABLE_HINT},
            {field: [str(UNSTORABLE_HINT)]},
        )
    return value


def clean_text(value: object, field: str, limit: int, *, required: bool = False) -> str:
    """Stripped text of at most `limit` characters; None counts as empty."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(
            _("%(field)s must be text.") % {"field": field}, {field: [_("Must be text.")]}
        )
    value = storable(field, value).strip()
    if required and not value:
        raise InvalidInput(
            _("%(field)s is required.") % {"field": field}, {field: [_("This field is required.")]}
        )
    if len(value) > limit:
        raise InvalidInput(
            _("%(field)s is too long: at most %(limit)d characters.")
            % {"field": field, "limit": limit},
            {field: [_("At most %(limit)d characters.") % {"limit": limit}]},
        )
    return value
