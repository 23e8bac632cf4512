"""The hours ledger: someone's hours in a program, computed when asked from what is already
recorded. Nothing is stored here, so a correction (attendance fixed by a facilitator, a
connection removed) shows the moment it is made; the history of corrections is the audit
trail's `gatherings.attendance_corrected` events.

What counts, and how minutes become hours: counting.py. The totals of a whole program or of
one group (for coordinators, bulk issue and the reports): totals.py.

The reader here makes a fixed number of queries, however much there is to count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.gatherings.models import Attendance, Gathering
from fireside.hours.counting import (
    CENT,
    CONNECTIONS,
    GATHERINGS,
    ONLINE,
    PREPARATION,
    REFLECTIONS,
    SOURCES,
    Period,
    Tally,
    counted_minutes,
    hours,
    month_key,
    month_of_start,
    months_between,
    next_month,
    today_in,
)
from fireside.hours.totals import PersonHours, group_hours, program_hours
from fireside.mentoring.models import Connection, Format, PairMember, Reflection, Review
from fireside.programs.models import Program

# Older callers import these from here.
__all__ = [
    "CONNECTIONS",
    "GATHERINGS",
    "ONLINE",
    "PREPARATION",
    "REFLECTIONS",
    "SOURCES",
    "Correction",
    "Entry",
    "Ledger",
    "Month",
    "Period",
    "PersonHours",
    "Tally",
    "counted_minutes",
    "group_hours",
    "hours",
    "ledger_for",
    "memberships_in",
    "month_key",
    "next_month",
    "program_hours",
    "today_in",
]

CORRECTED = "gatherings.attendance_corrected"


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
        entries.append(Entry(GATHERINGS, month_of_start(starts_at, tz), minutes, title, where, url))

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
            on = month_of_start(starts_at, ZoneInfo(program.timezone))
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
    months = {m: Month(m, Tally(), target) for m in months_between(first, last)}
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
                on=month_of_start(starts_at, tz),
                was_minutes=int(event.data.get("was_minutes", 0)),
                now_minutes=int(event.data.get("now_minutes", 0)),
                url=reverse("gatherings:detail", args=[gathering_id])
                if community_id in active
                else "",
            )
        )
    return found
