"""Choosing dates together: a facilitator or organiser proposes a few times (or, for a
series, a few weekdays and times), members answer yes / if need be / no, and the best
option becomes a gathering (or a series) through the ordinary scheduling action, so the
invitations go out as usual.

`check_*` functions validate everything first and change nothing when they refuse; the
writes happen inside one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.gatherings import checks, notices, scheduling
from fireside.gatherings.checks import _day, _duration, _text, _url, _zone
from fireside.gatherings.models import DatePoll, PollAnswer, PollOption
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput
from fireside.lib.i18n import speaking_to
from fireside.lib.mail import send_templated

MIN_OPTIONS = 2
MAX_OPTIONS = 10
NOTE_MAX = 2000
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
Answer = PollAnswer.Answer


@dataclass(frozen=True)
class OptionIn:
    """One checked option, before it is written."""

    duration_minutes: int
    timezone: str
    starts_at: dt.datetime | None = None
    weekday: int | None = None
    time: dt.time | None = None


def today_for(community: Community) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(community.program.timezone)).date()


def describe(option: PollOption) -> str:
    """An option as people read it: "Wednesday 13 January 2027, 19:00 (90 min)" or
    "Wednesdays at 19:00 (90 min)", in the option's time zone."""
    if option.starts_at is not None:
        when = date_format(option.starts_at.astimezone(option.tz), _("l j F Y, H:i"))
    else:
        when = _("%(weekday)s at %(time)s") % {
            "weekday": WEEKDAYS[option.weekday or 0],
            "time": time_format(option.time or dt.time(0), "H:i"),
        }
    return _("%(when)s (%(minutes)s min)") % {"when": when, "minutes": option.duration_minutes}


# --- Creating a poll ---------------------------------------------------------------------


def _closes_on(value: object, community: Community) -> dt.date:
    program = community.program
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInput(
            _("Please say on which day answers close."),
            {"closes_on": [_("A date.")]},
        )
    if value < today_for(community):
        raise InvalidInput(
            _("The poll cannot close in the past: choose today or a later day."),
            {"closes_on": [_("Today or later.")]},
        )
    if value > program.ends_on:
        raise InvalidInput(
            _("The poll must close by the end of the program, on %(end)s.")
            % {"end": _day(program.ends_on)},
            {"closes_on": [_("Within the program's dates.")]},
        )
    return value


def _option(
    index: int, raw: object, kind: str, community: Community, default_zone: ZoneInfo
) -> OptionIn:
    where = _("Option %(n)s") % {"n": index + 1}
    if not isinstance(raw, dict):
        raise InvalidInput(
            _("%(where)s is not an option we can read.") % {"where": where},
            {"options": [_("Each option is an object.")]},
        )
    zone = _zone(raw.get("timezone") or default_zone.key)
    minutes = _duration(raw.get("duration_minutes"))
    program = community.program
    if kind == DatePoll.Kind.SERIES:
        weekday, time = raw.get("weekday"), raw.get("time")
        if (
            not isinstance(weekday, int)
            or isinstance(weekday, bool)
            or not 0 <= weekday <= 6
            or not isinstance(time, dt.time)
        ):
            raise InvalidInput(
                _("%(where)s needs a weekday and a time.") % {"where": where},
                {"options": [_("A weekday (0 is Monday) and a time.")]},
            )
        return OptionIn(minutes, zone.key, weekday=weekday, time=time.replace(tzinfo=None))
    starts = raw.get("starts_at")
    if not isinstance(starts, dt.datetime):
        raise InvalidInput(
            _("%(where)s needs a date and a start time.") % {"where": where},
            {"options": [_("A date and time.")]},
        )
    start = starts.replace(tzinfo=zone) if timezone.is_naive(starts) else starts.astimezone(zone)
    if start <= timezone.now():
        raise InvalidInput(
            _("%(where)s, %(day)s, is in the past. Propose dates still to come.")
            % {"where": where, "day": _day(start.date())},
            {"options": [_("In the future.")]},
        )
    if not program.starts_on <= start.date() <= program.ends_on:
        raise InvalidInput(
            _("%(where)s, %(day)s, is outside the program, which runs from %(start)s to %(end)s.")
            % {
                "where": where,
                "day": _day(start.date()),
                "start": _day(program.starts_on),
                "end": _day(program.ends_on),
            },
            {"options": [_("Within the program's dates.")]},
        )
    return OptionIn(minutes, zone.key, starts_at=start.replace(microsecond=0))


def _key(option: OptionIn) -> tuple[Any, ...]:
    if option.starts_at is not None:
        return (option.starts_at.astimezone(dt.UTC), option.duration_minutes)
    return (option.weekday, option.time, option.timezone, option.duration_minutes)


def check_options(options: object, kind: str, community: Community) -> list[OptionIn]:
    if not isinstance(options, list | tuple):
        raise InvalidInput(
            _("Please propose from %(min)s to %(max)s options.")
            % {"min": MIN_OPTIONS, "max": MAX_OPTIONS},
            {"options": [_("A list of options.")]},
        )
    if len(options) < MIN_OPTIONS:
        raise InvalidInput(
            _(
                "A poll needs at least %(min)s options to choose from; you proposed %(n)s. "
                "With one date, plan the gathering directly."
            )
            % {"min": MIN_OPTIONS, "n": len(options)},
            {"options": [_("At least %(min)s.") % {"min": MIN_OPTIONS}]},
        )
    if len(options) > MAX_OPTIONS:
        raise InvalidInput(
            _("A poll can offer at most %(max)s options; you proposed %(n)s.")
            % {"max": MAX_OPTIONS, "n": len(options)},
            {"options": [_("At most %(max)s.") % {"max": MAX_OPTIONS}]},
        )
    zone = ZoneInfo(community.program.timezone)
    checked = [_option(i, raw, kind, community, zone) for i, raw in enumerate(options)]
    seen: dict[tuple[Any, ...], int] = {}
    for i, option in enumerate(checked):
        first = seen.setdefault(_key(option), i)
        if first != i:
            raise InvalidInput(
                _("Options %(a)s and %(b)s are the same. Propose each time once.")
                % {"a": first + 1, "b": i + 1},
                {"options": [_("Each option once.")]},
            )
    if kind == DatePoll.Kind.ONCE:
        checked.sort(key=lambda o: o.starts_at or timezone.now())
    return checked


def check_create_poll(
    *,
    actor: User,
    community: Community,
    title: object,
    closes_on: object,
    options: object,
    note: object = "",
    kind: object = DatePoll.Kind.ONCE,
    location: object = "",
    online_url: object = "",
) -> DatePoll:
    """Open a poll and invite the group's members to answer it."""
    title_text = _text(title, "title", checks.TITLE_MAX, required=True)
    note_text = _text(note, "note", NOTE_MAX)
    if kind not in DatePoll.Kind.values:
        raise InvalidInput(
            _("A poll is for one gathering (once) or for a series (series)."),
            {"kind": [_("once or series")]},
        )
    closes = _closes_on(closes_on, community)
    checked = check_options(options, str(kind), community)
    if kind == DatePoll.Kind.ONCE:
        first = min(o.starts_at.date() for o in checked if o.starts_at)
        if closes > first:
            raise InvalidInput(
                _(
                    "The poll would close on %(closes)s, after the first date it proposes "
                    "(%(first)s). Close it earlier, so the group knows in time."
                )
                % {"closes": _day(closes), "first": _day(first)},
                {"closes_on": [_("On or before the first date proposed.")]},
            )
    place = _text(location, "location", 300)
    url = _url(online_url)
    with transaction.atomic():
        poll = DatePoll.objects.create(
            community=community,
            title=title_text,
            note=note_text,
            kind=str(kind),
            closes_on=closes,
            location=place,
            online_url=url,
            created_by=actor,
        )
        PollOption.objects.bulk_create(
            PollOption(
                poll=poll,
                position=i,
                starts_at=o.starts_at,
                weekday=o.weekday,
                time=o.time,
                duration_minutes=o.duration_minutes,
                timezone=o.timezone,
            )
            for i, o in enumerate(checked)
        )
        record(actor, "gatherings.poll_open", community, poll=poll.pk, options=len(checked))
        _invite_to_answer(poll, actor)
    return poll


def _invite_to_answer(poll: DatePoll, actor: User) -> None:
    """Each active member but the one who opened it, in their own language, unless they
    turned invitations off."""
    members = (
        Membership.objects.filter(community=poll.community, status=Membership.Status.ACTIVE)
        .exclude(user=actor)
        .select_related("user__gathering_prefs")
    )
    options = list(poll.options.all())
    for m in members:
        if not notices._prefs(m.user).invitations:
            continue
        with speaking_to(m.user):
            described = [describe(o) for o in options]
        send_templated(
            "date_poll_invitation",
            {
                "user": m.user,
                "poll": poll,
                "community": poll.community,
                "options": described,
                "closes_on": poll.closes_on,
                "asked_by": actor,
            },
            m.user.email,
        )


# --- Answering ---------------------------------------------------------------------------


def do_answer_poll(*, user: User, poll: DatePoll, answers: object) -> list[PollAnswer]:
    """Answers: {option id: "yes" | "if_need_be" | "no"}, at least one. A member can change
    them until the poll closes; an option left out keeps its earlier answer."""
    if not poll.is_open_on(today_for(poll.community)):
        raise Conflict(
            _("This poll is closed: answers can no longer change."),
            {"answers": [_("The poll is closed.")]},
        )
    if not isinstance(answers, dict) or not answers:
        raise InvalidInput(
            _("Please answer at least one option: yes, if need be, or no."),
            {"answers": [_("At least one answer.")]},
        )
    options = {o.pk: o for o in poll.options.all()}
    wanted: dict[int, str] = {}
    for key, value in answers.items():
        try:
            option_id = int(key)
        except (TypeError, ValueError):
            option_id = -1
        if option_id not in options:
            raise InvalidInput(
                _("One of the answers is for an option this poll does not have."),
                {"answers": [_("Unknown option.")]},
            )
        if value not in Answer.values:
            raise InvalidInput(
                _("Each answer is yes, if need be, or no."),
                {"answers": [_("yes, if_need_be or no")]},
            )
        wanted[option_id] = str(value)
    with transaction.atomic():
        saved = [
            PollAnswer.objects.update_or_create(
                option=options[option_id], user=user, defaults={"answer": answer}
            )[0]
            for option_id, answer in wanted.items()
        ]
    return saved


# --- Results and deciding --------------------------------------------------------------


@dataclass
class OptionResult:
    option: PollOption
    label: str
    names: dict[str, list[str]] = field(default_factory=dict)  # answer -> names

    def count(self, answer: str) -> int:
        return len(self.names.get(answer, []))

    @property
    def yes(self) -> int:
        return self.count(Answer.YES)

    @property
    def if_need_be(self) -> int:
        return self.count(Answer.IF_NEED_BE)

    @property
    def no(self) -> int:
        return self.count(Answer.NO)


def results(poll: DatePoll) -> list[OptionResult]:
    """Every option with who answered what (active members only), the best first: most yes,
    then most if need be, then the earliest."""
    members = set(
        Membership.objects.filter(
            community=poll.community, status=Membership.Status.ACTIVE
        ).values_list("user_id", flat=True)
    )
    answers = PollAnswer.objects.filter(user_id__in=members).select_related("user")
    options = poll.options.prefetch_related(Prefetch("answers", queryset=answers))
    found = []
    for option in options:
        result = OptionResult(option=option, label=describe(option))
        for a in sorted(option.answers.all(), key=lambda a: a.user.display_name.lower()):
            result.names.setdefault(a.answer, []).append(a.user.display_name)
        found.append(result)
    found.sort(key=lambda r: (-r.yes, -r.if_need_be, r.option.position))
    return found


def answers_of(user: User, poll: DatePoll) -> dict[int, str]:
    return dict(
        PollAnswer.objects.filter(option__poll=poll, user=user).values_list("option_id", "answer")
    )


def first_start(option: PollOption, today: dt.date) -> dt.datetime:
    """A series option's first gathering: its weekday on or after tomorrow, at its time."""
    weekday, time = option.weekday or 0, option.time or dt.time(0)
    day = today + dt.timedelta(days=1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return dt.datetime.combine(day, time)


def check_decide_poll(
    *,
    actor: User,
    poll: DatePoll,
    option_id: object,
    title: object = None,
    location: object = None,
    online_url: object = None,
    every_weeks: object = 1,
    count: object = None,
) -> scheduling.Scheduled:
    """Turn one option into a gathering (or, for a series poll, a weekly series) through the
    scheduling action, so the members are invited as usual; the poll is then decided."""
    if poll.state == DatePoll.State.DECIDED:
        raise Conflict(
            _("This poll was already turned into a gathering."),
            {"option_id": [_("Already decided.")]},
        )
    option = next((o for o in poll.options.all() if o.pk == option_id), None)
    if option is None:
        raise InvalidInput(
            _("Choose one of the poll's options."), {"option_id": [_("Unknown option.")]}
        )
    rule = None
    starts: Any = option.starts_at
    if starts is not None and starts <= timezone.now():
        raise InvalidInput(
            _("That date has passed. Choose an option still to come, or open a new poll."),
            {"option_id": [_("In the past.")]},
        )
    if poll.kind == DatePoll.Kind.SERIES:
        if every_weeks not in (1, 2, 3, 4) or isinstance(every_weeks, bool):
            raise InvalidInput(
                _("A series meets every week, or every 2, 3 or 4 weeks."),
                {"every_weeks": [_("From 1 to 4.")]},
            )
        if count is not None and (
            not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 60
        ):
            raise InvalidInput(
                _(
                    "How many gatherings: a whole number from 1 to 60, or leave it empty for "
                    "every week until the program ends."
                ),
                {"count": [_("From 1 to 60.")]},
            )
        rule = f"FREQ=WEEKLY;INTERVAL={every_weeks};BYDAY={BYDAY[option.weekday or 0]}"
        if count:
            rule += f";COUNT={count}"
        starts = first_start(option, today_for(poll.community))
    with transaction.atomic():
        scheduled = scheduling.check_schedule(
            actor=actor,
            community=poll.community,
            title=poll.title if title in (None, "") else title,
            starts_at=starts,
            duration_minutes=option.duration_minutes,
            timezone_name=option.timezone,
            location=poll.location if location is None else location,
            online_url=poll.online_url if online_url is None else online_url,
            recurrence=rule,
        )
        poll.state = DatePoll.State.DECIDED
        poll.decided_at = timezone.now()
        poll.gathering = scheduled.gatherings[0]
        poll.series = scheduled.series
        poll.save(update_fields=["state", "decided_at", "gathering", "series"])
        record(actor, "gatherings.poll_decide", poll.community, poll=poll.pk, option=option.pk)
    return scheduled


def polls_of(community: Community) -> QuerySet[DatePoll]:
    return DatePoll.objects.filter(community=community).select_related("community__program")


def open_polls(community: Community) -> list[DatePoll]:
    return list(
        DatePoll.objects.filter(
            community=community,
            state=DatePoll.State.OPEN,
            closes_on__gte=today_for(community),
        ).order_by("closes_on", "pk")[:10]
    )
