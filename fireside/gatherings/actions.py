"""Scheduling, invitations, RSVPs, agendas, attendance, feedback and debriefs."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend, task

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.gatherings import ics
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
from fireside.lib.mail import send_templated
from fireside.search import index as search_index

MAX_OCCURRENCES = 60
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
RULE_SHAPE = re.compile(r"^(RRULE:)?[A-Z]+=[A-Z0-9,+\-]+(;[A-Z]+=[A-Z0-9,+\-]+)*$")
TITLE_MAX = 200
NOTES_MAX = 20_000


@dataclass(frozen=True)
class AgendaLine:
    topic: str
    activity: str
    minutes: int
    from_topic_id: int | None = None


# --- Checking input -------------------------------------------------------------------


def _text(value: object, field: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text.", {field: ["Must be text."]})
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{field} is required.", {field: ["This field is required."]})
    if len(value) > limit:
        raise InvalidInput(
            f"{field} is too long: at most {limit} characters.", {field: [f"At most {limit}."]}
        )
    return value


def _zone(name: object) -> ZoneInfo:
    if not isinstance(name, str) or name not in available_timezones():
        raise InvalidInput(
            f"{name!r} is not a known time zone; use a name like America/Vancouver.",
            {"timezone": ["Unknown time zone."]},
        )
    return ZoneInfo(name)


def _duration(minutes: object) -> int:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 5 <= minutes <= 1440:
        raise InvalidInput(
            "duration_minutes must be a whole number from 5 to 1440 (24 hours).",
            {"duration_minutes": ["From 5 to 1440."]},
        )
    return minutes


def _url(value: object) -> str:
    url = _text(value, "online_url", 500)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise InvalidInput(
                "online_url must be a web address starting with https:// or http://.",
                {"online_url": ["Enter a valid web address."]},
            ) from exc
    return url


def _aware(starts_at: object, zone: ZoneInfo) -> dt.datetime:
    """A naive time is wall-clock time in the gathering's zone; an aware one is an instant."""
    if not isinstance(starts_at, dt.datetime):
        raise InvalidInput("starts_at must be a date and time.", {"starts_at": ["Required."]})
    if timezone.is_naive(starts_at):
        return starts_at.replace(tzinfo=zone)
    return starts_at.astimezone(zone)


def check_agenda(items: Iterable[Any]) -> list[AgendaLine]:
    lines = []
    for i, item in enumerate(items or []):
        get = item.get if isinstance(item, dict) else lambda k, item=item: getattr(item, k, None)
        activity = get("activity")
        if activity not in Activity.values:
            raise InvalidInput(
                f"Agenda item {i + 1}: activity must be one of {', '.join(Activity.values)}.",
                {"agenda": ["Unknown activity."]},
            )
        minutes = get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
            raise InvalidInput(
                f"Agenda item {i + 1}: minutes must be a whole number from 1 to 600.",
                {"agenda": ["Minutes from 1 to 600."]},
            )
        lines.append(
            AgendaLine(
                topic=_text(get("topic"), "topic", 200, required=True),
                activity=activity,
                minutes=minutes,
                from_topic_id=get("from_topic_id"),
            )
        )
    if len(lines) > 30:
        raise InvalidInput("An agenda has at most 30 items.")
    return lines


def occurrences(rule: str, first: dt.datetime, until: dt.date | None) -> list[dt.datetime]:
    """Expand an RRULE from the first start, in wall-clock time of the first start's zone,
    so 7 pm stays 7 pm across daylight-saving changes. Open-ended rules stop at `until`."""
    rule = rule.strip().upper()
    if not RULE_SHAPE.match(rule):
        raise InvalidInput(
            "recurrence must be an RRULE such as FREQ=MONTHLY;BYDAY=2WE;COUNT=8.",
            {"recurrence": ["Not an RRULE."]},
        )
    body = rule.removeprefix("RRULE:")
    parts = dict(p.split("=", 1) for p in body.split(";"))
    if parts.get("FREQ") not in FREQUENCIES:
        raise InvalidInput(
            "recurrence: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.",
            {"recurrence": ["Unsupported frequency."]},
        )
    try:
        expanded = rrulestr(body, dtstart=first)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            f"recurrence could not be read ({exc}). Example: FREQ=WEEKLY;INTERVAL=2;COUNT=6. "
            "UNTIL must be written in UTC, like 20270601T000000Z.",
            {"recurrence": ["Not a valid RRULE."]},
        ) from exc
    bounded = "COUNT" in parts or "UNTIL" in parts
    limit = None if bounded else until or (first + dt.timedelta(days=366)).date()
    found: list[dt.datetime] = []
    for start in expanded:  # type: ignore[attr-defined]
        if limit is not None and start.date() > limit:
            break
        found.append(start)
        if len(found) > MAX_OCCURRENCES:
            raise InvalidInput(
                f"That rule makes more than {MAX_OCCURRENCES} gatherings; add COUNT or UNTIL.",
                {"recurrence": ["Too many occurrences."]},
            )
    if not found:
        raise InvalidInput(
            "That rule makes no gatherings; check the start date and the rule.",
            {"recurrence": ["No occurrences."]},
        )
    return found


# --- Scheduling -----------------------------------------------------------------------


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
    agenda: Iterable[Any] = (),
) -> tuple[Series | None, list[Gathering]]:
    """Create one gathering, or one per occurrence of an RRULE, and invite the members."""
    title_text = _text(title, "title", TITLE_MAX, required=True)
    zone = _zone(timezone_name or community.program.timezone)
    duration = _duration(duration_minutes)
    place = _text(location, "location", 300)
    url = _url(online_url)
    if not place and not url:
        raise InvalidInput(
            "Say where the group meets: a place, an online link, or both.",
            {"location": ["A place or an online link is needed."]},
        )
    first = _aware(starts_at, zone)
    lines = check_agenda(agenda)
    rule = recurrence.strip() if isinstance(recurrence, str) and recurrence.strip() else None
    if recurrence is not None and not isinstance(recurrence, str):
        raise InvalidInput("recurrence must be an RRULE string or null.")
    starts = occurrences(rule, first, community.program.ends_on) if rule else [first]
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
            for start in starts
        ]
        if lines:
            _replace_agenda(gatherings[0], lines)
        record(actor, "gatherings.schedule", community, count=len(gatherings), rule=rule)
        _invite(community, gatherings, "REQUEST", "gathering_invitation")
        _schedule_reminders(gatherings)
    return series, gatherings


def _replace_agenda(gathering: Gathering, lines: list[AgendaLine]) -> None:
    gathering.agenda.all().delete()
    topics = {
        t.pk: t
        for t in Topic.objects.filter(
            community=gathering.community,
            pk__in=[x.from_topic_id for x in lines if x.from_topic_id],
        )
    }
    AgendaItem.objects.bulk_create(
        AgendaItem(
            gathering=gathering,
            position=i,
            topic=line.topic,
            activity=line.activity,
            minutes=line.minutes,
            from_topic=topics.get(line.from_topic_id or 0),
        )
        for i, line in enumerate(lines)
    )
    Topic.objects.filter(pk__in=list(topics)).update(used_in=gathering)


TIME_FIELDS = ("title", "starts_at", "duration_minutes", "timezone", "location", "online_url")


def _action_points(points: object) -> list[str]:
    if not isinstance(points, list) or len(points) > 50:
        raise InvalidInput("action_points must be a list of at most 50 short texts.")
    return [p for p in (_text(x, "action_points", 500) for x in points) if p]


CLEANERS: dict[str, Any] = {
    "title": lambda v: _text(v, "title", TITLE_MAX, required=True),
    "duration_minutes": _duration,
    "location": lambda v: _text(v, "location", 300),
    "online_url": _url,
    "notes": lambda v: _text(v, "notes", NOTES_MAX),
    "ideas_next_time": lambda v: _text(v, "ideas_next_time", 5000),
    "action_points": _action_points,
}


def check_update_gathering(
    *, actor: User, gathering: Gathering, changes: dict[str, Any]
) -> Gathering:
    """Change one occurrence (it then stands on its own), its agenda or its notes. Changes
    to time, place or title bump SEQUENCE and re-send the invitation."""
    g = gathering
    unknown = set(changes) - {*CLEANERS, "starts_at", "timezone", "agenda"}
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if g.is_cancelled and set(changes) & set(TIME_FIELDS):
        raise Conflict("This gathering was cancelled; schedule a new one instead.")
    zone = _zone(changes.get("timezone", g.timezone))
    new: dict[str, Any] = {"timezone": zone.key} if "timezone" in changes else {}
    if "starts_at" in changes:
        new["starts_at"] = _aware(changes["starts_at"], zone)
    new |= {k: clean(changes[k]) for k, clean in CLEANERS.items() if k in changes}
    if not new.get("location", g.location) and not new.get("online_url", g.online_url):
        raise InvalidInput("A gathering needs a place, an online link, or both.")
    lines = check_agenda(changes["agenda"]) if "agenda" in changes else None
    moved = any(k in new and new[k] != getattr(g, k) for k in TIME_FIELDS)
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
            _schedule_reminders([g])
        if "notes" in new or "action_points" in new:
            _notes_changed(g)
    return g


def check_update_series(
    *,
    actor: User,
    series: Series,
    title: object,
    local_time: dt.time,
    duration_minutes: object,
    location: object,
    online_url: object,
) -> list[Gathering]:
    """Change the series: only future occurrences that were not changed on their own."""
    title_text = _text(title, "title", TITLE_MAX, required=True)
    duration = _duration(duration_minutes)
    place, url = _text(location, "location", 300), _url(online_url)
    if not place and not url:
        raise InvalidInput("Say where the group meets: a place, an online link, or both.")
    future = list(
        series.gatherings.filter(
            starts_at__gt=timezone.now(), detached=False, cancelled_at__isnull=True
        )
    )
    with transaction.atomic():
        for g in future:
            local = g.local_start
            g.starts_at = dt.datetime.combine(local.date(), local_time, tzinfo=g.tz)
            g.title, g.duration_minutes, g.location, g.online_url = (
                title_text,
                duration,
                place,
                url,
            )
            g.sequence += 1
            g.reminder_sent_at = None
            g.save()
        record(actor, "gatherings.update_series", series.community, changed=len(future))
        if future:
            _invite(series.community, future, "REQUEST", "gathering_changed")
            _schedule_reminders(future)
    return future


def do_cancel(*, actor: User, gathering: Gathering) -> Gathering:
    if gathering.is_cancelled:
        raise Conflict("This gathering is already cancelled.")
    with transaction.atomic():
        gathering.cancelled_at = timezone.now()
        gathering.sequence += 1
        gathering.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        record(actor, "gatherings.cancel", gathering.community, gathering_id=gathering.pk)
        _invite(gathering.community, [gathering], "CANCEL", "gathering_cancelled")
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
        content = ics.calendar(gatherings, method=method, attendee=user.email, name=community.name)
        first = gatherings[0]
        send_templated(
            template,
            {
                "user": user,
                "community": community,
                "gatherings": gatherings,
                "first": first,
                "times": [local_time_for(user, g.starts_at, g.timezone) for g in gatherings],
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
                    },
                    user.email,
                )
                sent += 1
        g.reminder_sent_at = timezone.now()
        g.save(update_fields=["reminder_sent_at"])
    return sent


def _notes_changed(g: Gathering) -> None:
    _index_notes(g)
    if g.notes and g.notes_sent_at is None and _started(g):
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
    feed, _ = CalendarFeed.objects.get_or_create(
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
    if response not in Rsvp.Response.values:
        raise InvalidInput(
            "response must be yes, no or maybe.", {"response": ["Choose yes, no or maybe."]}
        )
    if gathering.is_cancelled:
        raise Conflict("This gathering was cancelled.")
    rsvp, _ = Rsvp.objects.update_or_create(
        gathering=gathering, user=user, defaults={"response": response}
    )
    return rsvp


def _eligible_attendees(g: Gathering) -> set[int]:
    """Members at the time: active now, or left after the gathering began."""
    return set(
        Membership.objects.filter(community=g.community)
        .filter(
            Q(status=Membership.Status.ACTIVE)
            | Q(status=Membership.Status.LEFT, left_at__gte=g.starts_at, joined_on__isnull=False)
        )
        .values_list("user_id", flat=True)
    )


def _attendance_row(i: int, row: object, g: Gathering) -> Attendance:
    if not isinstance(row, dict):
        raise InvalidInput(f"Row {i + 1} must be an object with user_id and present.")
    user_id, present = row.get("user_id"), row.get("present", True)
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InvalidInput(f"Row {i + 1}: user_id must be a number.")
    if not isinstance(present, bool):
        raise InvalidInput(f"Row {i + 1}: present must be true or false.")
    minutes = row.get("minutes")
    if minutes is None:
        minutes = g.duration_minutes if present else 0
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 1440:
        raise InvalidInput(
            f"Row {i + 1}: minutes must be a whole number from 0 to 1440 (24 hours).",
            {"minutes": ["From 0 to 1440."]},
        )
    return Attendance(
        gathering=g, user_id=user_id, present=present, minutes=minutes if present else 0
    )


def check_record_attendance(
    *, actor: User, gathering: Gathering, rows: list[dict[str, Any]]
) -> list[Attendance]:
    """Replace the attendance record. Minutes default to the gathering's length."""
    g = gathering
    if not _started(g):
        raise Conflict("Attendance can be recorded once the gathering has started.")
    if g.is_cancelled:
        raise Conflict("This gathering was cancelled.")
    if not isinstance(rows, list) or len(rows) > 50:
        raise InvalidInput("Send a list of at most 50 attendance rows.")
    eligible = _eligible_attendees(g)
    seen: set[int] = set()
    clean: list[Attendance] = []
    for i, row in enumerate(rows):
        item = _attendance_row(i, row, g)
        if item.user_id in seen:
            raise InvalidInput(f"Row {i + 1}: that person is listed twice.")
        seen.add(item.user_id)
        item.recorded_by = actor
        clean.append(item)
    strangers = seen - eligible
    if strangers:
        raise Unprocessable(
            "Only members of the group can be listed; these are not: "
            f"{', '.join(str(s) for s in sorted(strangers))}.",
            {"user_id": ["Not a member of this group."]},
        )
    with transaction.atomic():
        g.attendance.all().delete()
        Attendance.objects.bulk_create(clean)
        record(actor, "gatherings.attendance", g.community, gathering_id=g.pk, rows=len(clean))
    return list(g.attendance.select_related("user"))


def do_propose_topic(*, user: User, community: Community, title: object, details: object) -> Topic:
    topic = Topic.objects.create(
        community=community,
        proposed_by=user,
        title=_text(title, "title", 200, required=True),
        details=_text(details, "details", 2000),
    )
    TopicVote.objects.create(topic=topic, user=user)
    return topic


def do_toggle_vote(*, user: User, topic: Topic) -> bool:
    """Vote for a topic, or take the vote back. Returns whether the vote now stands."""
    deleted, _ = TopicVote.objects.filter(topic=topic, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            TopicVote.objects.create(topic=topic, user=user)
    except IntegrityError:
        pass
    return True


def do_give_feedback(
    *,
    user: User,
    gathering: Gathering,
    worked: list[str],
    more_of: str = "",
    less_of: str = "",
    comment: str = "",
) -> Feedback:
    if not _started(gathering) or gathering.is_cancelled:
        raise Conflict("Feedback opens once the gathering has taken place.")
    for value in [*worked, more_of, less_of]:
        if value and value not in Activity.values:
            raise InvalidInput(f"Unknown activity {value!r}.")
    feedback, _ = Feedback.objects.update_or_create(
        gathering=gathering,
        user=user,
        defaults={
            "worked": sorted(set(worked)),
            "more_of": more_of,
            "less_of": less_of,
            "comment": _text(comment, "comment", 2000),
        },
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
    planned = Counter(
        AgendaItem.objects.filter(gathering__community=community).values_list("activity", flat=True)
    )
    worked: Counter[str] = Counter()
    more: Counter[str] = Counter()
    less: Counter[str] = Counter()
    for w, m, lo in Feedback.objects.filter(gathering__community=community).values_list(
        "worked", "more_of", "less_of"
    ):
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
    if not _started(gathering):
        raise Conflict("A debrief is written after the gathering.")
    fields = {
        "logistics": _text(logistics, "logistics", 5000),
        "common_threads": _text(common_threads, "common_threads", 5000),
        "wonderings": _text(wonderings, "wonderings", 5000),
    }
    if not any(fields.values()):
        raise InvalidInput("Write at least one of logistics, common threads or wonderings.")
    with transaction.atomic():
        debrief, created = Debrief.objects.update_or_create(
            gathering=gathering, defaults={**fields, "written_by": actor}
        )
        record(actor, "gatherings.debrief", gathering.community, gathering_id=gathering.pk)
    return debrief, created
