"""Gatherings' rows for the authorization guard (fireside/lib/tests/test_authorization_guard.py,
persona sets in fireside/lib/tests/guard_rules.py): its URLs, its API routes, and the
objects their path arguments name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import World
from fireside.demo.factories import GatheringFactory
from fireside.gatherings import answers, checkin, guests, notices
from fireside.gatherings.models import (
    DebriefCall,
    Gathering,
    GatheringGuest,
    Series,
    Topic,
    TopicCall,
)
from fireside.gatherings.tests.factories import guard_rhythm_body
from fireside.gatherings.tests.poll_factories import guard_poll, guard_poll_option
from fireside.lib.tests.guard_rules import (
    ANYONE,
    COORDINATOR,
    FACILITATORS,
    MEMBERS,
    SIGNED_IN,
    Api,
    Web,
    no_body,
)


def guard_values(w: World) -> dict[str, Any]:
    """The gathering under way has a debrief conversation planned, a guest, and a call for
    topics (closed); the next gathering's call is still open. A series, a topic and a date
    poll in the group; Mina's calendar feed and her emailed "yes" link."""
    if not DebriefCall.objects.live().filter(gathering=w.gathering).exists():
        DebriefCall.objects.create(
            gathering=w.gathering,
            starts_at=timezone.now() + dt.timedelta(days=1),
            timezone="America/Vancouver",
            online_url="https://meet.example.org/guarded",
            proposed_by=w.facilitator,
        )
    # A guest invited to the gathering under way, and her signed link.
    guest, _ = GatheringGuest.objects.get_or_create(
        gathering=w.gathering,
        email="guarded-guest@example.org",
        defaults={"name": "Ada Guarded", "note": "early-literacy specialist"},
    )
    # Fay asked the group for topics for the gathering under way (its call has closed).
    TopicCall.objects.get_or_create(
        gathering=w.gathering,
        defaults={"opened_by": w.facilitator, "closes_at": w.gathering.starts_at},
    )
    # And for the next gathering, a call still open: its members suggest topics.
    coming = Gathering.objects.filter(community=w.community, title="Guarded, to come").first()
    if coming is None:
        coming = Gathering.objects.create(
            community=w.community,
            title="Guarded, to come",
            starts_at=timezone.now() + dt.timedelta(days=7),
            duration_minutes=90,
            timezone="America/Vancouver",
            location="Library",
            created_by=w.facilitator,
        )
    open_call, _ = TopicCall.objects.get_or_create(
        gathering=coming,
        defaults={"opened_by": w.facilitator, "closes_at": coming.starts_at},
    )
    return {
        "gathering_id": w.gathering.pk,
        "topic_call_id": open_call.pk,
        "series_id": Series.objects.get_or_create(community=w.community, rrule="FREQ=WEEKLY")[0].pk,
        "topic_id": Topic.objects.get_or_create(community=w.community, title="Guard topic")[0].pk,
        "poll_id": guard_poll(w).pk,
        "feed_token": notices.feed_for(w.member).token,
        # Mina's "yes" link for the gathering under way, as her email carries it.
        "answer_token": answers.answer_token(user=w.member, gathering=w.gathering, response="yes"),
        "guest_id": guest.pk,
        "guest_token": guests.guest_token(guest),
    }


def guard_topic_call_body(w: World) -> dict[str, Any]:
    """A gathering next week, with no call yet: one for each request."""
    coming = GatheringFactory(
        community=w.community, starts_at=timezone.now() + dt.timedelta(days=7)
    )
    return {
        "gathering": coming.pk,
        "closes_at": (coming.starts_at - dt.timedelta(days=1)).isoformat(),
    }


WEB: Web = {
    "gatherings:calendar": ("GET", SIGNED_IN),
    "gatherings:rotate_feed": ("POST", SIGNED_IN),
    "gatherings:feed": ("GET", ANYONE),  # the secret address is the key
    "gatherings:detail": ("GET", MEMBERS),
    "gatherings:ics": ("GET", MEMBERS),
    # An email's answer link, Mina's: no sign-in by design, the signed token is the key;
    # someone else signed in is refused (403). Its refusals: test_email_answers.py.
    "gatherings:email_answer": ("GET", {"anonymous", "member"}),
    "gatherings:rsvp": ("POST", MEMBERS),
    "gatherings:feedback": ("POST", MEMBERS),
    "gatherings:edit": ("GET", FACILITATORS),
    "gatherings:edit_series": ("GET", FACILITATORS),
    "gatherings:cancel": ("POST", FACILITATORS),
    "gatherings:attendance": ("GET", FACILITATORS),
    "gatherings:notes": ("GET", FACILITATORS),
    # Check-in: the guard's gathering began an hour ago, so check-in is open.
    "gatherings:check_in": ("GET", MEMBERS),
    "gatherings:checkin_code": ("GET", FACILITATORS),
    "gatherings:everyone_present": ("POST", FACILITATORS),
    # Debriefs: never members. Writing (POST) is refused to coordinators: see test_web.py.
    "gatherings:debrief": ("GET", FACILITATORS | {"mentor"} | COORDINATOR),
    "gatherings:community_list": ("GET", MEMBERS | {"mentor"} | COORDINATOR),
    "gatherings:schedule": ("GET", FACILITATORS),
    "gatherings:topics": ("GET", MEMBERS),
    "gatherings:propose_topic": ("POST", MEMBERS),
    "gatherings:vote": ("POST", MEMBERS),
    "gatherings:mentor_debriefs": ("GET", {"mentor"} | COORDINATOR),
    # The debrief conversation: the people who write debriefs (never members or coordinators).
    "gatherings:debrief_call": ("GET", FACILITATORS | {"mentor"}),
    "gatherings:cancel_debrief_call": ("POST", FACILITATORS | {"mentor"}),
    # Changing a series' rhythm: the group's planners only.
    "gatherings:rhythm": ("GET", FACILITATORS),
    # Guests of one gathering: who plans it (facilitators, organisers) invites and withdraws;
    # the guest's own page and calendar file need no sign-in, the signed link is the key
    # (forged, expired and withdrawn links: fireside/gatherings/tests/test_guests.py).
    "gatherings:guests": ("GET", FACILITATORS),
    "gatherings:resend_guest": ("POST", FACILITATORS),
    "gatherings:withdraw_guest": ("GET", FACILITATORS),
    "gatherings:guest_attendance": ("POST", FACILITATORS),
    "gatherings:guest_page": ("GET", ANYONE),
    "gatherings:guest_ics": ("GET", ANYONE),
    # Date polls: the group's members answer and see who said what; its planners decide.
    # Never coordinators, mentors or staff (not even the results).
    "gatherings:polls": ("GET", MEMBERS),
    "gatherings:new_poll": ("GET", FACILITATORS),
    "gatherings:poll": ("GET", MEMBERS),
    "gatherings:poll_answer": ("POST", MEMBERS),
    "gatherings:poll_decide": ("POST", FACILITATORS),
    # A gathering's call for topics: its members suggest; its facilitators open it and add
    # what it gathered to the agenda.
    "gatherings:topic_call": ("GET", MEMBERS),
    "gatherings:open_topic_call": ("GET", FACILITATORS),
    "gatherings:suggest_topic": ("POST", MEMBERS),
    "gatherings:add_call_topic": ("POST", FACILITATORS),
}

API: Api = {
    ("POST", "/api/v1/communities/{community_id}/gatherings"): (
        FACILITATORS,
        lambda w: {
            "title": "Guarded",
            "starts_at": "2027-01-06T19:00:00",
            "duration_minutes": 60,
            "location": "Library",
        },
    ),
    ("GET", "/api/v1/communities/{community_id}/gatherings"): (
        MEMBERS | COORDINATOR | {"mentor"},
        no_body,
    ),
    ("GET", "/api/v1/communities/{community_id}/calendar.ics"): (MEMBERS, no_body),
    ("GET", "/api/v1/gatherings/{gathering_id}"): (MEMBERS, no_body),
    ("GET", "/api/v1/gatherings/{gathering_id}/calendar.ics"): (MEMBERS, no_body),
    ("PATCH", "/api/v1/gatherings/{gathering_id}"): (FACILITATORS, lambda w: {"notes": "n"}),
    ("POST", "/api/v1/gatherings/{gathering_id}/rsvp"): (MEMBERS, lambda w: {"response": "yes"}),
    ("PUT", "/api/v1/gatherings/{gathering_id}/attendance"): (
        FACILITATORS,
        lambda w: [{"user_id": w.member.pk, "present": True}],  # type: ignore[dict-item]
    ),
    ("GET", "/api/v1/gatherings/{gathering_id}/check-in"): (FACILITATORS, no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/check-in"): (
        MEMBERS,
        lambda w: {"code": checkin.code_for(w.gathering)},
    ),
    ("POST", "/api/v1/gatherings/{gathering_id}/attendance/everyone"): (FACILITATORS, no_body),
    # Debriefs: the group's facilitators and the program's mentors; never members.
    ("POST", "/api/v1/gatherings/{gathering_id}/debrief"): (
        FACILITATORS | {"mentor"},
        lambda w: {"logistics": "Warm room", "common_threads": "Naps"},
    ),
    # Date polls: members only; the group's planners open and decide them.
    ("GET", "/api/v1/communities/{community_id}/polls"): (MEMBERS, no_body),
    ("POST", "/api/v1/communities/{community_id}/polls"): (
        FACILITATORS,
        lambda w: {
            "title": "Guarded poll",
            "closes_on": guard_poll(w).closes_on.isoformat(),
            "location": "Library",
            "options": [
                {"starts_at": o.starts_at.isoformat(), "duration_minutes": 60}
                for o in guard_poll(w).options.all()
            ],
        },
    ),
    ("GET", "/api/v1/polls/{poll_id}"): (MEMBERS, no_body),
    ("POST", "/api/v1/polls/{poll_id}/answers"): (
        MEMBERS,
        lambda w: {"answers": [{"option_id": guard_poll_option(w), "answer": "yes"}]},
    ),
    ("POST", "/api/v1/polls/{poll_id}/decide"): (
        FACILITATORS,
        lambda w: {"option_id": guard_poll_option(w)},
    ),
    ("GET", "/api/v1/me/calendar"): (SIGNED_IN, no_body),
    ("POST", "/api/v1/me/calendar/rotate"): (SIGNED_IN, no_body),
    ("GET", "/api/v1/gatherings/{gathering_id}/debrief-call"): (
        FACILITATORS | {"mentor"},
        no_body,
    ),
    ("PUT", "/api/v1/gatherings/{gathering_id}/debrief-call"): (
        FACILITATORS | {"mentor"},
        lambda w: {
            "starts_at": (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0).isoformat(),
            "online_url": "https://meet.example.org/debrief",
        },
    ),
    ("DELETE", "/api/v1/gatherings/{gathering_id}/debrief-call"): (
        FACILITATORS | {"mentor"},
        no_body,
    ),
    ("POST", "/api/v1/series/{series_id}/rhythm"): (FACILITATORS, guard_rhythm_body),
    # Guests of one gathering: who plans it (facilitators, organisers).
    ("GET", "/api/v1/gatherings/{gathering_id}/guests"): (FACILITATORS, no_body),
    ("POST", "/api/v1/gatherings/{gathering_id}/guests"): (
        FACILITATORS,
        lambda w: {"name": "Grace Guest", "email": "grace-guest@example.org", "note": "Elder"},
    ),
    ("DELETE", "/api/v1/gatherings/{gathering_id}/guests/{guest_id}"): (FACILITATORS, no_body),
    ("POST", "/api/v1/communities/{community_id}/topic-calls"): (
        FACILITATORS,
        guard_topic_call_body,
    ),
    ("GET", "/api/v1/topic-calls/{topic_call_id}"): (MEMBERS, no_body),
    ("POST", "/api/v1/topic-calls/{topic_call_id}/topics"): (
        MEMBERS,
        lambda w: {"title": "Mud kitchens"},
    ),
}
