"""The hours ledger: someone's hours in a program, computed when asked from what is already
recorded. Nothing is stored here, so a correction (attendance fixed by a facilitator, a
connection removed) shows the moment it is made; the history of corrections is the audit
trail's `gatherings.attendance_corrected` events.

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

Both readers here make a fixed number of queries, however much there is to count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.gatherings.models import Attendance, Gathering
from fireside.mentoring.models import Connection, Format, PairMember, Reflection, Review
from fireside.programs.models import Program

CENT = Decimal("0.01")
GATHERINGS, CONNECTIONS, REFLECTIONS = "gatherings", "connections", "reflections"
ONLINE, PREPARATION = "online_conversations", "preparation"
SOURCES = (GATHERINGS, CONNECTIONS, REFLECTIONS, ONLINE, PREPARATION)
CORRECTED = "gatherings.attendance_corrected"


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


@dataclass(frozen=True)
class Entry:
    """One thing that produced hours, with a link to it while the person can still open it."""

    source: str
    on: dt.date
    minutes: int
    title: str
    where: str
    url: str = ""
    review: str = ""  # a connection's: fireside.mentoring.models.Review

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    @property
    def review_label(self) -> str:
        return str(Review(self.review).label) if self.review else ""

    @property
    def minutes_spoken(self) -> str:
        """The minutes in words ("90 minutes"), for the ledger page: a plural worded in its
        template, once per entry, took a third of a long ledger's rendering time."""
        return ngettext("%(n)s minute", "%(n)s minutes", self.minutes) % {"n": self.minutes}


@dataclass(frozen=True)
class Correction:
    at: dt.datetime
    by: str
    gathering: str
    on: dt.date
    was_minutes: int
    now_minutes: int
    url: str = ""

    @property
    def was_hours(self) -> Decimal:
        return hours(self.was_minutes)

    @property
    def now_hours(self) -> Decimal:
        return hours(self.now_minutes)


@dataclass
class Month:
    month: dt.date
    tally: Tally
    target: Decimal
    entries: list[Entry] = field(default_factory=list)

    @property
    def key(self) -> str:
        return month_key(self.month)

    @property
    def hours(self) -> Decimal:
        return self.tally.hours

    @property
    def reached(self) -> bool:
        return bool(self.target) and self.hours >= self.target

    @property
    def shown_value(self) -> Decimal:
        """What the progress bar shows: full once the target is met."""
        return min(self.hours, self.target)


@dataclass
class Ledger:
    program: Program
    tally: Tally
    counts: dict[str, int]
    months: list[Month]  # oldest first
    corrections: list[Correction]
    first_on: dt.date | None
    last_on: dt.date | None
    # Connections that do not count (yet): waiting for the partner, or disputed.
    pending: list[Entry] = field(default_factory=list)

    @property
    def pending_minutes(self) -> int:
        return sum(e.minutes for e in self.pending)

    @property
    def pending_hours(self) -> Decimal:
        return hours(self.pending_minutes)

    @property
    def total_hours(self) -> Decimal:
        return self.tally.hours

    @property
    def target(self) -> Decimal:
        return Decimal(self.program.monthly_hours_target).quantize(CENT)

    @property
    def entries(self) -> list[Entry]:
        return [e for m in reversed(self.months) for e in m.entries]

    @property
    def newest_first(self) -> list[Month]:
        return list(reversed(self.months))

    def by_month(self) -> dict[str, Decimal]:
        return {m.key: m.hours for m in self.months}

    @property
    def is_empty(self) -> bool:
        return not self.tally.minutes


def _month_of_start(starts_at: dt.datetime, tz: ZoneInfo) -> dt.date:
    return starts_at.astimezone(tz).date()


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def _linker(view: str) -> Callable[[int], str]:
    """The URL of `view` for an id, reversed once: a long ledger links every entry, and a
    reverse() each was a tenth of the page's time."""
    marker = "2147483647"
    before, found, after = reverse(view, args=[int(marker)]).partition(marker)
    if not found:  # an id not in the path as it is: reverse each
        return lambda pk: reverse(view, args=[pk])
    return lambda pk: f"{before}{pk}{after}"


def _partners(pairing_ids: Iterable[int], user: User) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for member in (
        PairMember.objects.filter(pairing_id__in=set(pairing_ids))
        .exclude(user=user)
        .select_related("user")
        .order_by("user__name", "pk")
    ):
        names.setdefault(member.pairing_id, []).append(member.user.display_name)
    return names


def _joined(names: list[str]) -> str:
    if len(names) <= 1:
        return names[0] if names else _("someone who left")
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def memberships_in(user: Any, program: Program) -> list[Membership]:
    """The person's places in the program's groups that ever began (active or left)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(
            user=user, community__program=program, joined_on__isnull=False
        ).order_by("joined_on", "pk")
    )


def ledger_for(
    user: User,
    program: Program,
    *,
    memberships: list[Membership] | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Ledger:
    """Everything that counts for one person in one program. Queries: attendance, connections,
    partners' names (when there are connections), reflections, recorded time, corrections and
    their gatherings (when there are corrections), and memberships unless given."""
    tz = ZoneInfo(program.timezone)
    today = today or today_in(program)
    now = now or timezone.now()
    places = memberships if memberships is not None else memberships_in(user, program)
    gathering_url, pair_url = _linker("gatherings:detail"), _linker("mentoring:pair")
    reflection_url = _linker("mentoring:reflection")
    active = {m.community_id for m in places if m.status == Membership.Status.ACTIVE}
    tally, counts = Tally(), dict.fromkeys(SOURCES, 0)
    entries: list[Entry] = []

    for gathering_id, title, starts_at, community_id, where, minutes in Attendance.objects.filter(
        user=user, present=True, minutes__gt=0, gathering__community__program=program
    ).values_list(
        "gathering_id",
        "gathering__title",
        "gathering__starts_at",
        "gathering__community_id",
        "gathering__community__name",
        "minutes",
    ):
        url = gathering_url(gathering_id) if community_id in active else ""
        entries.append(
            Entry(GATHERINGS, _month_of_start(starts_at, tz), minutes, title, where, url)
        )

    connections = list(
        Connection.objects.filter(
            pairing__pair_members__user=user, pairing__community__program=program
        )
        .with_counting(now)
        .values_list(  # type: ignore[misc]  # counting_now is annotated by with_counting
            "pairing_id",
            "happened_on",
            "minutes",
            "format",
            "pairing__community_id",
            "pairing__community__name",
            "counting_now",
            "confirmed_at",
            "settled_at",
            "disputed_at",
        )
    )
    partners = _partners({c[0] for c in connections}, user) if connections else {}
    formats = dict(Format.choices)
    pending: list[Entry] = []
    for pairing_id, happened_on, minutes, how, community_id, where, counting, *marks in connections:
        title = _("%(how)s with %(who)s") % {
            "how": formats.get(how, how),
            "who": _joined(partners.get(pairing_id, [])),
        }
        url = pair_url(pairing_id) if community_id in active else ""
        review = _review(counting, *marks)
        entry = Entry(CONNECTIONS, happened_on, minutes, title, where, url, review)
        (entries if counting else pending).append(entry)

    credit = program.reflection_credit_minutes
    for reflection_id, month in Reflection.objects.filter(author=user, program=program).values_list(
        "pk", "month"
    ):
        title = _("Reflection for %(month)s") % {"month": date_format(month, "F Y")}
        url = reflection_url(reflection_id)
        entries.append(Entry(REFLECTIONS, month, credit, title, program.name, url))

    entries.extend(_recorded(user, program, active, gathering_url))

    for entry in entries:
        tally.add(entry.source, entry.minutes)
        counts[entry.source] += 1
    entries.sort(key=lambda e: (e.on, SOURCES.index(e.source), e.title), reverse=True)
    first_on = min((e.on for e in entries), default=None)
    last_on = max((e.on for e in entries), default=None)
    return Ledger(
        program=program,
        tally=tally,
        counts=counts,
        months=_by_month(program, entries, places, today),
        corrections=_corrections(user, program, active, tz),
        first_on=first_on,
        last_on=last_on,
        pending=sorted(pending, key=lambda e: e.on, reverse=True),
    )


def _review(counts: bool, confirmed: Any, settled: Any, disputed: Any) -> str:
    """Where a connection stands, from the row's marks and whether it counts (counting_q)."""
    if confirmed:
        return Review.CONFIRMED
    if settled:
        return Review.SETTLED_COUNTS if counts else Review.SETTLED_NOT
    if disputed:
        return Review.DISPUTED
    return Review.UNCHALLENGED if counts else Review.PENDING


def counted_minutes(program: Program, kind: str, minutes: int) -> int:
    """Recorded minutes as they count: up to the program's cap for their kind, now."""
    from fireside.hours.models import TimeEntry

    cap = (
        program.online_conversation_cap_minutes
        if kind == TimeEntry.Kind.ONLINE
        else program.facilitation_cap_minutes
    )
    return max(0, min(minutes, cap))


def _recorded(
    user: User, program: Program, active: set[int], gathering_url: Callable[[int], str]
) -> list[Entry]:
    """Online conversations and preparation the person recorded: one query."""
    from fireside.hours.models import TimeEntry

    found = []
    for (
        kind,
        month,
        minutes,
        community_id,
        where,
        gathering_id,
        title,
        starts_at,
    ) in TimeEntry.objects.filter(user=user, program=program).values_list(
        "kind",
        "month",
        "minutes",
        "community_id",
        "community__name",
        "gathering_id",
        "gathering__title",
        "gathering__starts_at",
    ):
        counted = counted_minutes(program, kind, minutes)
        if not counted:
            continue
        if kind == TimeEntry.Kind.ONLINE:
            label = _("Online conversations in %(month)s") % {"month": date_format(month, "F Y")}
            found.append(Entry(ONLINE, month, counted, label, where))
        else:
            label = _("Preparation and debrief: %(title)s") % {"title": title}
            url = gathering_url(gathering_id) if community_id in active else ""
            on = _month_of_start(starts_at, ZoneInfo(program.timezone))
            found.append(Entry(PREPARATION, on, counted, label, where, url))
    return found


def _by_month(
    program: Program, entries: list[Entry], places: list[Membership], today: dt.date
) -> list[Month]:
    """Every month from the first the person was in (or earned hours) to this one (or the
    program's last), so a quiet month shows as one."""
    starts = [e.on for e in entries]
    joined = [m.joined_on for m in places if m.joined_on]
    if joined:
        starts.append(max(min(joined), program.starts_on))
    if not starts:
        return []
    ends = [e.on for e in entries] + [min(today, program.ends_on)]
    first, last = min(starts), max(ends)
    if last < first:
        last = first
    target = Decimal(program.monthly_hours_target).quantize(CENT)
    months = {m: Month(m, Tally(), target) for m in _months(first, last)}
    for entry in entries:  # newest first already
        month = months[entry.on.replace(day=1)]
        month.tally.add(entry.source, entry.minutes)
        month.entries.append(entry)
    return list(months.values())


def _corrections(user: User, program: Program, active: set[int], tz: ZoneInfo) -> list[Correction]:
    from fireside.audit.models import AuditEvent

    events = list(
        AuditEvent.objects.filter(
            verb=CORRECTED, target_type=User._meta.label_lower, target_id=user.pk
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    if not events:
        return []
    ids = {e.data.get("gathering_id") for e in events if isinstance(e.data, dict)}
    gatherings = {
        pk: (title, starts_at, community_id)
        for pk, title, starts_at, community_id in Gathering.objects.filter(
            pk__in=[i for i in ids if isinstance(i, int)], community__program=program
        ).values_list("pk", "title", "starts_at", "community_id")
    }
    found = []
    for event in events:
        gathering_id = event.data.get("gathering_id") if isinstance(event.data, dict) else None
        gathering = gatherings.get(gathering_id) if isinstance(gathering_id, int) else None
        if gathering is None:
            continue  # another program's, or a gathering since deleted
        title, starts_at, community_id = gathering
        found.append(
            Correction(
                at=event.at,
                by=event.actor.display_name if event.actor else _("a facilitator"),
                gathering=title,
                on=_month_of_start(starts_at, tz),
                was_minutes=int(event.data.get("was_minutes", 0)),
                now_minutes=int(event.data.get("now_minutes", 0)),
                url=reverse("gatherings:detail", args=[gathering_id])
                if community_id in active
                else "",
            )
        )
    return found


# --- A whole program, for coordinators and bulk issue ---------------------------------------


@dataclass
class PersonHours:
    user: User
    community: Community  # their group now, or the last one they were in
    active: bool
    tally: Tally = field(default_factory=Tally)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SOURCES, 0))
    months: dict[dt.date, Tally] = field(default_factory=dict)

    def add(self, source: str, month: dt.date, minutes: int, count: int) -> None:
        self.tally.add(source, minutes)
        self.counts[source] += count
        self.months.setdefault(month, Tally()).add(source, minutes)

    def hours_in(self, month: dt.date) -> Decimal:
        tally = self.months.get(month)
        return tally.hours if tally else Decimal("0.00")


def _recorded_rows(
    program: Program, period: Period, tz: ZoneInfo
) -> list[tuple[str, int, dt.date, int, int]]:
    from fireside.hours.models import TimeEntry

    online = Q(kind=TimeEntry.Kind.ONLINE) & period.month_filter("month")
    preparation = Q(kind=TimeEntry.Kind.PREPARATION) & period.gathering_filter(tz)
    rows = []
    for kind, user_id, month, minutes, starts_at in TimeEntry.objects.filter(
        online | preparation, program=program
    ).values_list("kind", "user_id", "month", "minutes", "gathering__starts_at"):
        counted = counted_minutes(program, kind, minutes)
        if not counted:
            continue
        if kind == TimeEntry.Kind.ONLINE:
            rows.append((ONLINE, user_id, month, counted, 1))
        else:
            rows.append((PREPARATION, user_id, _month_of_start(starts_at, tz), counted, 1))
    return rows


def _month_value(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def program_hours(program: Program, period: Period | None = None) -> dict[int, PersonHours]:
    """Everyone who took part in the program, with their hours (in the period), by user id.
    Five queries: the people, then attendance, connections (those that count, now) and
    reflections, each summed by person and month in the database, and the time people
    recorded (each entry, as each counts up to the program's cap)."""
    period = period or Period()
    now = timezone.now()
    tz = ZoneInfo(program.timezone)
    people: dict[int, PersonHours] = {}
    for place in (
        Membership.objects.filter(community__program=program, joined_on__isnull=False)
        .select_related("user", "community")
        .order_by("joined_on", "pk")
    ):
        current = people.get(place.user_id)
        is_active = place.status == Membership.Status.ACTIVE
        # Their group now if they are in one, else the last one they joined.
        if current is None or is_active or not current.active:
            people[place.user_id] = PersonHours(place.user, place.community, is_active)
            if current is not None:
                people[place.user_id].active = is_active or current.active
    rows: list[tuple[str, int, dt.date, int, int]] = []
    for row in (
        Attendance.objects.filter(
            period.gathering_filter(tz),
            gathering__community__program=program,
            present=True,
            minutes__gt=0,
        )
        .values("user_id", month=TruncMonth("gathering__starts_at", tzinfo=tz))
        .annotate(minutes=Sum("minutes"), n=Count("pk"))
        .order_by()
    ):
        rows.append((GATHERINGS, row["user_id"], row["month"], row["minutes"], row["n"]))
    for row in (
        Connection.objects.filter(
            period.day_filter("happened_on"), pairing__community__program=program
        )
        .counting(now)
        .values(person=F("pairing__pair_members__user_id"), month=TruncMonth("happened_on"))
        .annotate(minutes=Sum("minutes"), n=Count("pk"))
        .order_by()
    ):
        rows.append((CONNECTIONS, row["person"], row["month"], row["minutes"], row["n"]))
    credit = program.reflection_credit_minutes
    for author_id, month in Reflection.objects.filter(
        period.month_filter("month"), program=program
    ).values_list("author_id", "month"):
        rows.append((REFLECTIONS, author_id, month, credit, 1))
    rows.extend(_recorded_rows(program, period, tz))
    for source, user_id, month, minutes, count in rows:
        person = people.get(user_id)
        if person is None:
            continue
        on = _month_value(month).replace(day=1)
        person.add(source, on, int(minutes or 0), int(count or 0))
    return people
