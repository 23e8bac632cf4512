"""Scheduling gatherings: one-off or as a series (recurrence rules), editing one or the rest
of a series, and cancelling.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from dateutil.rrule import rrulestr
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.gatherings import guard_rails, guests
from fireside.gatherings.agendas import _replace_agenda, check_agenda
from fireside.gatherings.checks import (
    IDEAS_MAX,
    NOTES_MAX,
    TITLE_MAX,
    _aware,
    _day,
    _duration,
    _text,
    _url,
    _zone,
)
from fireside.gatherings.models import (
    Gathering,
    Series,
)
from fireside.gatherings.notices import _invite, _notes_changed, _schedule_reminders
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput

MAX_OCCURRENCES = 60
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
RULE_SHAPE = re.compile(r"^(RRULE:)?[A-Z]+=[A-Z0-9,+\-]+(;[A-Z]+=[A-Z0-9,+\-]+)*$")


@dataclass(frozen=True)
class SeriesPlan:
    """The dates a repeat rule makes, and whether the program's end cut it short."""

    starts: list[dt.datetime]
    program_ends_on: dt.date | None = None
    asked: int | None = None  # the rule's COUNT, when it has one
    cut_at_program_end: bool = False

    @property
    def notice(self) -> str:
        """What to tell the person scheduling, or "" when the rule was followed in full."""
        if not self.cut_at_program_end or self.program_ends_on is None:
            return ""
        made = len(self.starts)
        params = {
            "asked": self.asked,
            "end": _day(self.program_ends_on),
            "n": made,
            "last": _day(self.starts[-1].date()),
        }
        if self.asked:
            return (
                ngettext(
                    "The rule asks for %(asked)s gatherings, but the program ends on %(end)s, so "
                    "only %(n)s gathering will be scheduled, the last on %(last)s.",
                    "The rule asks for %(asked)s gatherings, but the program ends on %(end)s, so "
                    "only %(n)s gatherings will be scheduled, the last on %(last)s.",
                    made,
                )
                % params
            )
        return (
            ngettext(
                "The rule goes on after the program ends on %(end)s, so only %(n)s gathering will "
                "be scheduled, the last on %(last)s.",
                "The rule goes on after the program ends on %(end)s, so only %(n)s gatherings will "
                "be scheduled, the last on %(last)s.",
                made,
            )
            % params
        )


def plan_series(rule: str, first: dt.datetime, program_ends_on: dt.date | None) -> SeriesPlan:
    """Expand an RRULE from the first start, in wall-clock time of the first start's zone,
    so 7 pm stays 7 pm across daylight-saving changes. No date goes past the program's end:
    an open-ended rule stops there; a rule with COUNT or UNTIL is cut short there, and the
    plan says so."""
    body, asked, bounded = _read_rule(rule)
    try:
        expanded = rrulestr(body, dtstart=first)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            _(
                "The repeat rule could not be read (%(exc)s). An example that works: "
                "FREQ=WEEKLY;INTERVAL=2;COUNT=6. An UNTIL date must be in UTC, like "
                "20270601T000000Z."
            )
            % {"exc": exc},
            {"recurrence": [_("Not a valid RRULE.")]},
        ) from exc
    stop = program_ends_on or (None if bounded else (first + dt.timedelta(days=366)).date())
    found: list[dt.datetime] = []
    beyond: dt.datetime | None = None  # the first date past the stop, if any
    for start in expanded:
        if stop is not None and start.date() > stop:
            beyond = start
            break
        found.append(start)
        if len(found) > MAX_OCCURRENCES:
            raise InvalidInput(_too_many(bounded, stop), {"recurrence": [_("Too many.")]})
    if not found:
        raise InvalidInput(_no_dates(beyond, program_ends_on), {"recurrence": [_("No dates.")]})
    return SeriesPlan(
        starts=found,
        program_ends_on=program_ends_on,
        asked=asked,
        cut_at_program_end=bounded and beyond is not None and program_ends_on is not None,
    )


def _read_rule(rule: str) -> tuple[str, int | None, bool]:
    """The rule without its RRULE: prefix, its COUNT, and whether it says when it stops."""
    rule = rule.strip().upper()
    if not RULE_SHAPE.match(rule):
        raise InvalidInput(
            _(
                "The repeat rule is not one we can read. Write it like "
                "FREQ=MONTHLY;BYDAY=2WE;COUNT=8 (monthly, on the second Wednesday, 8 times)."
            ),
            {"recurrence": [_("Not an RRULE.")]},
        )
    body = rule.removeprefix("RRULE:")
    parts = dict(p.split("=", 1) for p in body.split(";"))
    if parts.get("FREQ") not in FREQUENCIES:
        raise InvalidInput(
            _("The repeat rule needs FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY."),
            {"recurrence": [_("Unsupported frequency.")]},
        )
    if "COUNT" not in parts:
        return body, None, "UNTIL" in parts
    if not parts["COUNT"].isdigit() or int(parts["COUNT"]) < 1:
        raise InvalidInput(
            _("COUNT is how many gatherings the series has: a whole number such as COUNT=8."),
            {"recurrence": [_("COUNT must be a whole number.")]},
        )
    asked = int(parts["COUNT"])
    if asked > MAX_OCCURRENCES:
        raise InvalidInput(
            _(
                "The rule asks for %(asked)s gatherings (COUNT=%(asked)s), and a series can have "
                "at most %(MAX_OCCURRENCES)s. Use COUNT=%(MAX_OCCURRENCES)s or less; you can "
                "schedule another series later."
            )
            % {"asked": asked, "MAX_OCCURRENCES": MAX_OCCURRENCES},
            {
                "recurrence": [
                    _("At most %(MAX_OCCURRENCES)s gatherings.")
                    % {"MAX_OCCURRENCES": MAX_OCCURRENCES}
                ]
            },
        )
    return body, asked, True


def _too_many(bounded: bool, stop: dt.date | None) -> str:
    params = {"max": MAX_OCCURRENCES, "day": _day(stop) if stop else ""}
    if bounded:
        advice = _(
            "Choose an earlier UNTIL date, or meet less often (INTERVAL=2 is every second time)."
        )
    else:
        advice = _(
            "Say when it stops: add COUNT (how many, such as COUNT=8) or UNTIL (a last date)."
        )
    if stop:
        problem = _("That rule makes more than %(max)s gatherings by %(day)s.") % params
    else:
        problem = _("That rule makes more than %(max)s gatherings.") % params
    return f"{problem} {advice}"


def _no_dates(beyond: dt.datetime | None, program_ends_on: dt.date | None) -> str:
    if beyond is not None and program_ends_on is not None and beyond.date() > program_ends_on:
        return _(
            "The first date of this series, %(day)s, is after the program ends on %(day2)s, "
            "so no gathering would be scheduled. Choose an earlier date."
        ) % {"day": _day(beyond.date()), "day2": _day(program_ends_on)}
    return _(
        "That rule makes no gatherings. Check the first date and the rule: an UNTIL date, "
        "for example, must come after the first date."
    )


def occurrences(rule: str, first: dt.datetime, until: dt.date | None) -> list[dt.datetime]:
    """The start of each gathering a rule makes (see plan_series)."""
    return plan_series(rule, first, until).starts


# --- Scheduling -----------------------------------------------------------------------


class Scheduled(NamedTuple):
    series: Series | None
    gatherings: list[Gathering]
    notice: str  # what the person scheduling should know, such as dates cut at the program's end


def check_schedule(
    *,
    actor: User,
    community: Community,
    title: object,
    starts_at: object,
    duration_minutes: object,
    timezone_name: object = None,
    location: object = "",
    online_url: object = "",
    recurrence: object = None,
    agenda: object = (),
    already_happened: bool | None = None,
    allow_clash: bool = True,
) -> Scheduled:
    """Create one gathering, or one per occurrence of an RRULE, and invite the members to
    those still to come. A start in the past is refused when already_happened is False, and
    required when it is True (see guard_rails); a clash is refused unless allow_clash."""
    title_text = _text(title, "title", TITLE_MAX, required=True)
    zone = _zone(timezone_name or community.program.timezone)
    duration = _duration(duration_minutes)
    place = _text(location, "location", 300)
    url = _url(online_url)
    if not place and not url:
        raise InvalidInput(
            _("Say where the group meets: a place, an online link, or both."),
            {"location": [_("A place or an online link is needed.")]},
        )
    first = _aware(starts_at, zone)
    lines = check_agenda(agenda, community=community)
    if recurrence is not None and not isinstance(recurrence, str):
        raise InvalidInput(
            _(
                "The repeat rule must be text, such as FREQ=MONTHLY;BYDAY=2WE;COUNT=8, or left "
                "empty for a single gathering."
            ),
            {"recurrence": [_("Text or null.")]},
        )
    rule = recurrence.strip() if isinstance(recurrence, str) and recurrence.strip() else None
    plan = (
        plan_series(rule, first, community.program.ends_on) if rule else SeriesPlan(starts=[first])
    )
    now = timezone.now()
    guard_rails.check_when(plan.starts, already_happened=already_happened, now=now)
    if not allow_clash:
        guard_rails.check_no_clash(
            actor=actor, community=community, starts=plan.starts, duration=duration
        )
    with transaction.atomic():
        series = (
            Series.objects.create(community=community, rrule=rule.upper(), created_by=actor)
            if rule
            else None
        )
        gatherings = [
            Gathering.objects.create(
                community=community,
                series=series,
                title=title_text,
                starts_at=start,
                duration_minutes=duration,
                timezone=zone.key,
                location=place,
                online_url=url,
                created_by=actor,
            )
            for start in plan.starts
        ]
        if lines:
            _replace_agenda(gatherings[0], lines)
        record(
            actor,
            "gatherings.schedule",
            community,
            count=len(gatherings),
            rule=rule,
            cut_at_program_end=plan.cut_at_program_end,
        )
        # Nobody is invited to a gathering that already took place.
        upcoming = [g for g in gatherings if g.starts_at > now]
        if upcoming:
            _invite(community, upcoming, "REQUEST", "gathering_invitation")
            _schedule_reminders(upcoming)
    return Scheduled(series, gatherings, plan.notice)


TIME_FIELDS = ("title", "starts_at", "duration_minutes", "timezone", "location", "online_url")


ACTION_POINTS_MAX = 50


def _action_points(points: object) -> list[str]:
    if not isinstance(points, list):
        raise InvalidInput(
            _("Action points must be a list of short texts, one for each thing to do."),
            {"action_points": [_("A list of texts.")]},
        )
    if len(points) > ACTION_POINTS_MAX:
        raise InvalidInput(
            _(
                "There can be at most %(ACTION_POINTS_MAX)s action points; there are %(count)s. "
                "Please combine some of them."
            )
            % {"ACTION_POINTS_MAX": ACTION_POINTS_MAX, "count": len(points)},
            {
                "action_points": [
                    _("At most %(ACTION_POINTS_MAX)s.") % {"ACTION_POINTS_MAX": ACTION_POINTS_MAX}
                ]
            },
        )
    return [p for p in (_text(x, "action_points", 500) for x in points) if p]


CLEANERS: dict[str, Any] = {
    "title": lambda v: _text(v, "title", TITLE_MAX, required=True),
    "duration_minutes": _duration,
    "location": lambda v: _text(v, "location", 300),
    "online_url": _url,
    "notes": lambda v: _text(v, "notes", NOTES_MAX),
    "ideas_next_time": lambda v: _text(v, "ideas_next_time", IDEAS_MAX),
    "action_points": _action_points,
}


def check_update_gathering(
    *, actor: User, gathering: Gathering, changes: dict[str, Any], allow_clash: bool = True
) -> Gathering:
    """Change one occurrence (it then stands on its own), its agenda or its notes. Changes
    to time, place or title bump SEQUENCE and re-send the invitation. A new start or length
    that clashes with another gathering is refused unless allow_clash (see guard_rails)."""
    g = gathering
    known = {*CLEANERS, "starts_at", "timezone", "agenda"}
    unknown = set(changes) - known
    if unknown:
        raise InvalidInput(
            _("These cannot be changed here: %(unknown)s. What can change: %(known)s.")
            % {"unknown": ", ".join(sorted(unknown)), "known": ", ".join(sorted(known))}
        )
    if g.is_cancelled and set(changes) & set(TIME_FIELDS):
        raise Conflict(
            _(
                "This gathering was cancelled, so its time and place no longer change. Schedule "
                "a new gathering instead."
            )
        )
    zone = _zone(changes.get("timezone", g.timezone))
    new: dict[str, Any] = {"timezone": zone.key} if "timezone" in changes else {}
    if "starts_at" in changes:
        new["starts_at"] = _aware(changes["starts_at"], zone)
    new |= {k: clean(changes[k]) for k, clean in CLEANERS.items() if k in changes}
    if not new.get("location", g.location) and not new.get("online_url", g.online_url):
        raise InvalidInput(
            _("Say where the group meets: a place, an online link, or both."),
            {"location": [_("A place or an online link is needed.")]},
        )
    lines = check_agenda(changes["agenda"], community=g.community) if "agenda" in changes else None
    moved = any(k in new and new[k] != getattr(g, k) for k in TIME_FIELDS)
    guard_rails.check_move(actor=actor, gathering=g, new=new, allow_clash=allow_clash)
    with transaction.atomic():
        for field, value in new.items():
            setattr(g, field, value)
        if moved:
            g.sequence += 1
            g.detached = g.series_id is not None
            g.reminder_sent_at = None
        g.save()
        if lines is not None:
            _replace_agenda(g, lines)
        record(actor, "gatherings.update", g.community, gathering_id=g.pk, moved=moved)
        if moved:
            _invite(g.community, [g], "REQUEST", "gathering_changed")
            guests.tell_guests(g)
            _schedule_reminders([g])
        if "notes" in new or "action_points" in new:
            _notes_changed(g)
    return g


def check_update_series(
    *,
    actor: User,
    series: Series,
    title: object,
    local_time: object,
    duration_minutes: object,
    location: object,
    online_url: object,
) -> list[Gathering]:
    """Change the series: only future occurrences that were not changed on their own. Those
    that already match are left alone, so saving without a change sends nothing. Returns
    the gatherings that changed."""
    title_text = _text(title, "title", TITLE_MAX, required=True)
    if not isinstance(local_time, dt.time):
        raise InvalidInput(
            _("Please give the start time as a time of day, such as 19:00."),
            {"start_time": [_("A time of day, such as 19:00.")]},
        )
    duration = _duration(duration_minutes)
    place, url = _text(location, "location", 300), _url(online_url)
    if not place and not url:
        raise InvalidInput(
            _("Say where the group meets: a place, an online link, or both."),
            {"location": [_("A place or an online link is needed.")]},
        )
    wall_clock = local_time.replace(tzinfo=None)
    changed: list[Gathering] = []
    for g in series.gatherings.filter(
        starts_at__gt=timezone.now(), detached=False, cancelled_at__isnull=True
    ):
        new = {
            "starts_at": dt.datetime.combine(g.local_start.date(), wall_clock, tzinfo=g.tz),
            "title": title_text,
            "duration_minutes": duration,
            "location": place,
            "online_url": url,
        }
        if all(getattr(g, field) == value for field, value in new.items()):
            continue
        for field, value in new.items():
            setattr(g, field, value)
        changed.append(g)
    if not changed:
        return []
    with transaction.atomic():
        for g in changed:
            g.sequence += 1
            g.reminder_sent_at = None
            g.save()
        record(actor, "gatherings.update_series", series.community, changed=len(changed))
        _invite(series.community, changed, "REQUEST", "gathering_changed")
        _schedule_reminders(changed)
    return changed


def do_cancel(*, actor: User, gathering: Gathering) -> Gathering:
    if gathering.is_cancelled:
        raise Conflict(_("This gathering is already cancelled."))
    with transaction.atomic():
        gathering.cancelled_at = timezone.now()
        gathering.sequence += 1
        gathering.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        record(actor, "gatherings.cancel", gathering.community, gathering_id=gathering.pk)
        _invite(gathering.community, [gathering], "CANCEL", "gathering_cancelled")
        guests.tell_guests(gathering, cancelled=True)
    return gathering
