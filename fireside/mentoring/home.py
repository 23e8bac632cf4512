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

from django.db.models import Max

from fireside.accounts.models import User
from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, CommunityRole, Membership
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


def _month_of(moment: dt.datetime, program: Program) -> dt.date:
    return moment.astimezone(ZoneInfo(program.timezone)).date().replace(day=1)


def home_summary(user: User) -> PeerMentoring:
    places = list(
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .select_related("community__program")
        .order_by("community__name")
    )
    if not places:
        return PeerMentoring()
    programs = {p.community.program_id: p.community.program for p in places}
    months = [MonthProgress(program, current_month(user, program)) for program in programs.values()]
    _add_progress(user, {m.program.pk: m for m in months})
    return PeerMentoring(
        pairs=_pairs_now(user), months=months, facilitating=_facilitating(user, places)
    )


def _pairs_now(user: User) -> list[PairNow]:
    pairings = list(
        Pairing.objects.open()
        .filter(pair_members__user=user)
        .select_related("community")
        .with_people()
        .order_by("community__name", "pk")
    )
    if not pairings:
        return []
    last = dict(
        Connection.objects.filter(pairing__in=pairings)
        .values("pairing")
        .annotate(last=Max("happened_on"))
        .values_list("pairing", "last")
    )
    return [PairNow(p, p.partners_of(user.pk), last.get(p.pk)) for p in pairings]


def _add_progress(user: User, by_program: dict[int, MonthProgress]) -> None:
    """This month's reflection and minutes, per program, in three queries."""
    earliest = min(m.month for m in by_program.values())
    for reflection in Reflection.objects.filter(
        author=user, program_id__in=by_program, month__gte=earliest
    ):
        progress = by_program[reflection.program_id]
        if reflection.month == progress.month:
            progress.reflection = reflection
    # A day's margin before the month: the program's zone decides which month it is.
    since = dt.datetime.combine(earliest, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=1)
    for program_id, starts_at, minutes in Attendance.objects.filter(
        user=user,
        present=True,
        gathering__community__program_id__in=by_program,
        gathering__starts_at__gte=since,
    ).values_list("gathering__community__program_id", "gathering__starts_at", "minutes"):
        progress = by_program[program_id]
        if _month_of(starts_at, progress.program) == progress.month:
            progress.gathering_minutes += minutes
    for program_id, happened_on, minutes in Connection.objects.filter(
        pairing__pair_members__user=user,
        pairing__community__program_id__in=by_program,
        happened_on__gte=earliest,
    ).values_list("pairing__community__program_id", "happened_on", "minutes"):
        progress = by_program[program_id]
        if happened_on.replace(day=1) == progress.month:
            progress.connection_minutes += minutes


def _facilitating(user: User, places: list[Membership]) -> list[Facilitating]:
    led = {
        r.community_id
        for r in CommunityRole.objects.current().filter(
            user=user, role__in=FACILITATING, community_id__in=[p.community_id for p in places]
        )
    }
    if not led:
        return []
    paired = set(
        PairMember.objects.filter(community_id__in=led, ended_on__isnull=True).values_list(
            "community_id", "user_id"
        )
    )
    waiting: dict[int, int] = dict.fromkeys(led, 0)
    for community_id, member_id in Membership.objects.filter(
        community_id__in=led, status=Membership.Status.ACTIVE
    ).values_list("community_id", "user_id"):
        if (community_id, member_id) not in paired:
            waiting[community_id] += 1
    return [
        Facilitating(p.community, waiting[p.community_id]) for p in places if p.community_id in led
    ]
