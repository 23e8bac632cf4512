"""What gatherings send and publish: invitations, reminders (a background task), shared
notes by email, personal calendar feeds and each member's notification preferences.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django_tasks import default_task_backend, task

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.gatherings import guests, ics
from fireside.gatherings.answers import answer_links
from fireside.gatherings.checks import _started
from fireside.gatherings.models import (
    CalendarFeed,
    Gathering,
    NotificationPrefs,
)
from fireside.lib.audit import record
from fireside.lib.i18n import speaking_to
from fireside.lib.mail import send_templated
from fireside.search import index as search_index


def _prefs(user: User) -> NotificationPrefs:
    try:
        return user.gathering_prefs
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
        coming = guests.coming_guests(g)
        for user in _members(g.community):
            if _prefs(user).reminders:
                send_templated(
                    "gathering_reminder",
                    {
                        "user": user,
                        "gathering": g,
                        "community": g.community,
                        "agenda": agenda,
                        # Written when the email is, in the recipient's language.
                        "guests": lazy(guests.guests_line, str)(coming) if coming else "",
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
