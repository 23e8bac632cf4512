"""Calls for topics: before a gathering, its facilitator (or the group's organiser) asks the
members what they would like to talk about. Members are told by email and on their home,
suggest topics (the group's usual proposed topics, tied to the call) until the call closes,
and the facilitator adds them to the agenda with one action.

Refused, with nothing written and nothing sent: a call for a gathering that has started or
was cancelled, one closing after the gathering starts (or already closed), a second call for
the same gathering, anyone but the group's planners opening it, anyone but its active
members suggesting, and suggestions after the call closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.access import Need, resolve_standing
from fireside.communities.models import Membership
from fireside.communities.places import flagged, register_membership_flag
from fireside.gatherings import agendas, notices, scheduling
from fireside.gatherings.models import Activity, Gathering, Topic, TopicCall
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, Gone, InvalidInput, NotAllowed
from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.lib.mail import send_templated


def _closing(value: object, gathering: Gathering) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise InvalidInput(
            _("Please give the date and time the call for topics closes."),
            {"closes_at": [_("A date and time.")]},
        )
    if timezone.is_naive(value):  # wall-clock time where the gathering happens
        value = value.replace(tzinfo=ZoneInfo(gathering.timezone))
    return value


def check_open_call(*, actor: User, gathering: Gathering, closes_at: object) -> TopicCall:
    """Open the call and tell every other member of the group."""
    g = gathering
    closes = _closing(closes_at, g)
    if not resolve_standing(actor, g.community).can_plan:
        raise NotAllowed(_("Calls for topics are opened by the group's facilitators."))
    now = timezone.now()
    if g.is_cancelled:
        raise Conflict(_("This gathering was cancelled: there is nothing to gather topics for."))
    if g.starts_at <= now:
        raise Conflict(
            _("This gathering has already started. Open a call for topics for a gathering to come.")
        )
    if closes <= now:
        raise InvalidInput(
            _("The call would close before it opens. Choose a time to come."),
            {"closes_at": [_("A time to come.")]},
        )
    if closes > g.starts_at:
        raise InvalidInput(
            _("The call must close by the time the gathering starts (%(when)s).")
            % {"when": date_format(g.local_start, _("l j F Y, H:i"))},
            {"closes_at": [_("No later than the gathering's start.")]},
        )
    if TopicCall.objects.filter(gathering=g).exists():
        raise Conflict(_("A call for topics is already open for this gathering."))
    with transaction.atomic():
        call = TopicCall.objects.create(gathering=g, opened_by=actor, closes_at=closes)
        record(actor, "gatherings.open_topic_call", g.community, gathering_id=g.pk)
        _announce(call, actor)
    return call


def _announce(call: TopicCall, actor: User) -> None:
    g = call.gathering
    url = reverse("gatherings:topic_call", args=[g.pk])
    for membership in (
        Membership.objects.filter(community=g.community, status=Membership.Status.ACTIVE)
        .exclude(user=actor)
        .select_related("user")
        .order_by("pk")
    ):
        user = membership.user
        send_templated(
            "topic_call",
            {
                "user": user,
                "gathering": g,
                "community": g.community,
                "call": call,
                "closes": notices.local_time_for(user, call.closes_at, g.timezone),
                "starts": notices.local_time_for(user, g.starts_at, g.timezone),
                "url": url,
            },
            user.email,
        )


def check_suggest_topic(*, user: User, call: TopicCall, title: object, details: object) -> Topic:
    """A member answers the call: a topic on the group's list, tied to the call."""
    g = call.gathering
    if not Membership.objects.filter(
        community=g.community, user=user, status=Membership.Status.ACTIVE
    ).exists():
        raise NotAllowed(_("Topics are suggested by the group's members."))
    if timezone.now() >= call.closes_at or g.is_cancelled or g.starts_at <= timezone.now():
        raise Gone(
            _("This call for topics has closed. You can still add a topic to the group's list.")
        )
    with transaction.atomic():
        topic = agendas.do_propose_topic(
            user=user, community=g.community, title=title, details=details
        )
        topic.call = call
        topic.save(update_fields=["call"])
    return topic


def topics_of(call: TopicCall, user: Any = None) -> QuerySet[Topic]:
    """What the call gathered, most wanted first, each with its votes (`n_votes`) and
    whether it is on the agenda of the call's gathering (`used_in_id`)."""
    topics = (
        Topic.objects.filter(call=call)
        .annotate(n_votes=Count("votes"))
        .select_related("proposed_by")
        .order_by("-n_votes", "created_at", "pk")
    )
    return topics


def check_add_to_agenda(
    *, actor: User, call: TopicCall, topic: Topic, minutes: object = 20, activity: object = None
) -> Gathering:
    """One action: the topic goes at the end of the gathering's agenda."""
    g = call.gathering
    if not resolve_standing(actor, g.community).can_plan:
        raise NotAllowed(_("The agenda is built by the group's facilitators."))
    if topic.call_id != call.pk:
        raise InvalidInput(_("This topic was not suggested in answer to this call."))
    if g.is_cancelled:
        raise Conflict(_("This gathering was cancelled: its agenda no longer changes."))
    current = [
        {
            "topic": a.topic,
            "activity": a.activity,
            "minutes": a.minutes,
            "from_topic_id": a.from_topic_id,
        }
        for a in g.agenda.all()
    ]
    if any(line["from_topic_id"] == topic.pk for line in current):
        raise Conflict(_("This topic is on the agenda already."))
    line = {
        "topic": topic.title,
        "activity": activity or Activity.OPEN_DISCUSSION,
        "minutes": minutes,
        "from_topic_id": topic.pk,
    }
    return scheduling.check_update_gathering(
        actor=actor, gathering=g, changes={"agenda": [*current, line]}
    )


# --- On the home page (fireside.lib.home) ---------------------------------------------


def _to_answer(user: Any, now: dt.datetime) -> QuerySet[TopicCall]:
    """Open calls that this person did not open and has not answered yet."""
    return (
        TopicCall.objects.filter(closes_at__gt=now, gathering__cancelled_at__isnull=True)
        .exclude(Exists(Topic.objects.filter(call=OuterRef("pk"), proposed_by=user)))
        .exclude(opened_by=user)
    )


def _has_call_to_answer(user: Any) -> Exists:
    return Exists(
        _to_answer(user, timezone.now()).filter(gathering__community=OuterRef("community"))
    )


def calls_open(viewer: Viewer) -> list[Task]:
    """Each open call of their groups they have not answered yet: one query, none when
    their memberships say there is none (`has_call_to_answer`, read with their places)."""
    groups = {m.community_id: m.community for m in flagged(viewer.places, "has_call_to_answer")}
    if not groups:
        return []
    user = viewer.user
    calls = (
        _to_answer(user, viewer.now)
        .filter(gathering__community_id__in=groups)
        .select_related("gathering")
        .order_by("closes_at", "pk")
    )
    tasks = []
    for call in calls:
        g = call.gathering
        tasks.append(
            Task(
                kind="topic-call",
                urgency=Urgency.THIS_WEEK,
                title=_("Suggest a topic for “%(title)s”") % {"title": g.title},
                detail=_("%(group)s · open until %(when)s")
                % {
                    "group": groups[g.community_id].name,
                    "when": date_format(
                        notices.local_time_for(user, call.closes_at, g.timezone),
                        _("l j F, H:i"),
                    ),
                },
                action=_("Suggest a topic"),
                url=reverse("gatherings:topic_call", args=[g.pk]),
            )
        )
    return tasks


@dataclass(frozen=True)
class CallTopics:
    call: TopicCall | None
    topics: list[Topic]


def for_agenda(gathering: Gathering) -> CallTopics:
    """The agenda builder's part: the gathering's call for topics, if any, and what it
    gathered (gatherings/_call_topics.html)."""
    call = TopicCall.objects.filter(gathering=gathering).first()
    return CallTopics(call, list(topics_of(call)) if call else [])


def register_all() -> None:
    register_membership_flag("has_call_to_answer", _has_call_to_answer)
    register_tasks(calls_open, order=35)


def get_call_for(user: Any, pk: int, need: Need) -> TopicCall:
    """A call for topics, for who may `need` in its group (404 to outsiders, 403 to those
    who know the group's inside)."""
    from django.shortcuts import get_object_or_404

    from fireside.communities.access import require

    call = get_object_or_404(
        TopicCall.objects.select_related("gathering__community__program"), pk=pk
    )
    require(resolve_standing(user, call.gathering.community), need)
    return call
