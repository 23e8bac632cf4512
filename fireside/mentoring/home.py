"""The "Peer mentoring" part of a signed-in person's home page: their partner, the last
connection, this month's reflection and their hours this month against the target.

A fixed number of queries, however many groups and pairs someone has.

Hours follow api-v1.md ("Hours and certificates"): attendance minutes a facilitator
recorded, the minutes of the pair's connections (one of the pair logs a connection for
both), and the program's reflection_credit_minutes for each reflection. Months are the
program's own (its time zone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum, Value

from fireside.accounts.models import User
from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, Membership
from fireside.communities.places import Places, places_of
from fireside.gatherings.models import Attendance
from fireside.mentoring.actions import current_month
from fireside.mentoring.models import Connection, Pairing, PairMember, Reflection
from fireside.programs.models import Program


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def spoken(value: Decimal) -> str:
    """2.50 → "2.5", 3.00 → "3": hours as people say them."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class PairNow:
    pairing: Pairing
    partners: list[User]
    last_connection: dt.date | None = None


@dataclass
class MonthProgress:
    program: Program
    month: dt.date
    reflection: Reflection | None = None
    gathering_minutes: int = 0
    connection_minutes: int = 0

    @property
    def reflection_minutes(self) -> int:
        return self.program.reflection_credit_minutes if self.reflection else 0

    @property
    def hours(self) -> Decimal:
        return hours(self.gathering_minutes + self.connection_minutes + self.reflection_minutes)

    @property
    def hours_spoken(self) -> str:
        return spoken(self.hours)

    @property
    def target(self) -> Decimal:
        return Decimal(self.program.monthly_hours_target)

    @property
    def target_spoken(self) -> str:
        return spoken(self.target)

    @property
    def reached(self) -> bool:
        return self.hours >= self.target


@dataclass
class Facilitating:
    community: Community
    unpaired: int


@dataclass
class PeerMentoring:
    pairs: list[PairNow] = field(default_factory=list)
    months: list[MonthProgress] = field(default_factory=list)
    facilitating: list[Facilitating] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.months or self.pairs)


GATHERING, CONNECTION = 1, 2  # which minutes a row of _add_progress's sums holds


def home_summary(user: User, places: Places | None = None) -> PeerMentoring:
    """`places`: the person's groups when the page has read them already (the home page)."""
    if places is None or not places.are_of(user):
        places = places_of(user)
    if not places.active:
        return PeerMentoring()
    months = [
        MonthProgress(program, current_month(user, program)) for program in places.programs.values()
    ]
    _add_progress(user, {m.program.pk: m for m in months})
    return PeerMentoring(pairs=_pairs_now(user), months=months, facilitating=_facilitating(places))


def _pairs_now(user: User) -> list[PairNow]:
    """Their open pairs, each with its group, its people and its last connection, in one
    query: the pair members of those pairs, each with the pair."""
    last = (
        Connection.objects.filter(pairing=OuterRef("pairing"))
        .order_by("-happened_on")
        .values("happened_on")[:1]
    )
    seats = (
        PairMember.objects.filter(
            pairing__in=Pairing.objects.open().filter(pair_members__user=user).values("pk")
        )
        .select_related("user", "pairing__community")
        .annotate(last_connection=Subquery(last))
        .order_by("pairing__community__name", "pairing_id", "user__name", "pk")
    )
    pairs: dict[int, tuple[Pairing, list[PairMember]]] = {}
    for seat in seats:
        pairs.setdefault(seat.pairing_id, (seat.pairing, []))[1].append(seat)
    return [
        PairNow(
            pairing,
            [s.user for s in members if s.user_id != user.pk],
            members[0].last_connection,  # type: ignore[attr-defined]
        )
        for pairing, members in pairs.values()
    ]


def _add_progress(user: User, by_program: dict[int, MonthProgress]) -> None:
    """This month's reflection and minutes, per program, in two queries."""
    earliest = min(m.month for m in by_program.values())
    for reflection in Reflection.objects.filter(
        author=user, program_id__in=by_program, month__gte=earliest
    ):
        progress = by_program[reflection.program_id]
        if reflection.month == progress.month:
            progress.reflection = reflection
    # Minutes of gatherings and of connections together, summed per program over its
    # month: the program's zone decides which month a gathering falls in.
    gatherings, connections = Q(pk__in=[]), Q(pk__in=[])
    for program_id, progress in by_program.items():
        first, after = progress.month, _next_month(progress.month)
        zone = ZoneInfo(progress.program.timezone)
        gatherings |= Q(
            gathering__community__program_id=program_id,
            gathering__starts_at__gte=dt.datetime.combine(first, dt.time(), tzinfo=zone),
            gathering__starts_at__lt=dt.datetime.combine(after, dt.time(), tzinfo=zone),
        )
        connections |= Q(
            pairing__community__program_id=program_id, happened_on__gte=first, happened_on__lt=after
        )
    attended = (
        Attendance.objects.filter(gatherings, user=user, present=True)
        .order_by()
        .values("gathering__community__program_id")
        .annotate(kind=Value(GATHERING), total=Sum("minutes"))
        .values_list("gathering__community__program_id", "kind", "total")
    )
    connected = (
        Connection.objects.filter(connections, pairing__pair_members__user=user)
        .order_by()
        .values("pairing__community__program_id")
        .annotate(kind=Value(CONNECTION), total=Sum("minutes"))
        .values_list("pairing__community__program_id", "kind", "total")
    )
    for program_id, kind, total in attended.union(connected, all=True):
        if kind == GATHERING:
            by_program[program_id].gathering_minutes += total
        else:
            by_program[program_id].connection_minutes += total


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _facilitating(places: Places) -> list[Facilitating]:
    groups = [p.community_id for p in places.active]
    led = {r.community_id for r in places.roles_in(groups, FACILITATING)}
    if not led:
        return []
    # Active members of those groups without an open pair, counted per group.
    open_seat = PairMember.objects.filter(
        community_id=OuterRef("community_id"), user_id=OuterRef("user_id"), ended_on__isnull=True
    )
    waiting: dict[int, int] = dict.fromkeys(led, 0)
    waiting.update(
        Membership.objects.filter(community_id__in=led, status=Membership.Status.ACTIVE)
        .filter(~Exists(open_seat))
        .order_by()
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    return [
        Facilitating(p.community, waiting[p.community_id])
        for p in places.active
        if p.community_id in led
    ]
