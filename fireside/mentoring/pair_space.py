"""The pair's space: their next catch-up, their shared goals and how many weeks in a row
they have been in touch.

Only the two (or three) partners see any of it; the access helpers in access.py fetch the
pair for them alone. Times are entered and shown in each person's own zone (their profile's,
else the program's). The words of a goal and a catch-up's place never go into audit
events or notifications.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.communities.zones import people_in_zone
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotFoundError
from fireside.lib.i18n import join_words_lazy, lazy_format
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text
from fireside.mentoring.models import (
    CatchUp,
    CatchUpReminder,
    Connection,
    Format,
    PairGoal,
    Pairing,
    PairMember,
)
from fireside.mentoring.pair_space_models import GOAL_MAX, OPEN_GOALS_MAX, WHERE_MAX
from fireside.programs.models import Program

# After a catch-up, the pair page offers to log it for this long.
LOG_OFFER_DAYS = 7


def zone_for(user: User | None, program: Program) -> ZoneInfo:
    """A person's zone: their profile's, else the program's."""
    return ZoneInfo((getattr(user, "timezone", "") or "") or program.timezone)


def first_name(user: User) -> str:
    """What a partner is called in a calendar or a reminder: the first word of their name."""
    words = user.display_name.split()
    return words[0] if words else user.display_name


def _check_partner(user: User, pairing: Pairing) -> None:
    if user.pk not in pairing.user_ids():
        raise NotFoundError(_("Not found."))
    if not pairing.is_open:
        raise Conflict(_("This pair has ended: its space keeps its history, but nothing new."))


# --- The next catch-up ---------------------------------------------------------------------


def upcoming(pairing_id: int, now: dt.datetime | None = None) -> CatchUp | None:
    """The pair's next catch-up: not cancelled and not over yet."""
    now = now or timezone.now()
    rows = CatchUp.objects.filter(pairing_id=pairing_id, cancelled_at__isnull=True)
    for c in rows.filter(starts_at__gt=now - dt.timedelta(days=1)).order_by("starts_at", "pk"):
        if c.ends_at > now:
            return c
    return None


def last_held(pairing_id: int, now: dt.datetime | None = None) -> CatchUp | None:
    """The catch-up that ended most recently (within LOG_OFFER_DAYS), if not cancelled."""
    now = now or timezone.now()
    rows = CatchUp.objects.filter(
        pairing_id=pairing_id,
        cancelled_at__isnull=True,
        starts_at__lte=now,
        starts_at__gte=now - dt.timedelta(days=LOG_OFFER_DAYS),
    ).order_by("-starts_at", "-pk")
    return next((c for c in rows if c.ends_at <= now), None)


def _starts_at(value: object, zone: ZoneInfo) -> dt.datetime:
    """An aware datetime, or a naive one read as wall-clock time in the person's zone."""
    if not isinstance(value, dt.datetime):
        raise InvalidInput(
            _("starts_at must be a date and time (YYYY-MM-DDTHH:MM)."),
            {"starts_at": [_("Enter a date and a time.")]},
        )
    if timezone.is_naive(value):
        value = value.replace(tzinfo=zone)
        # A time skipped when clocks spring forward is moved past the gap, as a clock would.
        value = value.astimezone(dt.UTC).astimezone(zone)
    return value


def _minutes(value: object, program: Program) -> int:
    longest = program.max_connection_minutes
    if not isinstance(value, int) or isinstance(value, bool) or not 5 <= value <= longest:
        raise InvalidInput(
            _("How long: from 5 to %(longest)s minutes.") % {"longest": longest},
            {"minutes": [_("From 5 to %(longest)s minutes.") % {"longest": longest}]},
        )
    return value


def _where(value: object) -> str:
    where = clean_text(value, "where", WHERE_MAX)
    if "://" in where or where.lower().startswith("www."):
        try:
            URLValidator(schemes=["http", "https"])(where)
        except ValidationError as exc:
            raise InvalidInput(
                _("A link must be a full web address that starts with https:// (or http://)."),
                {"where": [_("A place, or a link that starts with https://.")]},
            ) from exc
    return where


def check_set_catch_up(
    *, user: User, pairing: Pairing, starts_at: object, minutes: object = 30, where: object = ""
) -> CatchUp:
    """Either partner sets the next catch-up, or moves the one to come (same UID, one more
    SEQUENCE). The others are told."""
    _check_partner(user, pairing)
    program = pairing.community.program
    when = _starts_at(starts_at, zone_for(user, program))
    now = timezone.now()
    if when <= now:
        raise InvalidInput(
            _("That time has passed: choose a time to come."),
            {"starts_at": [_("A time to come.")]},
        )
    if when > now + dt.timedelta(days=366):
        raise InvalidInput(
            _("Choose a time within the next year."), {"starts_at": [_("Within a year.")]}
        )
    length, place = _minutes(minutes, program), _where(where)
    with transaction.atomic():
        Pairing.objects.select_for_update().get(pk=pairing.pk)  # one next catch-up at a time
        catch_up = upcoming(pairing.pk, now)
        moved = catch_up is not None
        if catch_up is None:
            catch_up = CatchUp(pairing=pairing, created_by=user)
        else:
            catch_up.sequence += 1
        catch_up.starts_at, catch_up.minutes, catch_up.where = when, length, place
        catch_up.changed_by = user
        catch_up.save()
        record(
            user,
            "mentoring.move_catch_up" if moved else "mentoring.set_catch_up",
            pairing,
            catch_up_id=catch_up.pk,
        )
        _tell(pairing, user, catch_up, MOVED if moved else SET)
    return catch_up


def check_cancel_catch_up(*, user: User, pairing: Pairing) -> CatchUp:
    _check_partner(user, pairing)
    with transaction.atomic():
        Pairing.objects.select_for_update().get(pk=pairing.pk)
        catch_up = upcoming(pairing.pk)
        if catch_up is None:
            raise NotFoundError(_("Your pair has no catch-up to come."))
        catch_up.cancelled_at, catch_up.changed_by = timezone.now(), user
        catch_up.sequence += 1
        catch_up.save(update_fields=["cancelled_at", "changed_by", "sequence", "updated_at"])
        record(user, "mentoring.cancel_catch_up", pairing, catch_up_id=catch_up.pk)
        _tell(pairing, user, catch_up, CANCELLED)
    return catch_up


# What the partner hears: when, never where (the place may name a home or a private link).
# No full stop after the time: in English it may end with "p.m.".
SET = gettext_lazy("Your peer partner planned your next catch-up: %(when)s")
MOVED = gettext_lazy("Your peer partner moved your next catch-up to %(when)s")
CANCELLED = gettext_lazy("Your peer partner cancelled your catch-up of %(when)s")


def when_words(when: dt.datetime, zone: ZoneInfo) -> str:
    """ "Tuesday 8 December, 19:30" in the active language, in `zone`."""
    local = when.astimezone(zone)
    return f"{date_format(local, 'l j F')}, {date_format(local, 'TIME_FORMAT')}"


_lazy_when = lazy(when_words, str)


def _tell(pairing: Pairing, actor: User, catch_up: CatchUp, message: Any) -> None:
    """Each partner hears by their notification settings, with the time in their zone."""
    from fireside.notifications.actions import notify
    from fireside.notifications.models import Kind

    program = pairing.community.program
    url = reverse("mentoring:pair", args=[pairing.pk]) + "#catch-up"
    for partner in pairing.partners_of(actor.pk):
        when = _lazy_when(catch_up.starts_at, zone_for(partner, program))
        notify(
            users=[partner],
            community=pairing.community,
            kind=Kind.PAIR,
            url=url,
            text=lazy_format(message, when=when),
            actor=actor,
        )


# --- The reminder the day before ------------------------------------------------------------


def send_catch_up_reminders(*, now: dt.datetime | None = None, zone: str | None = None) -> int:
    """One email to each partner whose catch-up is tomorrow in their own zone, unless they
    turned the pair's news off. Everyone, or the people in `zone` (the worker runs it in each
    zone at its hour). Safe to run twice: a row per catch-up, person and version claims each
    email; a moved catch-up is reminded again. Returns the emails sent."""
    from fireside.notifications.actions import Deliveries
    from fireside.notifications.models import Delivery, Kind

    now = now or timezone.now()
    soon = CatchUp.objects.filter(
        cancelled_at__isnull=True,
        pairing__ended_on__isnull=True,
        starts_at__gt=now,
        starts_at__lt=now + dt.timedelta(days=2, hours=2),
    ).select_related("pairing__community__program")
    catch_ups = list(soon)
    seats = PairMember.objects.filter(
        pairing_id__in={c.pairing_id for c in catch_ups}, ended_on__isnull=True
    ).filter(user__is_active=True)
    if zone is not None:
        seats = seats.filter(user__in=people_in_zone(zone))
    people: dict[int, list[User]] = {}
    for seat in seats.select_related("user"):
        people.setdefault(seat.pairing_id, []).append(seat.user)
    active = set(
        Membership.objects.filter(
            status=Membership.Status.ACTIVE,
            community__in={c.pairing.community_id for c in catch_ups},
        ).values_list("user_id", "community_id")
    )
    delivery = Deliveries(u.pk for seated in people.values() for u in seated)
    sent = 0
    for catch_up, user in [(c, u) for c in catch_ups for u in people.get(c.pairing_id, [])]:
        pairing = catch_up.pairing
        if (user.pk, pairing.community_id) not in active:
            continue
        if delivery(user.pk, pairing.community_id, Kind.PAIR) == Delivery.NONE:
            continue
        local_zone = zone_for(user, pairing.community.program)
        tomorrow = now.astimezone(local_zone).date() + dt.timedelta(days=1)
        if catch_up.starts_at.astimezone(local_zone).date() != tomorrow:
            continue
        try:
            with transaction.atomic():
                CatchUpReminder.objects.create(
                    catch_up=catch_up, user=user, sequence=catch_up.sequence
                )
                _send_reminder(catch_up, user, local_zone)
        except IntegrityError:
            continue  # another run reminded them first
        sent += 1
    return sent


def _send_reminder(catch_up: CatchUp, user: User, zone: ZoneInfo) -> None:
    from fireside.notifications.actions import unsubscribe_url
    from fireside.notifications.models import Kind

    pairing = Pairing.objects.with_people().get(pk=catch_up.pairing_id)
    partners = pairing.partners_of(user.pk)
    send_templated(
        "catch_up_reminder",
        {
            "user": user,
            "community": pairing.community,
            "partners": join_words_lazy([first_name(p) for p in partners]),
            "when": _lazy_when(catch_up.starts_at, zone),
            "minutes": catch_up.minutes,
            "where": catch_up.where,
            "url": reverse("mentoring:pair", args=[pairing.pk]) + "#catch-up",
            # Their notification settings for the pair's news, in this group.
            "stop_url": unsubscribe_url(user.pk, pairing.community_id, Kind.PAIR),
        },
        user.email,
    )


# --- Shared goals ---------------------------------------------------------------------------


def goals_of(pairing: Pairing) -> QuerySet[PairGoal]:
    return PairGoal.objects.filter(pairing=pairing).select_related("created_by")


def _goal_text(value: object) -> str:
    return clean_text(value, "text", GOAL_MAX, required=True)


def _open_goals_left(pairing: Pairing) -> None:
    if PairGoal.objects.filter(pairing=pairing, done_at__isnull=True).count() >= OPEN_GOALS_MAX:
        raise Conflict(
            _(
                "Your pair has %(n)s open goals, the most there can be: tick one done or "
                "remove one first."
            )
            % {"n": OPEN_GOALS_MAX}
        )


def check_add_goal(*, user: User, pairing: Pairing, text: object) -> PairGoal:
    _check_partner(user, pairing)
    words = _goal_text(text)
    with transaction.atomic():
        Pairing.objects.select_for_update().get(pk=pairing.pk)
        _open_goals_left(pairing)
        last = PairGoal.objects.filter(pairing=pairing).aggregate(n=Max("position"))["n"]
        goal = PairGoal.objects.create(
            pairing=pairing, text=words, created_by=user, position=(last or 0) + 1
        )
        record(user, "mentoring.add_goal", pairing, goal_id=goal.pk)
    return goal


def get_goal(pairing: Pairing, goal_id: int) -> PairGoal:
    goal = PairGoal.objects.filter(pairing=pairing, pk=goal_id).first()
    if goal is None:
        raise NotFoundError(_("Not found."))
    return goal


def check_update_goal(
    *, user: User, pairing: Pairing, goal: PairGoal, text: object = None, done: object = None
) -> PairGoal:
    """Change the words, tick it done, or open it again (None: leave as is)."""
    _check_partner(user, pairing)
    if done is not None and not isinstance(done, bool):
        raise InvalidInput(_("done must be true or false."), {"done": [_("True or false.")]})
    words = None if text is None else _goal_text(text)
    with transaction.atomic():
        Pairing.objects.select_for_update().get(pk=pairing.pk)
        locked = get_goal(pairing, goal.pk)
        if words is not None:
            locked.text = words
        if done is True and locked.done_at is None:
            locked.done_at = timezone.now()
        elif done is False and locked.done_at is not None:
            _open_goals_left(pairing)
            locked.done_at = None
        locked.save(update_fields=["text", "done_at"])
        record(user, "mentoring.update_goal", pairing, goal_id=locked.pk, done=locked.is_done)
    return locked


def check_delete_goal(*, user: User, pairing: Pairing, goal: PairGoal) -> None:
    _check_partner(user, pairing)
    with transaction.atomic():
        get_goal(pairing, goal.pk).delete()
        record(user, "mentoring.delete_goal", pairing, goal_id=goal.pk)


# --- Weeks in a row -------------------------------------------------------------------------


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weeks_in_a_row(days: Iterable[dt.date], today: dt.date) -> int:
    """How many Monday-to-Sunday weeks in a row had a connection, ending this week when it
    has one, else last week (a week not over yet does not break the run)."""
    weeks = {monday(d) for d in days if d <= today}
    week = monday(today)
    if week not in weeks:
        week -= dt.timedelta(days=7)
    run = 0
    while week in weeks:
        run += 1
        week -= dt.timedelta(days=7)
    return run


# --- The page -------------------------------------------------------------------------------


def context(pairing: Pairing, user: User, connections: list[Connection]) -> dict[str, Any]:
    """What the pair page shows of the space (two queries: the catch-ups, the goals)."""
    from fireside.mentoring.pair_space_forms import CatchUpForm, GoalForm

    now = timezone.now()
    zone = zone_for(user, pairing.community.program)
    today = now.astimezone(zone).date()
    recent = list(
        CatchUp.objects.filter(
            pairing=pairing, starts_at__gte=now - dt.timedelta(days=LOG_OFFER_DAYS + 1)
        ).order_by("starts_at", "pk")
    )
    live = [c for c in recent if c.cancelled_at is None]
    next_one = next((c for c in live if c.ends_at > now), None)
    held = [c for c in live if c.ends_at <= now]
    logged_days = {c.happened_on for c in connections}
    to_log = None
    if held and next_one is None:
        day = held[-1].starts_at.astimezone(zone).date()
        if day not in logged_days and day >= pairing.starts_on:
            to_log = held[-1]
    goals = list(goals_of(pairing))
    counting = [c.happened_on for c in connections if c.state not in _NOT_IN_STREAK]  # type: ignore[attr-defined]
    return {
        "catch_up": next_one,
        # Naive, so the template shows this person's wall clock whatever zone is active.
        "catch_up_local": _wall_clock(next_one.starts_at, zone) if next_one else None,
        "catch_up_form": CatchUpForm.for_catch_up(next_one, zone, pairing.community.program),
        "catch_up_to_log": to_log,
        "catch_up_to_log_day": to_log.starts_at.astimezone(zone).date() if to_log else None,
        "catch_up_to_log_format": Format.VIDEO
        if to_log and to_log.where_is_link
        else Format.COFFEE,
        "formats": Format.choices,
        "calendar_links": catch_up_links(next_one, pairing, user) if next_one else None,
        "zone_name": str(zone).replace("_", " "),
        "goals": goals,
        "open_goals": sum(1 for g in goals if not g.is_done),
        "open_goals_max": OPEN_GOALS_MAX,
        "goal_form": GoalForm(),
        "weeks_in_a_row": weeks_in_a_row(counting, today),
    }


def _wall_clock(when: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return when.astimezone(zone).replace(tzinfo=None)


_NOT_IN_STREAK = frozenset({"disputed", "settled_not"})


def catch_up_title(pairing: Pairing, user: User | None) -> str:
    """The event's summary: the partners' first names, nothing private."""
    names = [first_name(p) for p in pairing.users()]
    if user is not None:
        others = [first_name(p) for p in pairing.partners_of(user.pk)]
        names = others or names
    return _("Peer catch-up with %(names)s") % {"names": " & ".join(names)}


def catch_up_links(catch_up: CatchUp, pairing: Pairing, user: User) -> Any:
    from fireside.gatherings.calendar_links import event_links

    return event_links(
        title=catch_up_title(pairing, user),
        starts_at=catch_up.starts_at,
        ends_at=catch_up.ends_at,
        details=catch_up_details(pairing),
        place=catch_up.where,
        zone=str(zone_for(user, pairing.community.program)),
    )


def catch_up_details(pairing: Pairing) -> str:
    from django.conf import settings

    return "\n".join(
        [
            pairing.community.name,
            settings.SITE_URL + reverse("mentoring:pair", args=[pairing.pk]),
        ]
    )


# --- Personal data --------------------------------------------------------------------------


def export_for(user: User) -> dict[str, Any]:
    """The goals and catch-ups of every pair they are in (both partners' export)."""
    pairs = list(PairMember.objects.filter(user=user).values_list("pairing_id", flat=True))
    return {
        "pair_goals": [
            {
                "pairing_id": g.pairing_id,
                "text": g.text,
                "done_at": g.done_at.isoformat() if g.done_at else None,
                "added_by_you": g.created_by_id == user.pk,
            }
            for g in PairGoal.objects.filter(pairing_id__in=pairs).order_by("pairing", "position")
        ],
        "catch_ups": [
            {
                "pairing_id": c.pairing_id,
                "starts_at": c.starts_at.isoformat(),
                "minutes": c.minutes,
                "where": c.where,
                "cancelled": c.is_cancelled,
                "set_by_you": c.created_by_id == user.pk,
            }
            for c in CatchUp.objects.filter(pairing_id__in=pairs).order_by("starts_at", "pk")
        ],
    }


def erase_for(user: User) -> None:
    """Goals and catch-ups stay for the partner, without the erased person's name."""
    PairGoal.objects.filter(created_by=user).update(created_by=None)
    CatchUp.objects.filter(created_by=user).update(created_by=None)
    CatchUp.objects.filter(changed_by=user).update(changed_by=None)
    CatchUpReminder.objects.filter(user=user).delete()
