"""Starting next year: a program continued with the same settings a year later, its groups
copied with their agreements, facilitators and mentors, last year's members offered their
seat (SeatHold, fireside/communities/seat_holds.py), and the rhythms still running carried on.

The preview (plan_rollover) and the act (check_rollover) read the same plan, so what the
coordinator saw is what is made. Everything is made in one transaction; the program row
is locked and a unique constraint on `previous_year` stands behind it, so a double click or
two coordinators at once make one next year.

The rhythms are gatherings' part: gatherings registers here (register_series, from its
fireside/gatherings/rollover.py) how it plans them and how it carries them on, with
gatherings.scheduling.check_schedule (so .ics files, reminders and invitations behave as for
any series) when the new year is made. Its invitations go to the
new group's active members, and there are none yet: last year's members have only a held
seat. So nobody is invited to a group they have not chosen to stay in; a member who keeps
their seat finds the dates on the group's page and in their calendar feed, and the email
that offers the seat names the first gathering.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities import covers
from fireside.communities.models import (
    Agreement,
    Community,
    CommunityRole,
    Membership,
    MentorAssignment,
    SeatHold,
)
from fireside.lib import images
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput
from fireside.lib.mail import send_templated
from fireside.lib.text import storable
from fireside.programs import logos
from fireside.programs.models import CommitmentPeriod, Program, ProgramStaff

NAME_MAX = 150
# Never copied: what makes the new year itself, and the link between the years.
# The logo is copied as a file of its own (logos.copy_logo), never shared between years.
NOT_COPIED = {
    "id",
    "name",
    "starts_on",
    "ends_on",
    "created_at",
    "previous_year",
    "read_only_from",
    "logo",
}
KEEP_SEAT_LEAD = dt.timedelta(weeks=3)
KEEP_SEAT_AT_LEAST = dt.timedelta(days=14)
COMMUNITY_FIELDS = (
    "name",
    "purpose",
    "audience",
    "region",
    "mode",
    "capacity",
    "meeting_place",
    "rhythm",
    "think",
    "cover_alt",
)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:([-–/])(\d\d(?:\d\d)?))?(?!\d)")


def a_year_later(day: dt.date) -> dt.date:
    """The same day next year; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def next_name(name: str, starts_on: dt.date, ends_on: dt.date) -> str:
    """ "Circles 2025–2026" becomes "Circles 2026–2027" ("2025-26" → "2026-27", "2025" →
    "2026"); a name without a year gets the new year's years."""

    def bump(match: re.Match[str]) -> str:
        first = str(int(match.group(1)) + 1)
        if not match.group(2):
            return first
        second = match.group(3)
        later = str(int(second) + 1).zfill(len(second))[-len(second) :]
        return f"{first}{match.group(2)}{later}"

    if YEAR.search(name):
        return YEAR.sub(bump, name)
    years = (
        str(starts_on.year)
        if starts_on.year == ends_on.year
        else f"{starts_on.year}–{ends_on.year}"
    )
    return f"{name} {years}"[:NAME_MAX]


def default_keep_until(starts_on: dt.date, today: dt.date) -> dt.date:
    """Three weeks before the new year starts, or two weeks from today if that is later."""
    return max(starts_on - KEEP_SEAT_LEAD, today + KEEP_SEAT_AT_LEAST)


def end_of_day(day: dt.date, zone: str) -> dt.datetime:
    """The first moment after `day` in the program's zone: a seat is kept all that day."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=ZoneInfo(zone))


# --- What the apps above carry on with each group ---------------------------------------

# Gatherings plans the series still running in an old group (each planned series has `title`,
# `first`, `words`, shown by the preview) and carries them on in the new group, returning the
# new group's first gathering (with `starts_at` and `timezone`) for the email offering seats.
SeriesPlanner = Callable[[Community, Program, dt.date, dt.date], list[Any]]
SeriesMaker = Callable[[User, Community, list[Any]], Any]

_series: dict[str, SeriesPlanner | SeriesMaker] = {}


def register_series(*, plan: SeriesPlanner, make: SeriesMaker) -> None:
    """Registering again (a reloaded app) replaces them."""
    _series["plan"] = plan
    _series["make"] = make


def _plan_series(
    community: Community, old: Program, starts_on: dt.date, ends_on: dt.date
) -> list[Any]:
    planner: SeriesPlanner | None = _series.get("plan")  # type: ignore[assignment]
    return planner(community, old, starts_on, ends_on) if planner else []


def _carry_on_series(actor: User, group: Community, planned: list[Any]) -> Any:
    maker: SeriesMaker | None = _series.get("make")  # type: ignore[assignment]
    return maker(actor, group, planned) if maker and planned else None


# --- The plan: what will be made ----------------------------------------------------------


@dataclass
class GroupPlan:
    community: Community
    agreement: Agreement | None
    roles: list[CommunityRole] = field(default_factory=list)
    mentors: list[MentorAssignment] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)
    series: list[Any] = field(default_factory=list)  # gatherings' SeriesContinued


@dataclass
class RolloverPlan:
    program: Program
    name: str
    starts_on: dt.date
    ends_on: dt.date
    keep_seat_until: dt.date
    staff: list[ProgramStaff]
    commitments: list[CommitmentPeriod]
    groups: list[GroupPlan]

    @property
    def member_count(self) -> int:
        return sum(len(g.members) for g in self.groups)


def continued_in(program: Program) -> Program | None:
    return Program.objects.filter(previous_year=program).first()


def _refuse_if_continued(program: Program) -> None:
    later = continued_in(program)
    if later is not None:
        raise Conflict(
            _("%(name)s is already continued in %(later)s.")
            % {"name": program.name, "later": later.name}
        )


def _name(value: object, suggested: str) -> str:
    if value is None:
        return suggested
    if not isinstance(value, str):
        raise InvalidInput(_("The name must be text."), {"name": [_("Text.")]})
    text = storable("name", value).strip()
    if not text:
        raise InvalidInput(_("Please give the new year a name."), {"name": [_("Required.")]})
    if len(text) > NAME_MAX:
        raise InvalidInput(
            _("The name can be at most %(max)s characters; this one has %(n)s.")
            % {"max": NAME_MAX, "n": len(text)},
            {"name": [_("Too long.")]},
        )
    return text


def _keep_until(value: object, plan_start: dt.date, plan_end: dt.date, today: dt.date) -> dt.date:
    if value is None:
        return default_keep_until(plan_start, today)
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInput(
            _("Give the last day to keep a seat as a date, such as 2027-08-15."),
            {"keep_seat_until": [_("A date.")]},
        )
    if value < today or value > plan_end:
        message = _(
            "The last day to keep a seat must be between today and the end of the new "
            "year (%(end)s)."
        ) % {"end": plan_end.isoformat()}
        raise InvalidInput(message, {"keep_seat_until": [message]})
    return value


def plan_rollover(
    *, program: Program, name: object = None, keep_seat_until: object = None
) -> RolloverPlan:
    """What starting next year would make; nothing is written. Refused when this year is
    already continued."""
    _refuse_if_continued(program)
    starts_on, ends_on = a_year_later(program.starts_on), a_year_later(program.ends_on)
    groups = []
    communities = Community.objects.filter(program=program).prefetch_related("agreements")
    for community in communities.order_by("name", "pk"):
        groups.append(
            GroupPlan(
                community=community,
                agreement=community.current_agreement,
                roles=list(
                    CommunityRole.objects.current()
                    .filter(community=community)
                    .select_related("user")
                    .order_by("role", "user__name")
                ),
                mentors=list(
                    MentorAssignment.objects.filter(community=community).select_related("mentor")
                ),
                members=list(
                    Membership.objects.filter(
                        community=community, status=Membership.Status.ACTIVE
                    ).select_related("user")
                ),
                series=_plan_series(community, program, starts_on, ends_on),
            )
        )
    return RolloverPlan(
        program=program,
        name=_name(name, next_name(program.name, starts_on, ends_on)),
        starts_on=starts_on,
        ends_on=ends_on,
        keep_seat_until=_keep_until(keep_seat_until, starts_on, ends_on, program.today()),
        staff=list(ProgramStaff.objects.filter(program=program).select_related("user")),
        commitments=list(CommitmentPeriod.objects.filter(program=program)),
        groups=groups,
    )


# --- Making it --------------------------------------------------------------------------


def _copy_program(old: Program, plan: RolloverPlan, written: list[str]) -> Program:
    """Every setting of the old year, whatever fields the program has by now, and a copy
    of its logo (its stored name added to `written`)."""
    values: dict[str, Any] = {
        f.attname: getattr(old, f.attname)
        for f in Program._meta.concrete_fields
        if f.name not in NOT_COPIED
    }
    new = Program(
        **values,
        name=plan.name,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        previous_year=old,
    )
    new.save()
    new.logo = logos.copy_logo(old.logo)
    if new.logo:
        written.append(logos.stored_name(new.logo))
        new.save(update_fields=["logo"])
    return new


def _copy_cover(old_key: str) -> str:
    """The group's cover under a new name, so changing one year's picture leaves the other
    year's alone. "" when the picture is missing."""
    if not old_key:
        return ""
    key = secrets.token_urlsafe(16)
    written: list[str] = []
    try:
        for width in covers.WIDTHS:
            with default_storage.open(covers.stored_name(old_key, width), "rb") as handle:
                written.append(images.store(covers.stored_name(key, width), handle.read()))
    except (FileNotFoundError, OSError):
        images.delete_quietly(written)
        return ""
    return key


def _copy_group(actor: User, old_group: GroupPlan, new: Program, now: dt.datetime) -> Community:
    old = old_group.community
    values = {name: getattr(old, name) for name in COMMUNITY_FIELDS}
    values["cover"] = _copy_cover(old.cover)
    if not values["cover"]:
        values["cover_alt"] = ""
    group = Community.objects.create(program=new, **values)
    if old_group.agreement is not None:
        Agreement.objects.create(
            community=group, version=1, text=old_group.agreement.text, created_by=actor
        )
    CommunityRole.objects.bulk_create(
        CommunityRole(
            community=group, user=r.user, role=r.role, confirmed_at=now, confirmed_by=actor
        )
        for r in old_group.roles
    )
    MentorAssignment.objects.bulk_create(
        MentorAssignment(community=group, mentor=m.mentor, assigned_by=actor)
        for m in old_group.mentors
    )
    return group


def check_rollover(
    *, actor: User, program: Program, name: object = None, keep_seat_until: object = None
) -> Program:
    """Start next year (already authorised: the program's coordinators)."""
    plan = plan_rollover(program=program, name=name, keep_seat_until=keep_seat_until)
    now = timezone.now()
    written: list[str] = []  # files copied for the new year: deleted if it is not made
    try:
        with transaction.atomic():
            old = Program.objects.select_for_update().get(pk=program.pk)
            _refuse_if_continued(old)
            new = _copy_program(old, plan, written)
            CommitmentPeriod.objects.bulk_create(
                CommitmentPeriod(
                    program=new, role=c.role, start_month=c.start_month, end_month=c.end_month
                )
                for c in plan.commitments
            )
            ProgramStaff.objects.bulk_create(
                ProgramStaff(program=new, user=s.user, role=s.role) for s in plan.staff
            )
            old.read_only_from = new.starts_on
            old.save(update_fields=["read_only_from"])
            deadline = end_of_day(plan.keep_seat_until, new.timezone)
            holds: list[tuple[SeatHold, Community, Any]] = []
            for group_plan in plan.groups:
                group = _copy_group(actor, group_plan, new, now)
                first = _carry_on_series(actor, group, group_plan.series)
                for m in group_plan.members:
                    hold = SeatHold.objects.create(
                        community=group, user=m.user, from_membership=m, deadline=deadline
                    )
                    holds.append((hold, group, first))
            record(
                actor,
                "programs.rollover",
                old,
                new_program_id=new.pk,
                groups=len(plan.groups),
                seats_held=len(holds),
            )
            for hold, group, first in holds:
                _offer_email(hold, group, first, old, plan.keep_seat_until)
    except IntegrityError as exc:  # the other click's year was made meanwhile
        images.delete_quietly(written)
        raise Conflict(
            _("%(name)s is already continued in a next year.") % {"name": program.name}
        ) from exc
    except BaseException:
        images.delete_quietly(written)
        raise
    return new


def _offer_email(
    hold: SeatHold, group: Community, first: Any, old: Program, until: dt.date
) -> None:
    send_templated(
        "keep_seat",
        {
            "user": hold.user,
            "community": group,
            "old_program": old,
            "program": group.program,
            "until": until,
            "first": first,
            # As the member reads it: in their own zone when they set one.
            "first_at": first.starts_at.astimezone(ZoneInfo(hold.user.timezone or first.timezone))
            if first
            else None,
            "url": reverse("programs:seat_hold", kwargs={"hold_id": hold.pk}),
        },
        hold.user.email,
    )


def next_year_of(program: Program) -> Program | None:
    """The year that continues this one (for the banner on last year's pages)."""
    return continued_in(program) if program.read_only_from else None
