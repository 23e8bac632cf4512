"""Scheduling, invitations, RSVPs, agendas, attendance, feedback and debriefs."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django_tasks import default_task_backend, task

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.gatherings import agenda_rows, guard_rails, guests, ics
from fireside.gatherings.answers import answer_links
from fireside.gatherings.models import (
    Activity,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Debrief,
    Feedback,
    Gathering,
    NotificationPrefs,
    Rsvp,
    Series,
    Topic,
    TopicVote,
)
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, Unprocessable
from fireside.lib.i18n import join_words, speaking_to
from fireside.lib.mail import send_templated
from fireside.lib.text import within_limit
from fireside.search import index as search_index

MAX_OCCURRENCES = 60
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
RULE_SHAPE = re.compile(r"^(RRULE:)?[A-Z]+=[A-Z0-9,+\-]+(;[A-Z]+=[A-Z0-9,+\-]+)*$")
TITLE_MAX = 200
TOPIC_MAX = 200
NOTES_MAX = 20_000
IDEAS_MAX = 5000


@dataclass(frozen=True)
class AgendaLine:
    topic: str
    activity: str
    minutes: int
    from_topic_id: int | None = None
    shared_with_guests: bool = False


# --- Checking input -------------------------------------------------------------------

# How each field is named in a sentence; the API's `errors` keep the field's own key.
LABELS = {
    "title": pgettext_lazy("field, with its article", "the title"),
    "location": pgettext_lazy("field, with its article", "the place"),
    "online_url": pgettext_lazy("field, with its article", "the online link"),
    "notes": pgettext_lazy("field, with its article", "the notes"),
    "ideas_next_time": pgettext_lazy("field, with its article", "the ideas for next time"),
    "action_points": pgettext_lazy("field, with its article", "an action point"),
    "topic": pgettext_lazy("field, with its article", "the topic"),
    "details": pgettext_lazy("field, with its article", "the details"),
    "comment": pgettext_lazy("field, with its article", "the comment"),
    "logistics": pgettext_lazy("field, with its article", "logistics"),
    "common_threads": pgettext_lazy("field, with its article", "common threads"),
    "wonderings": pgettext_lazy("field, with its article", "wonderings"),
}


def _label(field: str) -> str:
    return str(LABELS.get(field, field.replace("_", " ")))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")  # month names in the reader's language


def _shown(value: object, limit: int = 40) -> str:
    """Part of what someone sent, quoted in a message: short, on one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: object, field: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(
            _("%(field)s must be written as text.") % {"field": _sentence(_label(field))},
            {field: [_("Must be text.")]},
        )
    value = value.strip()
    if required and not value:
        raise InvalidInput(
            _("Please fill in %(label)s.") % {"label": _label(field)},
            {field: [_("This field is required.")]},
        )
    return within_limit(field, value, limit, _sentence(_label(field)))


def _zone(name: object) -> ZoneInfo:
    if not isinstance(name, str) or name not in available_timezones():
        raise InvalidInput(
            _(
                "“%(shown)s” is not a time zone we know. Use a name such as America/Vancouver or "
                "Europe/Paris."
            )
            % {"shown": _shown(name)},
            {"timezone": [_("Unknown time zone.")]},
        )
    return ZoneInfo(name)


def _duration(minutes: object) -> int:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 5 <= minutes <= 1440:
        raise InvalidInput(
            _(
                "The length of the gathering (duration) must be a whole number of minutes, from "
                "5 to 1440 (24 hours)."
            ),
            {"duration_minutes": [_("From 5 to 1440.")]},
        )
    return minutes


def _url(value: object) -> str:
    url = _text(value, "online_url", 500)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise InvalidInput(
                _(
                    "The online link must be a full web address that starts with https:// (or "
                    "http://)."
                ),
                {"online_url": [_("Enter a valid web address.")]},
            ) from exc
    return url


def _aware(starts_at: object, zone: ZoneInfo) -> dt.datetime:
    """A naive time is wall-clock time in the gathering's zone; an aware one is an instant."""
    if not isinstance(starts_at, dt.datetime):
        raise InvalidInput(
            _("Please give the date and start time of the gathering."),
            {"starts_at": [_("A date and time.")]},
        )
    if timezone.is_naive(starts_at):
        return starts_at.replace(tzinfo=zone)
    return starts_at.astimezone(zone)


AGENDA_MAX = 30
# Larger numbers are no row of ours, and some databases refuse them outright.
ID_MAX = 2**63 - 1


def check_agenda(items: object, *, community: Community) -> list[AgendaLine]:
    """Agenda rows, each with a topic, an activity and minutes. A row may say which of the
    group's proposed topics it comes from; a topic of another group counts as unknown, and
    the refusal never says whether such a topic exists."""
    if items is None:
        items = []
    if not isinstance(items, list | tuple):
        raise InvalidInput(
            _("The agenda must be a list of items, each with a topic, an activity and minutes."),
            {"agenda": [_("A list of items.")]},
        )
    if len(items) > AGENDA_MAX:
        raise InvalidInput(
            _("An agenda can have at most %(AGENDA_MAX)s items; this one has %(count)s.")
            % {"AGENDA_MAX": AGENDA_MAX, "count": len(items)},
            {"agenda": [_("At most %(AGENDA_MAX)s items.") % {"AGENDA_MAX": AGENDA_MAX}]},
        )
    lines = [
        _agenda_line(_("Agenda item %(n)s") % {"n": i + 1}, item) for i, item in enumerate(items)
    ]
    _check_proposed_topics(lines, community)
    return lines


def _agenda_line(where: str, item: object) -> AgendaLine:
    if not isinstance(item, dict):
        raise InvalidInput(
            _("%(where)s must have a topic, an activity and minutes.") % {"where": where},
            {"agenda": [_("Each item needs a topic, an activity and minutes.")]},
        )
    activity = item.get("activity")
    if not isinstance(activity, str) or activity not in Activity.values:
        raise InvalidInput(
            _("%(where)s: “%(shown)s” is not one of the activities. Choose one of: %(values)s.")
            % {"where": where, "shown": _shown(activity), "values": ", ".join(Activity.values)},
            {"agenda": [_("Unknown activity.")]},
        )
    minutes = item.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
        raise InvalidInput(
            _("%(where)s: the minutes must be a whole number from 1 to 600 (10 hours).")
            % {"where": where},
            {"agenda": [_("Minutes from 1 to 600.")]},
        )
    topic = item.get("topic")
    if not isinstance(topic, str) or not topic.strip():
        raise InvalidInput(
            _("%(where)s: please write a topic.") % {"where": where},
            {"agenda": [_("Each item needs a topic.")]},
        )
    if len(topic.strip()) > TOPIC_MAX:
        raise InvalidInput(
            _("%(where)s: the topic is too long; please keep it to %(TOPIC_MAX)s characters.")
            % {"where": where, "TOPIC_MAX": TOPIC_MAX},
            {
                "agenda": [
                    _("Topics of at most %(TOPIC_MAX)s characters.") % {"TOPIC_MAX": TOPIC_MAX}
                ]
            },
        )
    from_topic = item.get("from_topic_id")
    if from_topic is not None and (not isinstance(from_topic, int) or isinstance(from_topic, bool)):
        raise InvalidInput(
            _(
                "%(where)s: from_topic_id must be the number of one of the group's proposed "
                "topics, or left out."
            )
            % {"where": where},
            {"agenda": [_("from_topic_id must be a whole number.")]},
        )
    shared = item.get("shared_with_guests", False)
    if not isinstance(shared, bool):
        raise InvalidInput(
            _("%(where)s: shared_with_guests must be true or false.") % {"where": where},
            {"agenda": [_("shared_with_guests must be true or false.")]},
        )
    return AgendaLine(
        topic=topic.strip(),
        activity=activity,
        minutes=minutes,
        from_topic_id=from_topic,
        shared_with_guests=shared,
    )


def _check_proposed_topics(lines: list[AgendaLine], community: Community) -> None:
    asked = {line.from_topic_id for line in lines if line.from_topic_id is not None}
    if not asked:
        return
    known = set(
        Topic.objects.filter(
            community=community, pk__in=[pk for pk in asked if 0 < pk <= ID_MAX]
        ).values_list("pk", flat=True)
    )
    for i, line in enumerate(lines):
        if line.from_topic_id is not None and line.from_topic_id not in known:
            raise InvalidInput(
                _(
                    "Agenda item %(value)s comes from a proposed topic that is not on this "
                    "group's list (it may have been removed). Take the item out, or add it again "
                    "from the list of topics."
                )
                % {"value": i + 1},
                {"agenda": [_("Not one of this group's proposed topics.")]},
            )


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
    for start in expanded:  # type: ignore[attr-defined]
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


def _replace_agenda(gathering: Gathering, lines: list[AgendaLine]) -> None:
    """The lines were checked by check_agenda. A proposed topic on the agenda is marked as
    used there; one taken off it goes back on the group's list."""
    topics = {
        t.pk: t
        for t in Topic.objects.filter(
            community=gathering.community,
            pk__in=[x.from_topic_id for x in lines if x.from_topic_id],
        )
    }
    # An item that stays is updated in place, keeping what hangs on it (agenda_rows.py).
    old = list(gathering.agenda.all())
    kept = agenda_rows.match(old, lines)
    gathering.agenda.exclude(pk__in=[item.pk for item in kept if item]).delete()
    items = [
        AgendaItem(
            pk=item.pk if item else None,
            gathering=gathering,
            position=i,
            topic=line.topic,
            activity=line.activity,
            minutes=line.minutes,
            from_topic=topics.get(line.from_topic_id or 0),
            shared_with_guests=line.shared_with_guests,
        )
        for i, (line, item) in enumerate(zip(lines, kept, strict=True))
    ]
    fields = ["position", "topic", "activity", "minutes", "from_topic", "shared_with_guests"]
    AgendaItem.objects.bulk_update([a for a in items if a.pk], fields)
    AgendaItem.objects.bulk_create([a for a in items if not a.pk])
    Topic.objects.filter(used_in=gathering).exclude(pk__in=list(topics)).update(used_in=None)
    Topic.objects.filter(pk__in=list(topics)).update(used_in=gathering)


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


# --- Emails, reminders and calendars --------------------------------------------------


def _prefs(user: User) -> NotificationPrefs:
    try:
        return user.gathering_prefs  # type: ignore[attr-defined,no-any-return]
    except NotificationPrefs.DoesNotExist:
        return NotificationPrefs(user=user)


def _members(community: Community) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            community=community, status=Membership.Status.ACTIVE
        ).select_related("user__gathering_prefs")
    ]


def local_time_for(user: User, when: dt.datetime, fallback: str) -> dt.datetime:
    """A time as the recipient reads it: in their own zone when they set one."""
    name = getattr(user, "timezone", "") or fallback
    return when.astimezone(ZoneInfo(name))


def _invite(community: Community, gatherings: list[Gathering], method: str, template: str) -> None:
    for user in _members(community):
        if not _prefs(user).invitations:
            continue
        with speaking_to(user):  # the calendar file in the recipient's language too
            content = ics.calendar(
                gatherings, method=method, attendee=user.email, name=community.name
            )
        first = gatherings[0]
        send_templated(
            template,
            {
                "user": user,
                "community": community,
                "gatherings": gatherings,
                "first": first,
                "times": [local_time_for(user, g.starts_at, g.timezone) for g in gatherings],
                # One tap to answer, for the first of them; none for a cancellation.
                "answer": None if method == "CANCEL" else answer_links(user=user, gathering=first),
            },
            user.email,
            attachments=[
                {
                    "filename": "cancel.ics" if method == "CANCEL" else "invite.ics",
                    "content": content.decode(),
                    "mimetype": f"text/calendar; method={method}; charset=utf-8",
                }
            ],
        )


def _schedule_reminders(gatherings: list[Gathering]) -> None:
    """Queue a reminder for each gathering, run by the worker at the right time. Backends
    that cannot wait (the in-process one used by tests) skip this; send_reminder is then
    called directly."""
    if not default_task_backend.supports_defer:
        return
    lead = dt.timedelta(days=settings.GATHERING_REMINDER_DAYS)
    for g in gatherings:
        when = g.starts_at - lead
        if when > timezone.now():
            transaction.on_commit(partial(_enqueue_reminder, g.pk, g.sequence, when))


def _enqueue_reminder(gathering_id: int, sequence: int, when: dt.datetime) -> None:
    send_reminder.using(run_after=when).enqueue(gathering_id=gathering_id, sequence=sequence)


@task()
def send_reminder(*, gathering_id: int, sequence: int) -> int:
    """Remind the members of a gathering, with its agenda. A reminder queued before a
    change (another SEQUENCE) or a cancellation does nothing. Returns emails sent."""
    with transaction.atomic():
        g = (
            Gathering.objects.select_for_update()
            .select_related("community")
            .filter(pk=gathering_id, sequence=sequence, cancelled_at__isnull=True)
            .first()
        )
        if g is None or g.reminder_sent_at is not None or _started(g):
            return 0
        sent = 0
        agenda = list(g.agenda.all())
        for user in _members(g.community):
            if _prefs(user).reminders:
                send_templated(
                    "gathering_reminder",
                    {
                        "user": user,
                        "gathering": g,
                        "community": g.community,
                        "agenda": agenda,
                        "time": local_time_for(user, g.starts_at, g.timezone),
                        "answer": answer_links(user=user, gathering=g),
                    },
                    user.email,
                )
                sent += 1
        g.reminder_sent_at = timezone.now()
        g.save(update_fields=["reminder_sent_at"])
    return sent


def _notes_changed(g: Gathering) -> None:
    _index_notes(g)
    # A cancelled gathering did not happen: nobody is mailed notes about it.
    if g.notes and g.notes_sent_at is None and _started(g) and not g.is_cancelled:
        _send_notes(g)


def _index_notes(g: Gathering) -> None:
    """Members find a gathering by what its notes say."""
    text = "\n".join([g.notes, *g.action_points])
    if not text.strip():
        search_index.remove(type="gathering", object_id=g.pk)
        return
    search_index.put(
        type="gathering",
        object_id=g.pk,
        community=g.community_id,
        title=g.title,
        body=text,
        url=reverse("gatherings:detail", kwargs={"gathering_id": g.pk}),
    )


def _send_notes(g: Gathering) -> None:
    for user in _members(g.community):
        if _prefs(user).notes:
            send_templated(
                "gathering_notes",
                {"user": user, "gathering": g, "community": g.community},
                user.email,
            )
    g.notes_sent_at = timezone.now()
    g.save(update_fields=["notes_sent_at"])


def feed_for(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": CalendarFeed.new_token()}
    )
    return feed


def do_rotate_feed(*, user: User) -> CalendarFeed:
    feed = feed_for(user)
    feed.token = CalendarFeed.new_token()
    feed.save(update_fields=["token", "created_at"])
    record(user, "gatherings.rotate_feed", user)
    return feed


def gatherings_for(user: User) -> Any:
    """Every gathering of the groups a person is an active member of."""
    return (
        Gathering.objects.filter(
            community__memberships__user=user,
            community__memberships__status=Membership.Status.ACTIVE,
        )
        .select_related("community")
        .order_by("starts_at")
    )


def do_set_prefs(*, user: User, invitations: bool, reminders: bool, notes: bool) -> None:
    NotificationPrefs.objects.update_or_create(
        user=user, defaults={"invitations": invitations, "reminders": reminders, "notes": notes}
    )


# --- Between and after ----------------------------------------------------------------


def _started(g: Gathering) -> bool:
    return g.starts_at <= timezone.now()


def do_rsvp(*, user: User, gathering: Gathering, response: object) -> Rsvp:
    if not isinstance(response, str) or response not in Rsvp.Response.values:
        raise InvalidInput(
            _("Please answer yes, no or maybe."), {"response": [_("Choose yes, no or maybe.")]}
        )
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is nothing to answer."))
    if gathering.ends_at <= timezone.now():
        raise Unprocessable(
            _(
                "This gathering is over, so it no longer takes answers. The facilitator records "
                "who came."
            )
        )
    rsvp, _created = Rsvp.objects.update_or_create(
        gathering=gathering, user=user, defaults={"response": response}
    )
    return rsvp


def attendance_candidates(g: Gathering) -> QuerySet[Membership]:
    """The memberships of the people who were in the group when the gathering took place:
    joined by the day it ended (joined_on is a date, taken in settings.TIME_ZONE), and
    still active, or gone only after it began. Someone who rejoined has several rows."""
    day = timezone.localdate(g.ends_at)
    return Membership.objects.filter(
        Q(joined_on__lte=day)
        & (
            Q(status=Membership.Status.ACTIVE)
            | Q(status=Membership.Status.LEFT, left_at__gte=g.starts_at)
        ),
        community=g.community,
    )


def _eligible_attendees(g: Gathering) -> set[int]:
    return set(attendance_candidates(g).values_list("user_id", flat=True))


def _attendance_row(i: int, row: object, g: Gathering) -> Attendance:
    where = _("Attendance row %(n)s") % {"n": i + 1}
    if not isinstance(row, dict):
        raise InvalidInput(
            _("%(where)s must give a user_id, and whether the person was present.")
            % {"where": where}
        )
    user_id, present = row.get("user_id"), row.get("present", True)
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InvalidInput(_("%(where)s: the user_id must be a whole number.") % {"where": where})
    if not isinstance(present, bool):
        raise InvalidInput(_("%(where)s: present must be true or false.") % {"where": where})
    minutes = row.get("minutes")
    if minutes is None:
        minutes = g.duration_minutes if present else 0
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 1440:
        raise InvalidInput(
            _("%(where)s: the minutes must be a whole number from 0 to 1440 (24 hours).")
            % {"where": where},
            {"minutes": [_("From 0 to 1440.")]},
        )
    if present and minutes > g.duration_minutes:
        raise Unprocessable(
            _("%(where)s: at most %(length)s minutes, the length of the gathering.")
            % {"where": where, "length": g.duration_minutes},
            {"minutes": [_("At most %(length)s.") % {"length": g.duration_minutes}]},
        )
    return Attendance(
        gathering=g, user_id=user_id, present=present, minutes=minutes if present else 0
    )


def _not_members_message(g: Gathering, strangers: set[int]) -> str:
    """Name the people the group knows (they were members at some other time); only count
    the others, so a name from outside the group is never shown."""
    former = {
        m.user_id: m.user.display_name
        for m in Membership.objects.filter(
            community=g.community,
            user_id__in=[pk for pk in strangers if 0 < pk <= ID_MAX],
            joined_on__isnull=False,
        ).select_related("user")
    }
    names = sorted(former.values())
    others = len(strangers - set(former))
    parts = []
    if names:
        parts.append(
            ngettext(
                "%(names)s was not a member of the group at the time of this gathering",
                "%(names)s were not members of the group at the time of this gathering",
                len(names),
            )
            % {"names": join_words(names)}
        )
    if others and names:
        parts.append(
            ngettext(
                "%(n)s other person on the list is not in this group",
                "%(n)s other people on the list are not in this group",
                others,
            )
            % {"n": others}
        )
    elif others:
        parts.append(
            ngettext(
                "%(n)s person on the list is not in this group",
                "%(n)s people on the list are not in this group",
                others,
            )
            % {"n": others}
        )
    return _(
        "Attendance was not saved: %(problems)s. Only people who were members when the "
        "gathering took place can be listed."
    ) % {"problems": join_words(parts)}


def _credited(rows: Any) -> dict[int, int]:
    """The minutes each person is credited (fireside/hours counts only those present)."""
    return {a.user_id: a.minutes if a.present else 0 for a in rows}


def _record_corrections(
    actor: User, g: Gathering, before: dict[int, int], after: dict[int, int]
) -> None:
    """A change to an attendance already recorded changes someone's hours: keep it, one
    event per person (targeted at them), so their hours ledger can show its history."""
    if not before:
        return
    for user_id in sorted(before.keys() | after.keys()):
        was, now = before.get(user_id, 0), after.get(user_id, 0)
        if was != now:
            record(
                actor,
                "gatherings.attendance_corrected",
                User(pk=user_id),
                gathering_id=g.pk,
                was_minutes=was,
                now_minutes=now,
            )


def check_record_attendance(
    *, actor: User, gathering: Gathering, rows: list[dict[str, Any]]
) -> list[Attendance]:
    """Replace the attendance record. Minutes default to the gathering's length; a row saved
    unchanged keeps who recorded it, so a self check-in stays marked as one."""
    g = gathering
    if not _started(g):
        raise Conflict(_("Attendance can be recorded once the gathering has started."))
    if g.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is no attendance to record."))
    if not isinstance(rows, list) or len(rows) > 50:
        raise InvalidInput(
            _("Attendance must be a list with one row for each person: at most 50 rows.")
        )
    eligible = _eligible_attendees(g)
    seen: set[int] = set()
    clean: list[Attendance] = []
    for i, row in enumerate(rows):
        item = _attendance_row(i, row, g)
        if item.user_id in seen:
            raise InvalidInput(
                _(
                    "Attendance row %(value)s lists the same person twice; please list each "
                    "person once."
                )
                % {"value": i + 1}
            )
        seen.add(item.user_id)
        item.recorded_by = actor
        clean.append(item)
    strangers = seen - eligible
    if strangers:
        raise Unprocessable(
            _not_members_message(g, strangers), {"user_id": [_("Not a member of this group.")]}
        )
    with transaction.atomic():
        kept = {a.user_id: a for a in g.attendance.all()}
        before = _credited(kept.values())
        for item in clean:  # a row saved as it was keeps who recorded it (a self check-in)
            old = kept.get(item.user_id)
            if old and (old.present, old.minutes) == (item.present, item.minutes):
                item.recorded_by_id = old.recorded_by_id
        g.attendance.all().delete()
        Attendance.objects.bulk_create(clean)
        record(actor, "gatherings.attendance", g.community, gathering_id=g.pk, rows=len(clean))
        _record_corrections(actor, g, before, _credited(clean))
    return list(g.attendance.select_related("user"))


def do_propose_topic(*, user: User, community: Community, title: object, details: object) -> Topic:
    """A member suggests a topic; it comes with their own vote."""
    title_text = _text(title, "title", TOPIC_MAX, required=True)
    details_text = _text(details, "details", 2000)
    with transaction.atomic():
        topic = Topic.objects.create(
            community=community, proposed_by=user, title=title_text, details=details_text
        )
        TopicVote.objects.create(topic=topic, user=user)
        record(user, "gatherings.propose_topic", community, topic_id=topic.pk)
    return topic


def do_toggle_vote(*, user: User, topic: Topic) -> bool:
    """Vote for a topic, or take the vote back. Returns whether the vote now stands."""
    deleted, _by_model = TopicVote.objects.filter(topic=topic, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            TopicVote.objects.create(topic=topic, user=user)
    except IntegrityError:
        pass
    return True


def _activity(value: object, field: str, label: str) -> str:
    """One activity type, or "" for none."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or len(value) > 32:
        raise InvalidInput(
            _("%(label)s must be one activity, such as story_sharing, or left empty.")
            % {"label": label},
            {field: [_("One activity.")]},
        )
    if value not in Activity.values:
        raise InvalidInput(
            _("%(label)s: “%(shown)s” is not one of the activities. Choose one of: %(values)s.")
            % {"label": label, "shown": _shown(value), "values": ", ".join(Activity.values)},
            {field: [_("Unknown activity.")]},
        )
    return value


def do_give_feedback(
    *,
    user: User,
    gathering: Gathering,
    worked: object = (),
    more_of: object = "",
    less_of: object = "",
    comment: object = "",
) -> Feedback:
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is nothing to give feedback on."))
    if not _started(gathering):
        raise Conflict(_("Feedback opens once the gathering has taken place."))
    if worked is None:
        worked = []
    if not isinstance(worked, list | tuple) or len(worked) > len(Activity.values):
        raise InvalidInput(
            _('“What worked” must be a list of activities, such as ["story_sharing"].'),
            {"worked": [_("A list of activities.")]},
        )
    fields = {
        "worked": sorted({_activity(w, "worked", _("What worked")) for w in worked} - {""}),
        "more_of": _activity(more_of, "more_of", _("More of")),
        "less_of": _activity(less_of, "less_of", _("Less of")),
        "comment": _text(comment, "comment", 2000),
    }
    feedback, _created = Feedback.objects.update_or_create(
        gathering=gathering, user=user, defaults=fields
    )
    return feedback


@dataclass(frozen=True)
class ActivityScore:
    activity: str
    label: str
    planned: int
    worked: int
    more: int
    less: int

    @property
    def score(self) -> int:
        return self.worked + self.more - self.less


def activity_scores(community: Community) -> list[ActivityScore]:
    """Which kinds of activity the group rates best, from members' feedback (no names)."""
    # A cancelled gathering did not take place: its agenda and any answers do not count.
    held = {"gathering__community": community, "gathering__cancelled_at__isnull": True}
    planned = Counter(AgendaItem.objects.filter(**held).values_list("activity", flat=True))
    worked: Counter[str] = Counter()
    more: Counter[str] = Counter()
    less: Counter[str] = Counter()
    for w, m, lo in Feedback.objects.filter(**held).values_list("worked", "more_of", "less_of"):
        worked.update(w or [])
        if m:
            more[m] += 1
        if lo:
            less[lo] += 1
    labels = dict(Activity.choices)
    scores = [
        ActivityScore(a, str(labels[a]), planned[a], worked[a], more[a], less[a])
        for a in Activity.values
        if planned[a] or worked[a] or more[a] or less[a]
    ]
    return sorted(scores, key=lambda s: (-s.score, s.label))


def check_file_debrief(
    *,
    actor: User,
    gathering: Gathering,
    logistics: object,
    common_threads: object,
    wonderings: object,
) -> tuple[Debrief, bool]:
    """The facilitator and a mentor look back. Returns (debrief, created)."""
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is nothing to debrief."))
    if not _started(gathering):
        raise Conflict(_("The debrief can be written once the gathering has started."))
    fields = {
        "logistics": _text(logistics, "logistics", 5000),
        "common_threads": _text(common_threads, "common_threads", 5000),
        "wonderings": _text(wonderings, "wonderings", 5000),
    }
    if not any(fields.values()):
        raise InvalidInput(
            _(
                "Please write something in at least one of the boxes: logistics, common threads "
                "or wonderings."
            )
        )
    with transaction.atomic():
        debrief, created = Debrief.objects.update_or_create(
            gathering=gathering, defaults={**fields, "written_by": actor}
        )
        record(actor, "gatherings.debrief", gathering.community, gathering_id=gathering.pk)
    return debrief, created
