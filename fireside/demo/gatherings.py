"""Gatherings for the demo program: a year's rhythm per group, with the past filled in.

Created directly, with the tests' GatheringFactory and without invitations: nobody should
get sixty emails from a demo. What a facilitator or mentor records afterwards (attendance,
debriefs) goes through their actions, so the demo obeys the same rules as the pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.demo.factories import GatheringFactory
from fireside.gatherings.actions import (
    attendance_candidates,
    check_file_debrief,
    check_record_attendance,
)
from fireside.gatherings.debriefs import check_schedule_debrief_call
from fireside.gatherings.models import (
    Activity,
    AgendaItem,
    Attendance,
    DatePoll,
    DebriefCall,
    Feedback,
    Gathering,
    GatheringGuest,
    PollAnswer,
    PollOption,
    Series,
    Topic,
    TopicVote,
)
from fireside.gatherings.scheduling import occurrences

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

# A few different evenings, so the notes and debriefs do not read as copies of each other.
NOTES = (
    "We started with good moments: a first independent hand-wash, a shy child leading a song, "
    "a parent who stopped to say thank you. The story of the month was about transitions "
    "that go sideways, and the group noticed how often a calm voice and a visual cue did more "
    "than any rule. We agreed to try a two-minute warning with a sand timer and compare notes.",
    "Lots of laughter about the week's weather. Our story was about a child who would not come "
    "in from the yard, and how sitting down beside them for a minute changed the whole "
    "afternoon. We talked about what we tell families when a day goes badly, and how to start "
    "that conversation with something good.",
    "A quieter gathering: several of us are tired after a stretch of short-staffed days. We "
    "spent more time on looking after ourselves than planned, and nobody minded. Two people "
    "shared small changes to the lunch routine that gave them five calm minutes back.",
    "We looked at photos of learning spaces (no children in them) and asked what each one "
    "invites children to do. Moving one shelf can open a whole corner. Next time we will bring "
    "one loose-parts idea that cost nothing.",
)
ACTION_POINTS = (
    ["Try the sand-timer warning before tidy-up for two weeks"],
    ["Start one family conversation this month with a small good moment"],
    ["Take one five-minute break away from the room each shift, and notice how it feels"],
    [
        "Bring one photo of a learning space (no children in it) next time",
        "Bring a free loose-parts idea",
    ],
)
# Written by a program mentor or the facilitator, within the week after a gathering.
DEBRIEFS = (
    {
        "logistics": "Started ten minutes late while people found the room; ask for the side "
        "door next time.",
        "common_threads": "Transitions, tired afternoons, and wanting more time outdoors.",
        "wonderings": "Would a short research piece on self-regulation help next month?",
    },
    {
        "logistics": "Everyone could hear each other this time. The video link dropped once "
        "and came back quickly.",
        "common_threads": "Talking with families about hard days; wanting words that are "
        "honest and kind at once.",
        "wonderings": "Could we role-play a pick-up conversation? Some people may prefer to "
        "watch first.",
    },
    {
        "logistics": "Smaller group than usual (a stomach bug is going around). The shorter "
        "agenda suited the evening.",
        "common_threads": "Fatigue and short staffing. People were gentle with each other.",
        "wonderings": "How do we keep this a place for practice and not only for venting? "
        "Maybe open with one thing that went well.",
    },
    {
        "logistics": "The room was booked twice; we found a corner in the lobby. Confirm the "
        "booking a week ahead.",
        "common_threads": "Learning spaces, and how small changes in the room change the day.",
        "wonderings": "A member offered to share a floor plan next time. Keep an eye on the "
        "quieter voices when the group gets excited.",
    },
)
# What each gathering is mainly about, in turn: the mix of activities groups plan.
FOCUS = [
    "Getting to know each other",
    "Stories from our rooms",
    "An activity to try before next time",
    "What we tried, and how it went",
    "A closer look at a short article",
    "More of this, less of that",
    "Showing each other our work",
    "Words we use, and what we mean by them",
]
# Gatherings of the last fortnight still wait for their debrief, for the mentors' list.
DEBRIEF_AFTER = dt.timedelta(days=14)
TOPICS = [
    ("Settling new toddlers in January", "Our rooms fill up again after the break."),
    ("Loose parts on a tiny budget", "What have you found at garage sales and recycling days?"),
    ("Talking with families about rough-and-tumble play", ""),
]


def seed_gatherings(
    community: Community, now: dt.datetime | None = None, mentors: Sequence[User] = ()
) -> int:
    """The group's series; past gatherings get attendance (recorded through the action the
    attendance page uses), notes, feedback from people who came and, except for the last
    fortnight's, a debrief by a mentor or the facilitator. Returns the number of gatherings."""
    now = now or timezone.now()
    rule, first, minutes = RHYTHMS[community.name]
    zone = ZoneInfo(community.program.timezone)
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .select_related("user")
        .get()
    )
    author = facilitator.user
    series = Series.objects.create(community=community, rrule=rule, created_by=author)
    starts = occurrences(rule, dt.datetime.combine(*first, tzinfo=zone), community.program.ends_on)
    gatherings = [
        GatheringFactory(
            community=community,
            series=series,
            title=FOCUS[i % len(FOCUS)],
            starts_at=start,
            duration_minutes=minutes,
            timezone=zone.key,
            location=community.meeting_place,
            created_by=author,
        )
        for i, start in enumerate(starts)
    ]
    past = [g for g in gatherings if g.ends_at < now]
    writers = [*mentors, author]
    for n, g in enumerate(past):
        _fill_in(g, n, author)
        if g is past[-1] or g.ends_at > now - DEBRIEF_AFTER:
            continue
        check_file_debrief(actor=writers[n % len(writers)], gathering=g, **DEBRIEFS[n % 4])
    if past:  # at the latest gathering, a few members checked themselves in with the code
        first_ones = past[-1].attendance.filter(present=True).order_by("pk")[:3]
        Attendance.objects.filter(pk__in=list(first_ones.values_list("pk", flat=True))).update(
            recorded_by=F("user")
        )
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    )
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


def _fill_in(g: Gathering, n: int, facilitator: User) -> None:
    """Agenda, attendance, notes and feedback of the n-th past gathering."""
    AgendaItem.objects.bulk_create(
        AgendaItem(gathering=g, position=i, topic=t, activity=a, minutes=m)
        for i, (t, a, m) in enumerate(AGENDA)
    )
    # The people in the group that day (not who joined since), as on the attendance page.
    # Most come; someone different misses each time, and now and then someone leaves early.
    people = list(attendance_candidates(g).order_by("pk").values_list("user_id", flat=True))
    rows: list[dict[str, Any]] = []
    for i, user_id in enumerate(people):
        row: dict[str, Any] = {"user_id": user_id, "present": (i + n) % 5 != 0}
        if row["present"] and (i + n) % 7 == 3:
            row["minutes"] = g.duration_minutes - 30
        rows.append(row)
    recorded = check_record_attendance(actor=facilitator, gathering=g, rows=rows)
    g.notes, g.action_points = NOTES[n % len(NOTES)], ACTION_POINTS[n % len(ACTION_POINTS)]
    g.notes_sent_at = g.reminder_sent_at = g.ends_at
    g.save()
    came = [a.user_id for a in sorted(recorded, key=lambda a: a.user_id) if a.present]
    for user_id in came[: 3 + n % 3]:
        Feedback.objects.create(
            gathering=g,
            user_id=user_id,
            worked=[Activity.STORY_SHARING, Activity.RECOGNITION][: 1 + n % 2],
            more_of=Activity.ACTIVITY if n % 2 else Activity.STORY_SHARING,
            less_of=Activity.MORE_OR_LESS if n % 3 == 0 else "",
        )


def seed_debrief_call(community: Community, now: dt.datetime | None = None) -> DebriefCall | None:
    """The facilitator proposes a time to talk the group's latest gathering over with its
    mentor: two days from now, at four in the afternoon, by video."""
    now = now or timezone.now()
    latest = (
        Gathering.objects.filter(community=community, starts_at__lt=now, cancelled_at__isnull=True)
        .order_by("-starts_at")
        .first()
    )
    if latest is None or latest.ends_at > now:
        return None
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .select_related("user")
        .get()
    )
    day = (now + dt.timedelta(days=2)).astimezone(latest.tz).date()
    call, _created = check_schedule_debrief_call(
        actor=facilitator.user,
        gathering=latest,
        starts_at=dt.datetime.combine(day, dt.time(16, 0)),
        duration_minutes=30,
        online_url="https://meet.example.org/fireside-demo-debrief",
    )
    return call


def seed_guest(community: Community, now: dt.datetime | None = None) -> GatheringGuest | None:
    """A guest at the group's next gathering: an early-literacy specialist from the public
    library, with the item she leads shared with her. Created directly, like the rest of the
    demo: no email goes out."""
    now = now or timezone.now()
    upcoming = (
        Gathering.objects.filter(community=community, starts_at__gt=now, cancelled_at__isnull=True)
        .order_by("starts_at")
        .first()
    )
    if upcoming is None:
        return None
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .select_related("user")
        .get()
    )
    AgendaItem.objects.create(
        gathering=upcoming,
        position=upcoming.agenda.count(),
        topic="Sharing books with babies and toddlers, with our guest",
        activity=Activity.GUEST_EXPERT,
        minutes=30,
        shared_with_guests=True,
    )
    return GatheringGuest.objects.create(
        gathering=upcoming,
        name="Dr. Ada Lovelace",
        email="ada.guest@demo.fireside.test",  # the demo's reserved domain: no real inbox
        note="early-literacy specialist, Orchard Street Library",
        invited_by=facilitator.user,
        coming=True,
    )


def seed_date_poll(
    community: Community, now: dt.datetime | None = None, keep_for_trying: Collection[str] = ()
) -> DatePoll | None:
    """The facilitator asks which evening suits the group for the spring series; half the
    members have answered (not the people kept for trying it). Written directly: a demo
    sends no invitations."""
    now = now or timezone.now()
    zone = ZoneInfo(community.program.timezone)
    today = now.astimezone(zone).date()
    closes = today + dt.timedelta(days=5)
    if closes > community.program.ends_on:
        return None
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .select_related("user")
        .get()
    )
    poll = DatePoll.objects.create(
        community=community,
        title="Which evening suits us this spring?",
        note="We keep meeting every second week; only the evening may change.",
        kind=DatePoll.Kind.SERIES,
        closes_on=closes,
        location=community.meeting_place,
        online_url="" if community.meeting_place else "https://meet.example.org/fireside-demo",
        created_by=facilitator.user,
    )
    options = PollOption.objects.bulk_create(
        PollOption(
            poll=poll,
            position=i,
            weekday=weekday,
            time=dt.time(19, 0),
            duration_minutes=60,
            timezone=zone.key,
        )
        for i, weekday in enumerate((1, 2, 3))  # Tuesday, Wednesday, Thursday
    )
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .exclude(user__email__in=keep_for_trying)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    answers = ["yes", "if_need_be", "no"]
    PollAnswer.objects.bulk_create(
        PollAnswer(option=option, user_id=user_id, answer=answers[(i + j) % 3])
        for i, user_id in enumerate(members[: len(members) // 2])
        for j, option in enumerate(options)
    )
    return poll
