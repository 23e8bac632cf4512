"""What counts as hours, and how it is added up: the sources, minutes and hours, periods and
tallies, shared by one person's ledger (ledger.py) and the totals of a program or a group
(totals.py).

What counts (api-v1.md, "Hours and certificates"):
- gatherings: the minutes a facilitator recorded for someone present;
- connections: the minutes of every connection logged by either member of a pair that counts
  (confirmed by the partner, settled as counting, or undisputed 7 days after it was logged:
  fireside/mentoring/models.py, counting_q), credited to each member of the pair; the others
  are shown apart as pending and count in nothing;
- reflections: the program's `reflection_credit_minutes` for each reflection (there is one
  per person and month, so editing a reflection never counts it twice);
- online conversations: the minutes a member recorded for their group's online conversations
  in a month (one entry per group and month), up to the program's
  `online_conversation_cap_minutes`;
- preparation and debrief: the minutes a facilitator recorded for a gathering they held (one
  entry per gathering), up to the program's `facilitation_cap_minutes`.

The two recorded kinds (fireside/hours/models.py) count up to the program's cap as it is now:
a cap lowered later, or set to 0 ("not counted"), applies to what was recorded before.

Nothing depends on being a member today: someone who left keeps what they earned while they
were in. Months are the program's own (its time zone).

Minutes are whole numbers and add up exactly; hours are Decimals rounded once, half up, to two
places, from the minutes of what is shown (a total from its total minutes). The ledger page,
the API, the certificate and its verification page all print these same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from fireside.programs.models import Program

CENT = Decimal("0.01")
GATHERINGS, CONNECTIONS, REFLECTIONS = "gatherings", "connections", "reflections"
ONLINE, PREPARATION = "online_conversations", "preparation"
SOURCES = (GATHERINGS, CONNECTIONS, REFLECTIONS, ONLINE, PREPARATION)


def hours(minutes: int) -> Decimal:
    """Minutes as hours with two places: 90 → 1.50, 20 → 0.33, 50 → 0.83."""
    return (Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def month_key(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def today_in(program: Program) -> dt.date:
    return timezone.localdate(timezone=ZoneInfo(program.timezone))


@dataclass(frozen=True)
class Period:
    """Dates, both included, in the program's time zone; None is open-ended."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValueError("A period ends on or after it starts.")

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None

    def gathering_filter(self, tz: ZoneInfo, prefix: str = "gathering__") -> Q:
        q = Q()
        if self.start:
            q &= Q(**{f"{prefix}starts_at__gte": dt.datetime.combine(self.start, dt.time(), tz)})
        if self.end:
            after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tz)
            q &= Q(**{f"{prefix}starts_at__lt": after})
        return q

    def day_filter(self, name: str) -> Q:
        q = Q()
        if self.start:
            q &= Q(**{f"{name}__gte": self.start})
        if self.end:
            q &= Q(**{f"{name}__lte": self.end})
        return q

    def month_filter(self, name: str) -> Q:
        """A reflection counts in a period that overlaps its month."""
        q = Q()
        if self.start:
            q &= Q(**{f"{name}__gte": self.start.replace(day=1)})
        if self.end:
            q &= Q(**{f"{name}__lte": self.end})
        return q


@dataclass
class Tally:
    """Minutes by source."""

    gatherings: int = 0
    connections: int = 0
    reflections: int = 0
    online_conversations: int = 0
    preparation: int = 0

    def add(self, source: str, minutes: int) -> None:
        setattr(self, source, getattr(self, source) + minutes)

    @property
    def minutes(self) -> int:
        return sum(getattr(self, source) for source in SOURCES)

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    def hours_of(self, source: str) -> Decimal:
        return hours(getattr(self, source))

    def by_source(self) -> dict[str, Decimal]:
        return {source: self.hours_of(source) for source in SOURCES}

    @property
    def gathering_hours(self) -> Decimal:
        return self.hours_of(GATHERINGS)

    @property
    def connection_hours(self) -> Decimal:
        return self.hours_of(CONNECTIONS)

    @property
    def reflection_hours(self) -> Decimal:
        return self.hours_of(REFLECTIONS)

    @property
    def online_hours(self) -> Decimal:
        return self.hours_of(ONLINE)

    @property
    def preparation_hours(self) -> Decimal:
        return self.hours_of(PREPARATION)


def month_of_start(starts_at: dt.datetime, tz: ZoneInfo) -> dt.date:
    return starts_at.astimezone(tz).date()


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of each month from `first`'s to `last`'s, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def counted_minutes(program: Program, kind: str, minutes: int) -> int:
    """Recorded minutes as they count: up to the program's cap for their kind, now."""
    from fireside.hours.models import TimeEntry

    cap = (
        program.online_conversation_cap_minutes
        if kind == TimeEntry.Kind.ONLINE
        else program.facilitation_cap_minutes
    )
    return max(0, min(minutes, cap))
