"""Peer mentoring for the demo program: pairs in every group, the connections they logged
week by week, and monthly reflections, some with an excerpt their author agreed to share.

Everything goes through the actions members and facilitators use (so the dates obey the
same rules); only the moments rows were written are moved back to when they happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.models import Community, CommunityRole, Membership, Mode
from fireside.demo.mentoring_messages import seed_pair_messages
from fireside.demo.mentoring_questionnaire import seed_matching
from fireside.mentoring.actions import (
    Roster,
    check_create_pairing,
    check_write_reflection,
    months_between,
    roster,
    suggest_pairs,
    today_for,
)
from fireside.mentoring.connections import check_log_connection
from fireside.mentoring.models import Connection, Format, Pairing, Reflection
from fireside.mentoring.reflecting import check_set_prompts
from fireside.mentoring.review import check_confirm_connection, check_dispute_connection
from fireside.programs.models import Program, ProgramStaff

# Pairs are formed once a group has met and people have started to know each other.
PAIRED_AFTER = dt.timedelta(days=14)
# (format, minutes): what the pairs in a group that meets in person or online usually do.
IN_PERSON_HABITS = (
    (Format.COFFEE, 45),
    (Format.WALK, 50),
    (Format.MESSAGE, 15),
    (Format.PHONE, 25),
    (Format.COFFEE, 40),
    (Format.WALK, 35),
)
ONLINE_HABITS = (
    (Format.VIDEO, 40),
    (Format.PHONE, 25),
    (Format.MESSAGE, 15),
    (Format.VIDEO, 30),
    (Format.PHONE, 20),
    (Format.MESSAGE, 10),
)
# Private notes: only the person who logged the connection reads them.
NOTES = (
    "Talked through the new toddler who cries at drop-off. Try a goodbye ritual with the family.",
    "Mostly laughed. Needed that after this week.",
    "Swapped ideas for rainy-day gross motor play: hallway obstacle course, scarves and music.",
    "Shared how I felt after the licensing visit. Feeling steadier now.",
    "Planning to visit each other's outdoor space in the spring.",
    "Asked about how she writes learning stories so quickly. She uses voice notes on breaks.",
)
BODIES = (
    "This month I tried getting down to the children's eye level before giving any "
    "direction. It felt slow at first, but tidy-up went more smoothly than it has all year. I "
    "noticed I raise my voice less when I am already close to them.",
    "I was surprised by how much the quietest child in my room had to say once we were "
    "outside. She named every bird at the feeder. I want to give her more chances to be the "
    "expert, indoors too.",
    "A hard month. Two colleagues were off sick and I spent most days covering ratios rather "
    "than teaching. Talking it over with my peer partner helped me see that keeping children "
    "safe and calm on a short-staffed day is still good practice.",
    "I would like to unlearn the habit of praising every drawing with 'beautiful'. I have "
    "started asking children to tell me about their work instead, and the conversations are "
    "so much richer.",
    "My group gave me the courage to talk with a family about biting. I started with what "
    "their child does well, then shared what we are seeing and what we are trying. It went "
    "better than I feared.",
    "We brought loose parts into the block corner: tubes, lids, fabric scraps. The children "
    "built a 'car wash' for three days running. I documented it with photos and short notes, "
    "and the families loved seeing it.",
    "I noticed I rush transitions when I am tired. This month I used a song before lunch "
    "every day, and the children started singing it themselves when it was time to wash hands.",
    "I have been thinking about belonging: who feels at home in our room and who does not "
    "yet. A new child speaks Punjabi at home, so I learned a few words from her mother. Her "
    "face when I said good morning!",
    "The walk-and-talk with my partner is now the best hour of my week. We talk about "
    "practice, but also about how to keep going in a job that asks a lot of us.",
    "I tried stepping back during a conflict over the tricycles and waited before stepping "
    "in. The children worked out a turn-taking plan themselves. I need to trust them more.",
    "This month I kept a small notebook in my pocket to jot down what children said. Reading "
    "it back, I can see their interest in building, so I am planning more around that.",
    "Our centre had a staff meeting about outdoor risk. I shared what our group discussed "
    "about benefit and risk, and my director asked me to help write a new outdoor play plan.",
)
EXCERPTS = (
    "Getting down to the children's eye level changed how our tidy-up time feels.",
    "Keeping children safe and calm on a short-staffed day is still good practice.",
    "Asking children to tell me about their drawings opened better conversations than praise.",
    "Starting a hard conversation with what the child does well made it easier for everyone.",
    "A song before lunch did more for our transitions than any reminder.",
    "Waiting a moment before stepping in let the children solve the problem themselves.",
    "Having a peer partner to talk to after a hard week keeps me going.",
    "Learning a few words of a family's home language made a child feel at home.",
)
ANYTHING_ELSE = (
    "",
    "I would like to read more about emergent curriculum if anyone has a suggestion.",
    "",
    "Tired, but hopeful.",
    "",
)


def _when(day: dt.date, hour: int) -> dt.datetime:
    return min(
        dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone()),
        timezone.now(),
    )


def _pair_group(community: Community, actor: User, day: dt.date) -> list[Pairing]:
    """Pair the members who were in the group by `day`, as the suggestion would, by hand."""
    group = roster(community)
    ready = [m for m in group.unpaired if m.joined_on and m.joined_on <= day]
    suggestion = suggest_pairs(
        community=community, group=Roster(group.members, ready, group.people, group.questions)
    )
    return [
        check_create_pairing(actor=actor, community=community, user_ids=g.ids, starts_on=day)
        for g in suggestion.groups
    ]


def _log_connections(pairing: Pairing, n: int, today: dt.date, online: bool) -> None:
    """About one connection a week since the pair began; the odd week is missed, and one
    pair in each group has gone quiet lately (the nudge's case). Each is then reviewed by
    the partner (_review)."""
    habits = ONLINE_HABITS if online else IN_PERSON_HABITS
    people = pairing.users()
    quiet_from = today - dt.timedelta(days=20) if n == 2 else None
    week = 0
    while True:
        day = pairing.starts_on + dt.timedelta(days=7 * week + (n + week) % 4)
        if day > today or (quiet_from and day >= quiet_from):
            return
        if (n + week) % 6 != 5:
            how, minutes = habits[(n + week) % len(habits)]
            connection = check_log_connection(
                user=people[week % len(people)],
                pairing=pairing,
                happened_on=day,
                minutes=minutes + 5 * ((n * week) % 3),
                format=how,
                note=NOTES[(n + week) % len(NOTES)] if (n + week) % 3 == 0 else "",
            )
            Connection.objects.filter(pk=connection.pk).update(created_at=_when(day, 21))
            _review(connection, people, n, week)
        week += 1


def _review(connection: Connection, people: list[User], n: int, week: int) -> None:
    """Partners confirm many connections; older ones count anyway after a week. In one pair,
    a partner says an early one did not happen, for the facilitator to settle."""
    partner = next((u for u in people if u.pk != connection.logged_by_id), None)
    if partner is None:
        return
    if n == 1 and week == 1:
        check_dispute_connection(
            user=partner,
            connection=connection,
            note="We planned that walk but called it off when the storm came in.",
        )
    elif (n + week) % 3 != 1:
        check_confirm_connection(user=partner, connection=connection)


def _reflect(
    program: Program, place: Membership, index: int, today: dt.date, keep_month_open: bool
) -> None:
    """One reflection for most past months since the person joined, and for this month by
    the people who write early; some agree to share an excerpt."""
    joined = place.joined_on or today
    first = max(joined, program.starts_on).replace(day=1)
    last = min(today, program.ends_on).replace(day=1)
    for m, month in enumerate(months_between(first, last)):
        if (index + m) % 5 == 4:
            continue  # a month missed, as happens
        is_current = month == today.replace(day=1)
        if is_current and (keep_month_open or today.day < 10 or index % 3):
            continue
        k = index + 5 * m
        reflection = check_write_reflection(
            author=place.user,
            program=program,
            month=month,
            body=BODIES[k % len(BODIES)],
            anything_else=ANYTHING_ELSE[k % len(ANYTHING_ELSE)],
            shareable_excerpt=EXCERPTS[k % len(EXCERPTS)] if k % 4 == 1 else "",
        )
        ends = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1 + index % 4)
        written = _when(min(ends, today), 20)
        Reflection.objects.filter(pk=reflection.pk).update(
            created_at=written,
            updated_at=written,
            excerpt_consented_at=written if reflection.shareable_excerpt else None,
        )


# The demo program's own monthly prompts, set by its coordinator (it keeps reflections
# private, as its description says).
DEMO_PROMPTS = (
    (
        "Which moment with a child this month would you like to remember, and why?",
        "Quel moment avec un enfant aimeriez-vous retenir ce mois-ci, et pourquoi?",
    ),
    (
        "What did you change in your room or routine this month, and what did the children do?",
        "Qu'avez-vous changé dans votre local ou votre routine ce mois-ci, et qu'ont fait "
        "les enfants?",
    ),
    (
        "What did a conversation with your group or your peer partner help you see?",
        "Qu'est-ce qu'une conversation avec votre groupe ou votre partenaire vous a aidé à voir?",
    ),
    (
        "Where did you feel stretched this month, and what helped?",
        "Où vous êtes-vous senti mis au défi ce mois-ci, et qu'est-ce qui vous a aidé?",
    ),
)


def _plan_together(pairing: Pairing, today: dt.date, online: bool) -> None:
    """The first pair of each group has its next catch-up planned and two goals, one done."""
    from fireside.mentoring import pair_space

    people = pairing.users()
    where = "https://meet.example.org/fireside-pair" if online else "Bench by the school garden"
    pair_space.check_set_catch_up(
        user=people[0],
        pairing=pairing,
        starts_at=dt.datetime.combine(today + dt.timedelta(days=3), dt.time(16, 15)),
        minutes=40,
        where=where,
    )
    first = pair_space.check_add_goal(
        user=people[0], pairing=pairing, text="Try a calm-down corner and compare notes"
    )
    pair_space.check_add_goal(
        user=people[-1], pairing=pairing, text="Each share one song that works at tidy-up time"
    )
    pair_space.check_update_goal(user=people[-1], pairing=pairing, goal=first, done=True)


def seed_peer_mentoring(program: Program, *, keep_for_trying: Collection[str] = frozenset()) -> int:
    """Pairs, their connections and everyone's reflections. `keep_for_trying`: emails of
    people whose reflection for this month is left to write. Returns the number of pairs."""
    today = today_for(None, program)
    coordinator = (
        ProgramStaff.objects.filter(program=program, role=ProgramStaff.Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if coordinator is not None:
        check_set_prompts(actor=coordinator.user, program=program, prompts=DEMO_PROMPTS)
    seed_matching(program, coordinator.user if coordinator else None)
    pairs = 0
    for community in Community.objects.filter(program=program).order_by("pk"):
        facilitator = (
            CommunityRole.objects.current()
            .filter(community=community, role=CommunityRole.Role.FACILITATOR)
            .select_related("user")
            .get()
        )
        day = min(program.starts_on + PAIRED_AFTER, today)
        online = community.mode == Mode.ONLINE
        for n, pairing in enumerate(_pair_group(community, facilitator.user, day)):
            _log_connections(pairing, n, min(today, program.ends_on), online)
            if pairs == 0:
                seed_pair_messages(pairing)
            if n == 0 and today < program.ends_on:
                _plan_together(pairing, today, online)
            pairs += 1
        places = Membership.objects.filter(
            community=community, status=Membership.Status.ACTIVE
        ).select_related("user")
        for index, place in enumerate(places.order_by("pk")):
            _reflect(program, place, index, today, place.user.email in keep_for_trying)
    return pairs
