"""Text that can be stored: every action that keeps what people type goes through here."""

from __future__ import annotations

import re

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.lib.errors import InvalidInput

# NUL cannot go into a PostgreSQL text column, and a lone surrogate cannot be encoded
# as UTF-8 by any database; both are refused with a clear message rather than a 500.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_HINT = gettext_lazy("Remove the invisible or broken characters.")


def storable(field: str, value: str, message: str | None = None) -> str:
    """`value` unchanged, or InvalidInput naming `field` when no database could keep it."""
    if UNSTORABLE.search(value):
        raise InvalidInput(
            message
            or _("%(field)s: the text has a character that is not allowed. %(hint)s")
            % {"field": field, "hint": UNSTORABLE_HINT},
            {field: [str(UNSTORABLE_HINT)]},
        )
    return value


def clean_text(
    value: object,
    field: str,
    limit: int | None,
    *,
    required: bool = False,
    label: str | None = None,
    not_text: str | None = None,
    unstorable: str | None = None,
    missing: str | None = None,
) -> str:
    """Stripped text of at most `limit` characters (None: the column has no limit); None counts
    as empty. The one text check:
    every refusal carries the same per-field error; an app may word the summary its own way
    (`not_text`, `unstorable`, `missing`, and `label` for the length refusal)."""
    if value is None:
        value = ""
    if isinstance(value, Promise):  # a lazily translated default, such as a group's agreement
        value = str(value)
    if not isinstance(value, str):
        raise InvalidInput(
            not_text or _("%(field)s must be text.") % {"field": field},
            {field: [_("Must be text.")]},
        )
    value = storable(field, value, unstorable).strip()
    if required and not value:
        raise InvalidInput(
            missing or _("%(field)s is required.") % {"field": field},
            {field: [_("This field is required.")]},
        )
    return value if limit is None else within_limit(field, value, limit, label)


def count(n: int) -> str:
    """A number of characters as the reader writes it: 20,000 in English, 20 000 in French."""
    return number_format(n, force_grouping=True)


def length_message(length: int, limit: int) -> str:
    """What a field over its limit says under itself."""
    return _("%(length)s characters; the limit is %(limit)s. Shorten it and send it again.") % {
        "length": count(length),
        "limit": count(limit),
    }


def too_long(field: str, length: int, limit: int, label: str | None = None) -> InvalidInput:
    """The one refusal for text over its limit: it names the limit and the current length, so
    nothing is ever cut to fit (a silent cut loses what the person wrote)."""
    return InvalidInput(
        _(
            "%(field)s is %(length)s characters; the limit is %(limit)s. "
            "Shorten it and send it again."
        )
        % {"field": label or field, "length": count(length), "limit": count(limit)},
        {field: [length_message(length, limit)]},
    )


def within_limit(field: str, value: str, limit: int, label: str | None = None) -> str:
    """`value` unchanged, or the refusal naming its length and the limit."""
    if len(value) > limit:
        raise too_long(field, len(value), limit, label)
    return value


def one_full_stop(sentence: str) -> str:
    """A sentence that ends with an abbreviation ("… at 4:22 p.m." + ".") ends with one full
    stop, not two; an ellipsis is left as it is."""
    if sentence.endswith("..") and not sentence.endswith("..."):
        return sentence[:-1]
    return sentence
