"""When a person is usually free, as a grid: seven days, each in three parts.

Stored on the user as a sorted list of codes such as "tue-evening" (a JSON list: easy to
read in an export, easy to filter on). The free-text `availability` stays beside it as an
optional note for what a grid cannot say.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from fireside.lib.errors import Unprocessable

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "afternoon", "evening")
CODES = tuple(f"{day}-{part}" for day in DAYS for part in PARTS)
_ORDER = {code: n for n, code in enumerate(CODES)}

DAY_NAMES = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)
SHORT_DAY_NAMES = (
    pgettext_lazy("short day name in the availability grid", "Mon"),
    pgettext_lazy("short day name in the availability grid", "Tue"),
    pgettext_lazy("short day name in the availability grid", "Wed"),
    pgettext_lazy("short day name in the availability grid", "Thu"),
    pgettext_lazy("short day name in the availability grid", "Fri"),
    pgettext_lazy("short day name in the availability grid", "Sat"),
    pgettext_lazy("short day name in the availability grid", "Sun"),
)
PART_NAMES = (
    pgettext_lazy("part of the day", "Morning"),
    pgettext_lazy("part of the day", "Afternoon"),
    pgettext_lazy("part of the day", "Evening"),
)


def slot_label(day: int, part: int) -> str:
    """'Tuesday evening': what one checkbox of the grid says to a screen reader."""
    return capfirst(
        _("%(day)s %(part)s") % {"day": DAY_NAMES[day], "part": str(PART_NAMES[part]).lower()}
    )


def clean_slots(value: object) -> list[str]:
    """The codes in grid order, each once; 422 for anything that is not a known code."""
    if not isinstance(value, list | tuple) or not all(isinstance(c, str) for c in value):
        raise Unprocessable(
            _("availability_slots must be a list of codes such as “tue-evening”."),
            {"availability_slots": [_("Choose times from the grid.")]},
        )
    unknown = sorted({c for c in value if c not in _ORDER})
    if unknown:
        raise Unprocessable(
            _("Unknown availability codes: %(codes)s. Use a day (%(days)s) and a part (%(parts)s).")
            % {
                "codes": ", ".join(unknown[:5]),
                "days": ", ".join(DAYS),
                "parts": ", ".join(PARTS),
            },
            {"availability_slots": [_("Choose times from the grid.")]},
        )
    return sorted(set(value), key=_ORDER.__getitem__)


def as_slots(codes: Iterable[object]) -> frozenset[tuple[int, str]]:
    """(weekday 0–6, part) pairs for the matching; codes it does not know are skipped."""
    slots = set()
    for code in codes:
        if isinstance(code, str) and code in _ORDER:
            day, part = code.split("-")
            slots.add((DAYS.index(day), part))
    return frozenset(slots)
