"""Gatherings for tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fireside.communities.mentors import check_assign_mentor
from fireside.communities.models import MentorAssignment
from fireside.gatherings import (
    actions,
    agendas,
    debriefs,
    feedback,
    guests,
    notices,
    polls,
    scheduling,
)
from fireside.lib.tests.leaks import Seeded

# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------

GUEST_EMAIL = "guest-expert@example.org"


def leak_markers(world: Any) -> Seeded:
    """Around the gathering that began an hour ago: a topic Mina proposed, its agenda,
    Fay's notes, Mina's feedback, the debrief the mentor wrote, the conversation the mentor
    proposed to talk it over; and the next gathering,
    scheduled with an agenda (its invitations and reminder go out by email)."""
    mina, fay, group, gathering = world.member, world.facilitator, world.community, world.gathering
    s = Seeded()
    topic = agendas.do_propose_topic(
        user=mina,
        community=group,
        title=s.add("gatherings.topic_title"),
        details=s.add("gatherings.topic_details"),
    )
    scheduling.check_update_gathering(
        actor=fay,
        gathering=gathering,
        changes={
            "agenda": [
                {
                    "topic": s.add("gatherings.agenda_topic"),
                    "activity": "story_sharing",
                    "minutes": 30,
                },
                {
                    "topic": s.add("gatherings.guest_shared_agenda"),
                    "activity": "guest_expert",
                    "minutes": 20,
                    "shared_with_guests": True,
                },
            ],
            "notes": f"{s.add('gatherings.notes')} We talked about naps.",
            "action_points": [s.add("gatherings.action_point")],
            "ideas_next_time": s.add("gatherings.ideas_next_time"),
        },
    )
    feedback.do_give_feedback(
        user=mina,
        gathering=gathering,
        worked=["story_sharing"],
        comment=s.add("gatherings.feedback_comment"),
    )
    actions.check_file_debrief(
        actor=world.mentor,
        gathering=gathering,
        logistics=s.add("gatherings.debrief_logistics"),
        common_threads=s.add("gatherings.debrief_common_threads"),
        wonderings=s.add("gatherings.debrief_wonderings"),
    )
    # The mentor supports the group, and proposes a time to talk the gathering over: where
    # they meet is for the two of them (their invitations, pages and homes), not the group.
    if not MentorAssignment.objects.filter(community=group, mentor=world.mentor).exists():
        check_assign_mentor(actor=world.coordinator, community=group, mentor=world.mentor)
    debriefs.check_schedule_debrief_call(
        actor=world.mentor,
        gathering=gathering,
        starts_at=(timezone.now() + dt.timedelta(days=2)).replace(microsecond=0),
        location=s.add("gatherings.debrief_call_place"),
        online_url="https://meet.example.org/" + s.add("gatherings.debrief_call_link"),
    )
    # A guest: her email and page show the shared agenda item, never the other one; members
    # see who she is on the gathering's page.
    guest = guests.do_invite_guest(
        actor=fay,
        gathering=gathering,
        name="Ada Lovelace",
        email=GUEST_EMAIL,
        note=s.add("gatherings.guest_note"),
    )
    scheduled = scheduling.check_schedule(
        actor=fay,
        community=group,
        title="Next circle",
        starts_at=(timezone.now() + dt.timedelta(days=10)).replace(microsecond=0),
        duration_minutes=90,
        location="Orchard Street Library",
        agenda=[
            {"topic": s.add("gatherings.upcoming_agenda"), "activity": "activity", "minutes": 20}
        ],
    )
    # Its reminder, sent early: it carries the agenda.
    (upcoming,) = scheduled.gatherings
    notices.send_reminder.call(gathering_id=upcoming.pk, sequence=upcoming.sequence)
    # A date poll Fay opened (its invitation goes to Mina), and Mina's answer.
    poll = polls.check_create_poll(
        actor=fay,
        community=group,
        title=s.add("gatherings.poll_title"),
        note=s.add("gatherings.poll_note"),
        closes_on=timezone.now().date() + dt.timedelta(days=3),
        options=[
            {"starts_at": timezone.now() + dt.timedelta(days=d), "duration_minutes": 60}
            for d in (6, 7)
        ],
        location="Orchard Street Library",
    )
    first = poll.options.first()
    polls.do_answer_poll(user=mina, poll=poll, answers={first.pk if first else 0: "yes"})
    s.paths = {
        "gathering_id": gathering.pk,
        "topic_id": topic.pk,
        "guest_id": guest.pk,
        "guest_token": guests.guest_token(guest),
        "poll_id": poll.pk,
    }
    return s


def guard_rhythm_body(world: Any) -> dict[str, Any]:
    """The guard's series gets two gatherings to come, a week apart, so that a preview of
    "every second week" has something to change."""
    from fireside.gatherings.models import Gathering, Series

    series = Series.objects.get(community=world.community, rrule="FREQ=WEEKLY")
    if not series.gatherings.exists():
        first = (timezone.now() + dt.timedelta(days=7)).replace(microsecond=0)
        for week in range(2):
            Gathering.objects.create(
                community=world.community,
                series=series,
                title="Guarded rhythm",
                starts_at=first + dt.timedelta(weeks=week),
                duration_minutes=60,
                timezone="America/Vancouver",
                location="Library",
            )
    return {"rule": "FREQ=WEEKLY;INTERVAL=2", "dry_run": True}
