"""The "Peer mentoring" part of a signed-in person's home page: their partner, the last
connection, this month's reflection and their hours this month against the target; and the
tasks it makes (fireside.lib.home): this month's reflection to write, no connection logged
this week, people waiting for a partner in a group they facilitate.

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

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, Membership
from fireside.communities.places import Places, places_of
from fireside.gatherings.models import Attendance
from fireside.lib.home import Region, Task, Urgency, Viewer, register_panel, register_tasks
from fireside.lib.i18n import join_words
from fireside.mentoring.actions import current_month
from fireside.mentoring.models import Connection, Pairing, PairMember, Reflection
from fireside.mentoring.pair_messages import new_count
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
    new_messages: int = 0  # in the pair's message thread, from the partners


@dataclass
class MonthProgress:
    program: Program
    month: dt.date
    reflection_id: int | None = None  # this month's, when written
    gathering_minutes: int = 0
    connection_minutes: int = 0

    @property
    def reflection_minutes(self) -> int:
        return self.program.reflection_credit_minutes if self.reflection_id else 0

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


# What a row of _add_progress's union holds: minutes of a program's gatherings or connections,
# the pk of a program's reflection this month, or how many in a group wait for a partner.
GATHERING, CONNECTION, REFLECTION, UNPAIRED = 1, 2, 3, 4


def home_summary(user: User, places: Places | None = None) -> PeerMentoring:
    """`places`: the person's groups when the page has read them already (the home page);
    then it is read once for the page, for both the section and the tasks."""
    if places is None or not places.are_of(user):
        return _summary(user, places_of(user))
    return places.remember("mentoring.summary", lambda: _summary(user, places))


def peer_mentoring(viewer: Viewer) -> PeerMentoring | None:
    """The home's "Peer mentoring" panel."""
    summary = home_summary(viewer.user, viewer.places)
    return summary if summary.shown else None


def _summary(user: User, places: Places) -> PeerMentoring:
    if not places.active:
        return PeerMentoring()
    months = [
        MonthProgress(program, current_month(user, program)) for program in places.programs.values()
    ]
    led = {
        r.community_id
        for r in places.roles_in((p.community_id for p in places.active), FACILITATING)
    }
    unpaired = _add_progress(user, {m.program.pk: m for m in months}, led)
    return PeerMentoring(
        pairs=_pairs_now(user),
        months=months,
        facilitating=[
            Facilitating(p.community, unpaired.get(p.community_id, 0))
            for p in places.active
            if p.community_id in led
        ],
    )


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
        .annotate(last_connection=Subquery(last), new_messages=new_count(user))
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
            members[0].new_messages,  # type: ignore[attr-defined]
        )
        for pairing, members in pairs.values()
    ]


def _add_progress(
    user: User, by_program: dict[int, MonthProgress], led: set[int]
) -> dict[int, int]:
    """This month's reflection and minutes, per program, and how many wait for a partner in
    each group they facilitate (returned, by group), in one query."""
    # Minutes of gatherings and of connections, and the reflection, per program over its
    # month: the program's zone decides which month a gathering falls in.
    gatherings, connections, reflections = Q(pk__in=[]), Q(pk__in=[]), Q(pk__in=[])
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
        reflections |= Q(program_id=program_id, month=first)
    attended = (
        Attendance.objects.filter(gatherings, user=user, present=True)
        .order_by()
        .values("gathering__community__program_id")
        .annotate(kind=Value(GATHERING), total=Sum("minutes"))
        .values_list("gathering__community__program_id", "kind", "total")
    )
    connected = (
        Connection.objects.filter(connections, pairing__pair_members__user=user)
        .counting(timezone.now())
        .order_by()
        .values("pairing__community__program_id")
        .annotate(kind=Value(CONNECTION), total=Sum("minutes"))
        .values_list("pairing__community__program_id", "kind", "total")
    )
    reflected = (
        Reflection.objects.filter(reflections, author=user)
        .order_by()
        .annotate(kind=Value(REFLECTION), total=F("pk"))
        .values_list("program_id", "kind", "total")
    )
    # Active members of the groups they lead without an open pair, counted per group.
    open_seat = PairMember.objects.filter(
        community_id=OuterRef("community_id"), user_id=OuterRef("user_id"), ended_on__isnull=True
    )
    waiting = (
        Membership.objects.filter(community_id__in=led, status=Membership.Status.ACTIVE)
        .filter(~Exists(open_seat))
        .order_by()
        .values("community_id")
        .annotate(kind=Value(UNPAIRED), total=Count("pk"))
        .values_list("community_id", "kind", "total")
    )
    parts = [connected, reflected, *([waiting] if led else [])]
    unpaired: dict[int, int] = {}
    for key, kind, total in attended.union(*parts, all=True):
        if kind == GATHERING:
            by_program[key].gathering_minutes += total
        elif kind == CONNECTION:
            by_program[key].connection_minutes += total
        elif kind == REFLECTION:
            by_program[key].reflection_id = total
        else:
            unpaired[key] = total
    return unpaired


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


# --- Tasks on the home page (fireside.lib.home) ---------------------------------------


def _today(user: User, program: Program | None) -> dt.date:
    zone = getattr(user, "timezone", "") or (program.timezone if program else "UTC")
    return timezone.localdate(timezone=ZoneInfo(zone))


def reflection_due(viewer: Viewer) -> list[Task]:
    """This month's reflection, in each program that runs this month, until it is written;
    more urgent in the month's last week."""
    if not viewer.places.active:
        return []
    tasks = []
    for progress in home_summary(viewer.user, viewer.places).months:
        program = progress.program
        running = program.starts_on.replace(day=1) <= progress.month <= program.ends_on
        if progress.reflection_id or not running:
            continue
        days_left = (_next_month(progress.month) - _today(viewer.user, program)).days
        month = date_format(progress.month, "F")
        tasks.append(
            Task(
                kind="reflection-due",
                urgency=Urgency.THIS_WEEK if days_left <= 7 else Urgency.THIS_MONTH,
                title=_("Your %(month)s reflection") % {"month": month},
                detail=ngettext(
                    "%(program)s · a few minutes on what you tried and learned. %(n)s day left.",
                    "%(program)s · a few minutes on what you tried and learned. %(n)s days left.",
                    days_left,
                )
                % {"program": program.name, "n": days_left},
                action=_("Write it"),
                url=reverse("mentoring:reflections", args=[program.pk]),
            )
        )
    return tasks


def connection_this_week(viewer: Viewer) -> list[Task]:
    """Each open pair with no connection logged since Monday (their week)."""
    if not viewer.places.active:
        return []
    tasks = []
    for pair in home_summary(viewer.user, viewer.places).pairs:
        program = viewer.places.programs.get(pair.pairing.community.program_id)
        today = _today(viewer.user, program)
        monday = today - dt.timedelta(days=today.weekday())
        if pair.last_connection is not None and pair.last_connection >= monday:
            continue
        names = join_words([p.display_name for p in pair.partners]) or _("your partner")
        tasks.append(
            Task(
                kind="connection-this-week",
                urgency=Urgency.THIS_WEEK,
                title=_("No connection with %(names)s logged this week") % {"names": names},
                detail=(
                    _("%(group)s · last one on %(day)s. A coffee, a walk or a call counts.")
                    % {
                        "group": pair.pairing.community.name,
                        "day": date_format(pair.last_connection, "l j F"),
                    }
                    if pair.last_connection
                    else _("%(group)s · a coffee, a walk or a call counts.")
                    % {"group": pair.pairing.community.name}
                ),
                action=_("Log a connection"),
                url=reverse("mentoring:pair", args=[pair.pairing.pk]) + "#log",
            )
        )
    return tasks


def waiting_for_partner(viewer: Viewer) -> list[Task]:
    """For facilitators: members of their groups without a peer partner."""
    if not viewer.places.active or not viewer.places.roles:
        return []
    return [
        Task(
            kind="waiting-for-partner",
            urgency=Urgency.WHEN_YOU_CAN,
            title=ngettext(
                "%(n)s person in %(group)s is waiting for a partner",
                "%(n)s people in %(group)s are waiting for a partner",
                f.unpaired,
            )
            % {"n": f.unpaired, "group": f.community.name},
            detail=_("Fireside suggests pairs from their interests, region and availability."),
            action=_("Pair them"),
            url=reverse("mentoring:pairings", args=[f.community.pk]),
            count=f.unpaired,
        )
        for f in home_summary(viewer.user, viewer.places).facilitating
        if f.unpaired
    ]


def register_all() -> None:
    register_panel(
        "peer_mentoring",
        peer_mentoring,
        template="mentoring/_home.html",
        region=Region.YOURS,
        order=10,
    )
    register_tasks(connection_this_week, order=40)
    register_tasks(reflection_due, order=41)
    register_tasks(waiting_for_partner, order=42)
