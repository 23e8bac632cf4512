"""Turn the free-text availability people wrote into the grid, where it can be read.

Migrations are history: this keeps its own frozen copy of the English-only reader that the
matching used before the grid (fireside/mentoring/matching.py until December 2026), so it
runs the same way forever. Text it cannot read leaves the grid empty for the person to fill
in; the text itself stays, as their note. The reader knew a fourth part of the day,
"lunchtime" (noon to 1 pm): the grid has three, so lunchtime counts as afternoon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import migrations

PARTS = ("morning", "lunchtime", "afternoon", "evening")
Slot = tuple[int, str]
ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
ALL_SLOTS = frozenset((d, p) for d in range(7) for p in PARTS)

_DAY_WORDS = {
    **dict.fromkeys(("monday", "mondays", "mon"), 0),
    **dict.fromkeys(("tuesday", "tuesdays", "tue", "tues"), 1),
    **dict.fromkeys(("wednesday", "wednesdays", "wed", "weds"), 2),
    **dict.fromkeys(("thursday", "thursdays", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("friday", "fridays", "fri"), 4),
    **dict.fromkeys(("saturday", "saturdays", "sat"), 5),
    **dict.fromkeys(("sunday", "sundays", "sun"), 6),
}
_DAY_GROUPS = {
    **dict.fromkeys(("weekday", "weekdays", "weeknight", "weeknights"), WEEKDAYS),
    **dict.fromkeys(("weekend", "weekends"), WEEKEND),
}
_PART_WORDS = {
    **dict.fromkeys(("morning", "mornings", "breakfast"), "morning"),
    **dict.fromkeys(("lunch", "lunches", "lunchtime", "lunchtimes", "noon", "midday"), "lunchtime"),
    **dict.fromkeys(("afternoon", "afternoons"), "afternoon"),
    **dict.fromkeys(
        ("evening", "evenings", "night", "nights", "weeknight", "weeknights", "dinner"),
        "evening",
    ),
}
_ANY_WORDS = {"anytime", "flexible", "whenever"}
_RANGE_WORDS = {"to", "through", "thru", "till", "until", "-"}
_NEGATIONS = {"not", "except", "excluding", "never"}
# Words that neither say a time nor end a "not …" list.
_LINKS = {"and", "or", "on", "in", "the", "&", "available", "free", "usually", "some"}
_AFTER_WORK = {"work", "school", "dinner", "supper", "shift", "daycare", "class"}
_TOKEN = re.compile(r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|[a-z]+|-|&")
_CLAUSE = re.compile(r"([,;/]|\bor\b|\bnor\b|\bbut\b)")


def _hour(token: str, role: str, start: int | None = None) -> int | None:
    """An hour 0–23 from "6", "5:30", "9am", "4 pm"; the bare numbers people write read as
    the times they mean (after 6 → 18:00, 9–4 → 9:00 to 16:00)."""
    match = re.match(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", token)
    if not match:
        return None
    hour = int(match.group(1))
    suffix = (match.group(3) or "").replace(".", "")
    if hour > 23:
        return None
    if suffix == "pm" and hour < 12:
        return hour + 12
    if suffix == "am":
        return 0 if hour == 12 else hour
    if hour > 12:
        return hour
    if role == "end" and start is not None:
        return hour if hour > start else hour + 12 if hour + 12 > start else None
    if role == "after":
        return hour + 12 if 1 <= hour <= 11 else hour
    if role == "before":
        return hour if hour >= 6 else hour + 12
    return hour if hour >= 7 else hour + 12  # a range starting at 9 is 9 am, at 2 is 2 pm


def _parts_between(start: int, end: int) -> set[str]:
    parts: set[str] = set()
    for hour in range(max(start, 5), min(end, 24)):
        if hour < 12:
            parts.add("morning")
        elif hour < 13:
            parts.add("lunchtime")
        elif hour < 17:
            parts.add("afternoon")
        else:
            parts.add("evening")
    return parts


@dataclass
class _Clause:
    """Reads one clause ("weekday evenings after 6") token by token. Each rule says how
    many tokens it used (0: not its kind of token)."""

    tokens: list[str]
    excluded: set[int]  # "not Fridays" holds for the whole text
    days: set[int] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)
    anytime: bool = False
    negating: bool = False

    def at(self, i: int) -> str:
        return self.tokens[i] if i < len(self.tokens) else ""

    def read(self) -> _Clause:
        rules = (self._negation, self._days, self._part, self._any, self._after, self._clock)
        i = 0
        while i < len(self.tokens):
            used = next((n for rule in rules if (n := rule(i))), 0)
            if not used and self.at(i) not in _LINKS:
                self.negating = False
            i += used or 1
        return self

    def _add_days(self, days: Iterable[int]) -> None:
        (self.excluded if self.negating else self.days).update(days)

    def _negation(self, i: int) -> int:
        if self.at(i) in _NEGATIONS:
            self.negating = True
            return 1
        return 0

    def _days(self, i: int) -> int:
        tok = self.at(i)
        if tok in _DAY_GROUPS:
            self._add_days(_DAY_GROUPS[tok])
            if tok.startswith("weeknight") and not self.negating:
                self.parts.add("evening")
            return 1
        if tok not in _DAY_WORDS:
            return 0
        first = _DAY_WORDS[tok]
        if self.at(i + 1) in _RANGE_WORDS and self.at(i + 2) in _DAY_WORDS:
            last = _DAY_WORDS[self.at(i + 2)]
            self._add_days((first + k) % 7 for k in range((last - first) % 7 + 1))
            return 3
        self._add_days([first])
        return 1

    def _part(self, i: int) -> int:
        if self.at(i) in _PART_WORDS:
            self.parts.add(_PART_WORDS[self.at(i)])
            self.negating = False
            return 1
        return 0

    def _any(self, i: int) -> int:
        tok, nxt = self.at(i), self.at(i + 1)
        if tok in _ANY_WORDS or (tok == "any" and nxt in {"time", "times"}):
            self.anytime = True
            return 1
        if tok == "any" and nxt in {"day", "days"}:
            self.days.update(ALL_DAYS)
            return 2
        return 0

    def _after(self, i: int) -> int:
        """'after work', 'after 5:30', 'before 10', 'from 9 to 11'."""
        tok, nxt = self.at(i), self.at(i + 1)
        if tok in {"after", "from"} and nxt in _AFTER_WORK:
            self.parts.add("evening")
            return 2
        if tok not in {"after", "from", "before"} or not nxt[:1].isdigit():
            return 0
        hour = _hour(nxt, {"after": "after", "from": "start", "before": "before"}[tok])
        if hour is None:
            return 2
        start, end = (6, hour) if tok == "before" else (hour, 24)
        close = _hour(self.at(i + 3), "end", hour) if self.at(i + 2) in _RANGE_WORDS else None
        if tok == "from" and close is not None:
            self.parts |= _parts_between(start, close)
            return 4
        self.parts |= _parts_between(start, end)
        return 2

    def _clock(self, i: int) -> int:
        """'9–4', '12-1', '9am-4pm'."""
        start = _hour(self.at(i), "start") if self.at(i)[:1].isdigit() else None
        if start is None or self.at(i + 1) not in _RANGE_WORDS:
            return 0
        end = _hour(self.at(i + 2), "end", start) if self.at(i + 2)[:1].isdigit() else None
        if end is None:
            return 0
        self.parts |= _parts_between(start, end)
        return 3


def parse_availability(text: str) -> frozenset[Slot] | None:
    """The (weekday, part of day) slots a person says they are free, or None when the text
    says nothing we can read. Days without a time mean the whole day; times without a day
    mean every day; "Saturday mornings or evenings" keeps Saturday for the evenings."""
    lowered = (text or "").lower().replace("–", "-").replace("—", "-")
    excluded: set[int] = set()
    slots: set[Slot] = set()
    anytime = False
    said_something = False
    previous_days: set[int] = set()
    pieces = _CLAUSE.split(lowered)  # clauses, with the separators between them
    negating = False
    for raw, separator in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        tokens = _TOKEN.findall(raw)
        tokens = [t.replace(" ", "") if t[:1].isdigit() else t for t in tokens]
        clause = _Clause(tokens, excluded, negating=negating).read()
        negating = clause.negating and separator.strip() in {"or", "nor"}  # "not Fri or Sat"
        anytime |= clause.anytime
        if not clause.days and not clause.parts:
            continue
        said_something = True
        days = clause.days or previous_days or set(ALL_DAYS)
        parts = clause.parts or set(PARTS)
        slots.update((d, p) for d in days for p in parts)
        previous_days = clause.days or previous_days
    if anytime:
        slots |= ALL_SLOTS
        said_something = True
    if not said_something and excluded:
        slots = set(ALL_SLOTS)
        said_something = True
    if not said_something:
        return None
    return frozenset((d, p) for d, p in slots if d not in excluded)


GRID_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GRID_PARTS = ("morning", "afternoon", "evening")
# The grid has no lunchtime: noon to 1 pm is closest to the afternoon.
TO_GRID_PART = {"morning": "morning", "lunchtime": "afternoon", "afternoon": "afternoon", "evening": "evening"}


def grid_codes(text: str) -> list[str]:
    slots = parse_availability(text)
    if not slots:
        return []
    wanted = {(day, TO_GRID_PART[part]) for day, part in slots}
    return [
        f"{GRID_DAYS[day]}-{part}"
        for day in range(7)
        for part in GRID_PARTS
        if (day, part) in wanted
    ]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    User = apps.get_model("accounts", "User")
    people = User.objects.exclude(availability="").only("pk", "availability", "availability_slots")
    changed = []
    for user in people.iterator():
        codes = [] if user.availability_slots else grid_codes(user.availability)
        if codes:
            user.availability_slots = codes
            changed.append(user)
    User.objects.bulk_update(changed, ["availability_slots"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_user_availability_grid")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
