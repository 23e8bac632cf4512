"""Gatherings for the demo program: a year's rhythm per group, with the past filled in.

Created directly, without invitations: nobody should get sixty emails from a demo.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from fireside.communities.models import Community, CommunityRole, Membership
from fireside.gatherings.actions import occurrences
from fireside.gatherings.models import (
    Activity,
    AgendaItem,
    Attendance,
    Debrief,
    Feedback,
    Gathering,
    Series,
    Topic,
    TopicVote,
)

# name -> (RRULE, (first date, local time), minutes)
RHYTHMS: dict[str, tuple[str, tuple[dt.date, dt.time], int]] = {
    "Tidewater Outdoor Play Circle": (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;COUNT=20",
        (dt.date(2026, 9, 12), dt.time(9, 30)),
        90,
    ),
    "Valley Infant & Toddler Circle": (
        "FREQ=MONTHLY;BYDAY=1TU,3TU;COUNT=19",
        (dt.date(2026, 9, 1), dt.time(19, 0)),
        90,
    ),
    "Northern Lights Online Circle": (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=20",
        (dt.date(2026, 9, 9), dt.time(19, 0)),
        60,
    ),
    "Island Assistants' Circle": (
        "FREQ=MONTHLY;BYDAY=-1TH;COUNT=10",
        (dt.date(2026, 9, 24), dt.time(17, 30)),
        90,
    ),
    "Instructors' Practice Circle": (
        "FREQ=MONTHLY;BYDAY=2FR;COUNT=10",
        (dt.date(2026, 9, 11), dt.time(12, 0)),
        60,
    ),
    "Centre Directors' Table": (
        "FREQ=MONTHLY;BYDAY=1MO;COUNT=10",
        (dt.date(2026, 9, 7), dt.time(18, 30)),
        90,
    ),
}

AGENDA = [
    ("Arrivals and one good moment from this month", Activity.RECOGNITION, 10),
    ("A story from practice, and what we learn from it", Activity.STORY_SHARING, 30),
    ("Something to try before we meet again", Activity.ACTIVITY, 25),
    ("More or less: what to keep, what to change", Activity.MORE_OR_LESS, 10),
]

NOTES = (
    "We started with good moments: a first independent hand-wash, a shy child leading a song, "
    "a parent who stopped to say thank you. The story of the month was about transitions "
    "that go sideways, and the group noticed how often a calm voice and a visual cue did more "
    "than any rule. We agreed to try a two-minute warning with a sand timer and compare notes."
)
ACTION_POINTS = [
    "Try the sand-timer warning before tidy-up for two weeks",
    "Bring one photo of a learning space (no children in it) next time",
]
DEBRIEF = {
    "logistics": "Started ten minutes late while people found the room; ask for the side door.",
    "common_threads": "Transitions, tired afternoons, and wanting more time outdoors.",
    "wonderings": "Would a short research piece on self-regulation help next month?",
}
TOPICS = [
    ("Settling new toddlers in January", "Our rooms fill up again after the break."),
    ("Loose parts on a tiny budget", "What have you found at garage sales and recycling days?"),
    ("Talking with families about rough-and-tumble play", ""),
]


def seed_gatherings(community: Community, now: dt.datetime | None = None) -> int:
    """The group's series; past gatherings get attendance, notes, feedback and (all but the
    latest) a mentor debrief. Returns the number of gatherings."""
    now = now or timezone.now()
    rule, first, minutes = RHYTHMS[community.name]
    zone = ZoneInfo(community.program.timezone)
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    )
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .select_related("user")
        .first()
    )
    author = facilitator.user if facilitator else None
    series = Series.objects.create(community=community, rrule=rule, created_by=author)
    starts = occurrences(rule, dt.datetime.combine(*first, tzinfo=zone), community.program.ends_on)
    gatherings = [
        Gathering.objects.create(
            community=community,
            series=series,
            title=f"{community.name}: gathering {i + 1}",
            starts_at=start,
            duration_minutes=minutes,
            timezone=zone.key,
            location=community.meeting_place,
            created_by=author,
        )
        for i, start in enumerate(starts)
    ]
    past = [g for g in gatherings if g.ends_at < now]
    for n, g in enumerate(past):
        AgendaItem.objects.bulk_create(
            AgendaItem(gathering=g, position=i, topic=t, activity=a, minutes=m)
            for i, (t, a, m) in enumerate(AGENDA)
        )
        # Most people come; someone different misses each time.
        Attendance.objects.bulk_create(
            Attendance(
                gathering=g,
                user=m.user,
                present=(i + n) % 5 != 0,
                minutes=g.duration_minutes if (i + n) % 5 != 0 else 0,
                recorded_by=author,
            )
            for i, m in enumerate(members)
        )
        g.notes, g.action_points = NOTES, ACTION_POINTS
        g.notes_sent_at = g.reminder_sent_at = g.ends_at
        g.save()
        for m in members[: 3 + n % 3]:
            Feedback.objects.create(
                gathering=g,
                user=m.user,
                worked=[Activity.STORY_SHARING, Activity.RECOGNITION][: 1 + n % 2],
                more_of=Activity.ACTIVITY if n % 2 else Activity.STORY_SHARING,
                less_of=Activity.MORE_OR_LESS if n % 3 == 0 else "",
            )
        if g is not past[-1]:
            Debrief.objects.create(gathering=g, written_by=author, **DEBRIEF)
    for i, (title, details) in enumerate(TOPICS):
        if not members:
            break
        topic = Topic.objects.create(
            community=community,
            proposed_by=members[i % len(members)].user,
            title=title,
            details=details,
        )
        TopicVote.objects.bulk_create(
            TopicVote(topic=topic, user=m.user) for m in members[: len(TOPICS) - i + 1]
        )
    return len(gatherings)
