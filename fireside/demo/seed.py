"""Fill an empty Fireside with a believable, entirely fictional peer-mentoring program
(manage.py seed_demo): the people of people.py in the groups of groups.py, and each app's
content from this package's modules. Groups are made, joined and staffed through the
actions, as people do; what would email the demo's people is written directly.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.actions import check_create_community, check_join
from fireside.communities.mentors import check_assign_mentor
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.communities.roles import do_assign_role
from fireside.demo.activities import seed_activities
from fireside.demo.announcements import seed_announcement
from fireside.demo.communities import seed_pictures
from fireside.demo.conversations import seed_challenge, seed_conversation, seed_unread
from fireside.demo.enrolment import seed_enrolment_preview
from fireside.demo.factories import MembershipFactory
from fireside.demo.gatherings import seed_date_poll, seed_debrief_call, seed_gatherings, seed_guest
from fireside.demo.groups import GROUPS, Group, agreement_text
from fireside.demo.hours import seed_recorded_time
from fireside.demo.invitations import seed_invitations
from fireside.demo.library import seed_library
from fireside.demo.mentoring import seed_peer_mentoring
from fireside.demo.mentoring_partners import seed_partner_requests
from fireside.demo.people import (
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    ECEA,
    LATE_JOINERS,
    PEOPLE,
    PROGRAM,
    by_local,
)
from fireside.demo.programs import seed_help, seed_words
from fireside.demo.surveys import seed_surveys
from fireside.programs.actions import check_create_program, do_add_program_staff
from fireside.programs.models import Program, ProgramStaff


def _check_data() -> None:
    """Catch mistakes in the tables above before anything is written."""
    by_name = {p.name: p for p in PEOPLE}
    if len(by_name) != len(PEOPLE) or len({p.email for p in PEOPLE}) != len(PEOPLE):
        raise CommandError("Demo people must have unique names and emails.")
    for group in GROUPS:
        for name in (*group.members, *group.waitlist, *(n for n, _ in group.roles)):
            person = by_name.get(name)
            if person is None:
                raise CommandError(f"{name} is in {group.name} but not in PEOPLE.")
            # Groups are role-homogeneous on purpose: people speak more freely among peers.
            if person.role_type != group.audience:
                raise CommandError(f"{name} is not a {group.audience} but is in {group.name}.")
        if len(group.members) > group.capacity:
            raise CommandError(f"{group.name} has more members than seats.")


def _ensure_people() -> dict[str, User]:
    emails = [p.email for p in PEOPLE]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    hashed = make_password(DEMO_PASSWORD)  # hashing is slow by design: once, not sixty times
    now = timezone.now()
    User.objects.bulk_create(
        User(
            email=p.email,
            password=hashed,
            name=p.name,
            pronouns=p.pronouns,
            role_type=p.role_type,
            region=p.region,
            interests=list(p.interests),
            availability=p.availability,
            accessibility_needs=p.accessibility_needs,
            # The demo's people said yes to telling their facilitators (the profile's box).
            share_accessibility_needs=bool(p.accessibility_needs),
            is_staff=p.is_staff,
            email_verified_at=now,
        )
        for p in PEOPLE
        if p.email not in existing
    )
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    return {p.name: users[p.email] for p in PEOPLE}


def _at(day: dt.date, hour: int, program: Program) -> dt.datetime:
    """A moment on a demo day in the program's time zone, never later than now."""
    moment = dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(program.timezone))
    return min(moment, timezone.now())


def _joined_on(program: Program, group_index: int, member_index: int, name: str) -> dt.date:
    """People enrolled in the weeks before the program began (a few later), so every
    gathering they are recorded at took place while they were in the group."""
    day = LATE_JOINERS.get(name) or (
        program.starts_on - dt.timedelta(days=21 - (group_index * 3 + member_index) % 14)
    )
    return min(day, timezone.localdate())


def _backdate(community: Community, group: Group, program: Program, index: int) -> None:
    """Actions date what they do today; the demo's group began before its first gathering."""
    opened = program.starts_on - dt.timedelta(days=28)
    Community.objects.filter(pk=community.pk).update(created_at=_at(opened, 10, program))
    community.agreements.update(created_at=_at(opened, 10, program))
    joined: dict[int, dt.date] = {}
    for place in Membership.objects.filter(
        community=community, status=Membership.Status.ACTIVE
    ).select_related("user"):
        day = _joined_on(program, index, group.members.index(place.user.name), place.user.name)
        joined[place.user_id] = day
        place.joined_on = day
        # Read and accepted the agreement the evening after being placed.
        place.agreement_accepted_at = _at(day + dt.timedelta(days=1), 20, program)
        place.save(update_fields=["joined_on", "agreement_accepted_at"])
    for role in CommunityRole.objects.filter(community=community):
        when = _at(joined[role.user_id] + dt.timedelta(days=2), 9, program)
        CommunityRole.objects.filter(pk=role.pk).update(assigned_at=when, confirmed_at=when)
    for n, place in enumerate(
        Membership.objects.filter(community=community, status=Membership.Status.WAITLISTED)
    ):
        asked = program.starts_on + dt.timedelta(days=30 + 9 * n)
        Membership.objects.filter(pk=place.pk).update(requested_at=_at(asked, 12, program))


def _seed_group(group: Group, program: Program, actor: User, users: dict[str, User]) -> None:
    community = check_create_community(
        actor=actor,
        program=program,
        name=group.name,
        purpose=group.purpose,
        audience=group.audience,
        region=group.region,
        mode=group.mode,
        capacity=group.capacity,
        meeting_place=group.meeting_place,
        rhythm=group.rhythm,
        agreement=agreement_text(group),
    )
    # The demo members join as everyone does: by accepting the group's agreement.
    for name in group.members:
        check_join(user=users[name], community=community, agree_to_agreement=True)
    roles = ((group.members[0], CommunityRole.Role.FACILITATOR), *group.roles)
    for name, role in roles:
        do_assign_role(actor=actor, community=community, user=users[name], role=role)
    # No action puts someone on a waitlist on their behalf: only a full group's join does.
    for name in group.waitlist:
        MembershipFactory(
            community=community,
            user=users[name],
            status=Membership.Status.WAITLISTED,
            joined_on=None,  # waiting: not in the group, and no agreement accepted yet
            agreement=None,
            agreement_accepted_at=None,
        )


def seed() -> Program:
    _check_data()
    users = _ensure_people()
    staff = users[by_local("staff").name]
    coordinator = users[by_local("coordinator").name]
    program = check_create_program(actor=staff, **PROGRAM)
    do_add_program_staff(
        actor=staff, program=program, user=coordinator, role=ProgramStaff.Role.COORDINATOR
    )
    for mentor in (users[by_local("mentor").name], users["Grace Nakamura-Boyd"]):
        do_add_program_staff(
            actor=coordinator, program=program, user=mentor, role=ProgramStaff.Role.MENTOR
        )
    ProgramStaff.objects.filter(program=program).update(
        added_at=_at(program.starts_on - dt.timedelta(days=45), 11, program)
    )
    Program.objects.filter(pk=program.pk).update(
        created_at=_at(program.starts_on - dt.timedelta(days=60), 11, program)
    )
    for index, group in enumerate(GROUPS):
        _seed_group(group, program, coordinator, users)
        _backdate(Community.objects.get(program=program, name=group.name), group, program, index)
    mentors = [users[by_local("mentor").name], users["Grace Nakamura-Boyd"]]
    # Each mentor supports a few groups: the demo mentor the demo facilitator's and every
    # other one after it, Grace the rest.
    for index, community in enumerate(Community.objects.filter(program=program).order_by("pk")):
        check_assign_mentor(
            actor=coordinator, community=community, mentor=mentors[index % len(mentors)]
        )
    for community in Community.objects.filter(program=program).order_by("pk"):
        seed_gatherings(community, mentors=mentors)
    # The demo facilitator has proposed a time to talk their latest gathering over.
    seed_debrief_call(Community.objects.get(program=program, name=GROUPS[0].name))
    # And has invited a guest to the next one.
    seed_guest(Community.objects.get(program=program, name=GROUPS[0].name))
    # And has told the whole group what to bring next time.
    seed_announcement(Community.objects.get(program=program, name=GROUPS[0].name))
    # And runs a "more or less" round at the next one, where the demo member practises a
    # session with the group's feedback.
    seed_activities(
        Community.objects.get(program=program, name=GROUPS[0].name), by_local("member").email
    )
    # And has asked the group a question between gatherings; the demo member's answer waits
    # as a draft (a quote and a few words), to preview, finish and post.
    seed_conversation(
        Community.objects.get(program=program, name=GROUPS[0].name),
        asker=users[by_local("facilitator").name],
        answerer=users[GROUPS[0].members[2]],
        writer=users[by_local("member").name],
    )
    # Its members talk between gatherings: a mention, and reactions including "Me too".
    seed_challenge(Community.objects.get(program=program, name=GROUPS[0].name))
    # And asked the group a question; two answers came after the demo member last read it.
    seed_unread(
        Community.objects.get(program=program, name=GROUPS[0].name), [by_local("member").email]
    )
    # The coordinator and the demo mentor have put a few picks in the program's library.
    seed_library(program, coordinator, mentors[0])
    # The coordinator has invited a few people who have no account yet.
    seed_invitations(program, coordinator, DEMO_DOMAIN)
    # The demo member and facilitator keep this month's reflection, the confidence check and
    # the open surveys to try.
    trying = {by_local(k).email for k in ("member", "facilitator")}
    # The demo facilitator asks the group which evening suits it; the demo member can answer.
    seed_date_poll(
        Community.objects.get(program=program, name=GROUPS[0].name), keep_for_trying=trying
    )
    seed_peer_mentoring(program, keep_for_trying=trying)
    # Members choose their partners here; in the last group, one has asked another.
    seed_partner_requests(program)
    seed_recorded_time(program, keep_for_trying=trying)
    seed_surveys(program, keep_for_trying=trying)
    # The coordinator checked a file of newcomers: one date to correct before enrolling them.
    seed_enrolment_preview(program, coordinator, DEMO_DOMAIN)
    # Drawn pictures (no faces): every group's cover, and a photo for a few of its people.
    named = [by_local(k).name for k in ("facilitator", "member")]
    chosen = dict.fromkeys([*named, *GROUPS[0].members[1:4]])
    seed_pictures(program, people=[users[name] for name in chosen])
    # Questions and answers, the person to ask, and a group someone would like to start.
    seed_help(
        program,
        contact_email=by_local("coordinator").email,
        proposer=users["Amara Okafor"],
    )
    # The program's own word for its groups, and a change of role for the coordinator.
    assistants = next(g for g in GROUPS if g.audience == ECEA)
    seed_words(program, actor=coordinator, asking=users[assistants.members[-1]])
    return program
