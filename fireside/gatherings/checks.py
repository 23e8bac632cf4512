"""Small checks every gatherings module shares: reading typed input (text, zones, durations,
links, times) into clear errors, the length limits, and whether a gathering has started.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from fireside.gatherings.models import (
    Gathering,
)
from fireside.lib.errors import InvalidInput
from fireside.lib.text import UNSTORABLE_HINT, clean_text

TITLE_MAX = 200
TOPIC_MAX = 200
NOTES_MAX = 20_000
IDEAS_MAX = 5000


# --- Checking input -------------------------------------------------------------------

# How each field is named in a sentence; the API's `errors` keep the field's own key.
LABELS = {
    "title": pgettext_lazy("field, with its article", "the title"),
    "location": pgettext_lazy("field, with its article", "the place"),
    "online_url": pgettext_lazy("field, with its article", "the online link"),
    "notes": pgettext_lazy("field, with its article", "the notes"),
    "ideas_next_time": pgettext_lazy("field, with its article", "the ideas for next time"),
    "action_points": pgettext_lazy("field, with its article", "an action point"),
    "topic": pgettext_lazy("field, with its article", "the topic"),
    "details": pgettext_lazy("field, with its article", "the details"),
    "comment": pgettext_lazy("field, with its article", "the comment"),
    "logistics": pgettext_lazy("field, with its article", "logistics"),
    "common_threads": pgettext_lazy("field, with its article", "common threads"),
    "wonderings": pgettext_lazy("field, with its article", "wonderings"),
}


def _label(field: str) -> str:
    return str(LABELS.get(field, field.replace("_", " ")))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")  # month names in the reader's language


def _shown(value: object, limit: int = 40) -> str:
    """Part of what someone sent, quoted in a message: short, on one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: object, field: str, limit: int, *, required: bool = False) -> str:
    name = _sentence(_label(field))
    return clean_text(
        value,
        field,
        limit,
        required=required,
        label=name,
        not_text=_("%(field)s must be written as text.") % {"field": name},
        unstorable=_("%(field)s: the text has a character that is not allowed. %(hint)s")
        % {"field": name, "hint": UNSTORABLE_HINT},
        missing=_("Please fill in %(label)s.") % {"label": _label(field)},
    )


def _zone(name: object) -> ZoneInfo:
    if not isinstance(name, str) or name not in available_timezones():
        raise InvalidInput(
            _(
                "“%(shown)s” is not a time zone we know. Use a name such as America/Vancouver or "
                "Europe/Paris."
            )
            % {"shown": _shown(name)},
            {"timezone": [_("Unknown time zone.")]},
        )
    return ZoneInfo(name)


def _duration(minutes: object) -> int:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 5 <= minutes <= 1440:
        raise InvalidInput(
            _(
                "The length of the gathering (duration) must be a whole number of minutes, from "
                "5 to 1440 (24 hours)."
            ),
            {"duration_minutes": [_("From 5 to 1440.")]},
        )
    return minutes


def _url(value: object) -> str:
    url = _text(value, "online_url", 500)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise InvalidInput(
                _(
                    "The online link must be a full web address that starts with https:// (or "
                    "http://)."
                ),
                {"online_url": [_("Enter a valid web address.")]},
            ) from exc
    return url


def _aware(starts_at: object, zone: ZoneInfo) -> dt.datetime:
    """A naive time is wall-clock time in the gathering's zone; an aware one is an instant."""
    if not isinstance(starts_at, dt.datetime):
        raise InvalidInput(
            _("Please give the date and start time of the gathering."),
            {"starts_at": [_("A date and time.")]},
        )
    if timezone.is_naive(starts_at):
        return starts_at.replace(tzinfo=zone)
    return starts_at.astimezone(zone)


# Larger numbers are no row of ours, and some databases refuse them outright.
ID_MAX = 2**63 - 1


def _started(g: Gathering) -> bool:
    return g.starts_at <= timezone.now()
