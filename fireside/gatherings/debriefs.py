"""After a gathering: the facilitators and the group's mentors talk it over (a debrief
conversation at a time and link or place one of them proposes, with a calendar invitation
to each), and are reminded once to write the debrief.

Who takes part: the group's facilitators and co-facilitators (active members holding the
role now) and the mentors assigned to the group (fireside.communities.mentors), plus
whoever proposed the conversation (a program mentor not assigned to the group, say).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.access import FACILITATING
from fireside.communities.models import CommunityRole, Membership, MentorAssignment
from fireside.communities.zones import people_in_zone
from fireside.gatherings import ics
from fireside.gatherings.checks import _text, _url, _zone
from fireside.gatherings.models import Debrief, DebriefCall, DebriefReminder, Gathering
from fireside.gatherings.notices import local_time_for
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotFoundError
from fireside.lib.i18n import speaking_to
from fireside.lib.mail import send_templated

CALL_MINUTES = (5, 240)
# Reminders look back this far: a gathering older than this when reminders began (or
# while the worker was down) is left alone rather than remembered out of the blue.
REMIND_WITHIN = dt.timedelta(days=7)
# …and wait this long after its end, so nobody is reminded while still packing up.
REMIND_AFTER = dt.timedelta(hours=1)


def facilitators_of(community_id: int) -> QuerySet[User]:
    """The group's facilitators now: active members holding a facilitating role."""
    active = Membership.objects.filter(
        community_id=community_id, user=OuterRef("pk"), status=Membership.Status.ACTIVE
    )
    holds = CommunityRole.objects.current().filter(
        community_id=community_id, user=OuterRef("pk"), role__in=FACILITATING
    )
    return User.objects.filter(Exists(active), Exists(holds), is_active=True).order_by("name")


def mentors_of(community_id: int) -> QuerySet[User]:
    assigned = MentorAssignment.objects.filter(community_id=community_id, mentor=OuterRef("pk"))
    return User.objects.filter(Exists(assigned), is_active=True).order_by("name")


def debrief_people(gathering: Gathering, *also: User) -> list[User]:
    """Facilitators, then mentors, then anyone else named (each once)."""
    people: dict[int, User] = {}
    for user in [
        *facilitators_of(gathering.community_id),
        *mentors_of(gathering.community_id),
        *also,
    ]:
        if user.is_active:
            people.setdefault(user.pk, user)
    return list(people.values())


# --- The debrief conversation -------------------------------------------------------------


def live_call(gathering: Gathering) -> DebriefCall | None:
    return DebriefCall.objects.live().filter(gathering=gathering).first()


def _check_call_input(
    gathering: Gathering,
    *,
    starts_at: object,
    duration_minutes: object,
    timezone_name: object,
    location: object,
    online_url: object,
) -> dict[str, object]:
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled, so there is nothing to talk over."))
    if gathering.starts_at > timezone.now():
        raise Conflict(_("The debrief conversation is set once the gathering has taken place."))
    zone = _zone(timezone_name or gathering.timezone)
    if not isinstance(starts_at, dt.datetime):
        raise InvalidInput(
            _("Please give the date and time of the conversation."),
            {"starts_at": [_("A date and time.")]},
        )
    when = (
        starts_at.replace(tzinfo=zone)
        if timezone.is_naive(starts_at)
        else starts_at.astimezone(zone)
    )
    if when <= timezone.now():
        raise InvalidInput(
            _("Please choose a time that is still to come."),
            {"starts_at": [_("A time in the future.")]},
        )
    low, high = CALL_MINUTES
    if (
        not isinstance(duration_minutes, int)
        or isinstance(duration_minutes, bool)
        or not low <= duration_minutes <= high
    ):
        raise InvalidInput(
            _("The conversation's length must be a whole number of minutes, from 5 to 240."),
            {"duration_minutes": [_("From 5 to 240.")]},
        )
    place, url = _text(location, "location", 300), _url(online_url)
    if not place and not url:
        raise InvalidInput(
            _("Say where you will talk: an online link, a place, or both."),
            {"online_url": [_("A link or a place is needed.")]},
        )
    return {
        "starts_at": when,
        "timezone": zone.key,
        "duration_minutes": duration_minutes,
        "location": place,
        "online_url": url,
    }


def check_schedule_debrief_call(
    *,
    actor: User,
    gathering: Gathering,
    starts_at: object,
    duration_minutes: object = 30,
    timezone_name: object = None,
    location: object = "",
    online_url: object = "",
) -> tuple[DebriefCall, bool]:
    """Propose the conversation, or change the one proposed (its invitation then updates
    everyone's calendar: same UID, next SEQUENCE). Saving it unchanged sends nothing.
    Returns (call, created). The caller is a facilitator or a mentor (checked by the view)."""
    fields = _check_call_input(
        gathering,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        timezone_name=timezone_name,
        location=location,
        online_url=online_url,
    )
    try:
        with transaction.atomic():
            call = (
                DebriefCall.objects.live().select_for_update().filter(gathering=gathering).first()
            )
            created = call is None
            if call is None:
                call = DebriefCall.objects.create(gathering=gathering, proposed_by=actor, **fields)
                verb, template = "gatherings.schedule_debrief_call", "debrief_call"
            elif all(getattr(call, k) == v for k, v in fields.items()):
                return call, False
            else:
                for key, value in fields.items():
                    setattr(call, key, value)
                call.sequence += 1
                call.save()
                verb, template = "gatherings.change_debrief_call", "debrief_call_changed"
            call.gathering = gathering
            record(actor, verb, gathering.community, gathering_id=gathering.pk)
            _invite(call, actor, "REQUEST", template)
    except IntegrityError as exc:  # two people proposed at once: the other one won
        raise Conflict(
            _("Someone has just proposed a time for this conversation. Reload the page to see it.")
        ) from exc
    return call, created


def do_cancel_debrief_call(*, actor: User, gathering: Gathering) -> DebriefCall:
    with transaction.atomic():
        call = DebriefCall.objects.live().select_for_update().filter(gathering=gathering).first()
        if call is None:
            raise NotFoundError(_("No debrief conversation is planned for this gathering."))
        call.cancelled_at = timezone.now()
        call.sequence += 1
        call.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        call.gathering = gathering
        record(
            actor, "gatherings.cancel_debrief_call", gathering.community, gathering_id=gathering.pk
        )
        _invite(call, actor, "CANCEL", "debrief_call_cancelled")
    return call


def _invite(call: DebriefCall, actor: User, method: str, template: str) -> None:
    """Everyone taking part gets the email with the .ics; it is part of their work with the
    group, so it goes whatever their gathering email choices."""
    people = debrief_people(call.gathering, actor)
    addresses = [p.email for p in people]
    for user in people:
        with speaking_to(user):
            content = ics.debrief_call(call, method=method, attendees=addresses)
        send_templated(
            template,
            {
                "user": user,
                "call": call,
                "gathering": call.gathering,
                "community": call.gathering.community,
                "proposer": actor,
                "time": local_time_for(user, call.starts_at, call.timezone),
                "others": [p.display_name for p in people if p.pk != user.pk],
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


# --- Reminders to write the debrief ------------------------------------------------------


def send_debrief_reminders(*, now: dt.datetime | None = None, zone: str | None = None) -> int:
    """One email to each facilitator and assigned mentor of a gathering that ended (in the
    last REMIND_WITHIN) without a debrief: never twice for the same gathering and person
    (a DebriefReminder row is the claim). Everyone, or only the people whose zone is `zone`
    (the worker runs it in each zone at 09:00 there: `manage.py send_debrief_reminders
    [--zone=…]`). Returns the reminders sent."""
    now = now or timezone.now()
    ended = (
        Gathering.objects.filter(
            cancelled_at__isnull=True,
            starts_at__gte=now - REMIND_WITHIN - dt.timedelta(days=1),
            starts_at__lte=now - REMIND_AFTER,
        )
        .filter(~Exists(Debrief.objects.filter(gathering=OuterRef("pk"))))
        .select_related("community")
        .order_by("starts_at", "pk")
    )
    in_zone = set(people_in_zone(zone).values_list("pk", flat=True)) if zone else None
    sent = 0
    for g in ended:
        if not (now - REMIND_WITHIN <= g.ends_at <= now - REMIND_AFTER):
            continue
        reminded = set(
            DebriefReminder.objects.filter(gathering=g).values_list("user_id", flat=True)
        )
        facilitators = list(facilitators_of(g.community_id))
        mentors = [
            m for m in mentors_of(g.community_id) if m.pk not in {f.pk for f in facilitators}
        ]
        told = 0
        for user, as_mentor in [(f, False) for f in facilitators] + [(m, True) for m in mentors]:
            if user.pk in reminded or (in_zone is not None and user.pk not in in_zone):
                continue
            try:
                with transaction.atomic():
                    DebriefReminder.objects.create(gathering=g, user=user)
                    send_templated(
                        "debrief_reminder",
                        {
                            "user": user,
                            "gathering": g,
                            "community": g.community,
                            "as_mentor": as_mentor,
                            "time": local_time_for(user, g.starts_at, g.timezone),
                        },
                        user.email,
                    )
            except IntegrityError:
                continue  # another run reminded them first
            told += 1
        if told:
            record(None, "gatherings.remind_debrief", g.community, gathering_id=g.pk, people=told)
        sent += told
    return sent
