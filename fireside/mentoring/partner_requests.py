"""Members choosing their partners (issue 20, part 2), when their program lets them
(Program.partner_choice): suggestions from their group or the whole program
(Program.partner_scope), a request with a short note, and the other's answer.

Privacy rules every reader here keeps:
- a request and its note are for its sender and its recipient only — never facilitators,
  mentors, coordinators, operators or the admin;
- nobody learns who declined whom: to its sender, a declined request looks exactly like
  one still waiting (`shown_state`), until REQUEST_DAYS have passed; then, like any request
  nobody answered, it is "no longer open";
- when someone accepts, the other open requests of both people close, and their senders
  read only "no longer open".

Requests expire lazily: a request is open while it is pending and younger than
REQUEST_DAYS (`open_q`); no job has to run for that to be true.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, NotFoundError, Unprocessable
from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.lib.i18n import lazy_format
from fireside.lib.text import clean_text
from fireside.mentoring import actions, matching
from fireside.mentoring.models import (
    REQUEST_DAYS,
    REQUEST_NOTE_MAX,
    Pairing,
    PairMember,
    PartnerRequest,
)
from fireside.programs.models import PartnerChoice, PartnerScope, Program

SUGGESTIONS = 5
MAX_PENDING = 3
State = PartnerRequest.State

# What a request's sender reads: never "declined".
WAITING = "waiting"
ACCEPTED = "accepted"
CLOSED = "closed"
SHOWN = {
    WAITING: gettext_lazy("Waiting for an answer"),
    ACCEPTED: gettext_lazy("Accepted: you are partners"),
    CLOSED: pgettext_lazy("partner request", "No longer open"),
}
REQUEST_WAITING = gettext_lazy("Someone asked you to be their peer partner")


def members_choose(program: Program) -> bool:
    return program.partner_choice == PartnerChoice.MEMBERS


def across_program(program: Program) -> bool:
    return program.partner_scope == PartnerScope.PROGRAM


def open_q(now: dt.datetime | None = None, prefix: str = "") -> Q:
    """Open: pending and younger than REQUEST_DAYS."""
    since = (now or timezone.now()) - dt.timedelta(days=REQUEST_DAYS)
    return Q(**{f"{prefix}state": State.PENDING, f"{prefix}created_at__gt": since})


def waiting_q(now: dt.datetime | None = None) -> Q:
    """Open as its sender sees it: pending or declined, younger than REQUEST_DAYS."""
    since = (now or timezone.now()) - dt.timedelta(days=REQUEST_DAYS)
    return Q(state__in=[State.PENDING, State.DECLINED], created_at__gt=since)


def shown_state(request: PartnerRequest, now: dt.datetime | None = None) -> str:
    """The state its sender reads (the same for declined as for pending)."""
    if request.state == State.ACCEPTED:
        return ACCEPTED
    fresh = request.created_at > (now or timezone.now()) - dt.timedelta(days=REQUEST_DAYS)
    if request.state in (State.PENDING, State.DECLINED) and fresh:
        return WAITING
    return CLOSED


# --- Who is in reach ------------------------------------------------------------------


def home_membership(user: User, program: Program) -> Membership | None:
    """The person's group in the program (the first they joined, if several)."""
    return (
        Membership.objects.filter(
            user=user, community__program=program, status=Membership.Status.ACTIVE
        )
        .select_related("community__program", "user")
        .order_by("joined_on", "pk")
        .first()
    )


def _in_scope(home: Membership) -> QuerySet[Membership]:
    first = (
        Membership.objects.filter(user=OuterRef("user_id"), joined_on__isnull=False)
        .order_by("joined_on")
        .values("joined_on")[:1]
    )
    program = home.community.program
    where = (
        Q(community__program=program) if across_program(program) else Q(community=home.community)
    )
    return (
        Membership.objects.filter(where, status=Membership.Status.ACTIVE, user__is_active=True)
        .select_related("user", "community")
        .annotate(first_joined=Subquery(first))
        .order_by("user__name", "user_id", "joined_on", "pk")
    )


def _paired_ids(home: Membership) -> set[int]:
    program = home.community.program
    where = (
        Q(community__program=program) if across_program(program) else Q(community=home.community)
    )
    return set(
        PairMember.objects.filter(where, ended_on__isnull=True).values_list("user_id", flat=True)
    )


def _people(home: Membership) -> dict[int, Membership]:
    """Everyone in reach, once each (their first group in the program)."""
    people: dict[int, Membership] = {}
    for m in _in_scope(home):
        people.setdefault(m.user_id, m)
    return people


def reach_roster(home: Membership, today: dt.date) -> actions.Roster:
    """Everyone in reach, as the pairing action reads a group."""
    members = list(_people(home).values())
    return actions.Roster(
        members=members,
        unpaired=members,
        people={m.user_id: actions.person(m, today) for m in members},
    )


@dataclass(frozen=True)
class Suggested:
    user: User
    community: Community
    score: int
    reasons: list[str]


@dataclass(frozen=True)
class Finding:
    """The "Find a partner" page for one person in one program."""

    program: Program
    home: Membership | None
    paired: bool
    suggestions: list[Suggested]
    asked: int  # requests they sent that are still waiting


def find(user: User, program: Program) -> Finding:
    """Up to SUGGESTIONS people in reach without a partner, best fit first, with the
    reasons in plain words (matching.fit), leaving out those already asked."""
    home = home_membership(user, program)
    if home is None or not members_choose(program):
        return Finding(program, home, False, [], 0)
    paired = _paired_ids(home)
    waiting = PartnerRequest.objects.filter(waiting_q(), from_user=user, program=program)
    asked = set(waiting.values_list("to_user_id", flat=True))
    asked_me = set(
        PartnerRequest.objects.filter(open_q(), to_user=user, program=program).values_list(
            "from_user_id", flat=True
        )
    )
    if user.pk in paired:
        return Finding(program, home, True, [], len(asked))
    today = actions.today_for(user, program)
    people = _people(home)
    me = actions.person(people.get(user.pk, home), today)
    where = actions.in_person(home.community)
    found = []
    for uid, m in people.items():
        if uid == user.pk or uid in paired or uid in asked or uid in asked_me:
            continue
        fit = matching.fit(me, actions.person(m, today), in_person=where)
        found.append(Suggested(m.user, m.community, fit.score, fit.sentences()))
    found.sort(key=lambda s: (-s.score, s.user.display_name.casefold(), s.user.pk))
    return Finding(program, home, False, found[:SUGGESTIONS], len(asked))


def pair_places(pairing: Pairing, users: list[User]) -> list[tuple[Community, list[User]]]:
    """Where each person of a pair belongs: the pair's group for those in it; for a partner
    from another group of the program, their own group there (one query)."""
    groups: dict[int, Community] = {pairing.community_id: pairing.community}
    where: dict[int, int] = {}
    for m in (
        Membership.objects.filter(
            user__in=users,
            community__program_id=pairing.community.program_id,
            status=Membership.Status.ACTIVE,
        )
        .select_related("community")
        .order_by("joined_on", "pk")
    ):
        groups.setdefault(m.community_id, m.community)
        if m.community_id == pairing.community_id or m.user_id not in where:
            where[m.user_id] = m.community_id
    places: dict[int, list[User]] = {}
    for user in users:
        places.setdefault(where.get(user.pk, pairing.community_id), []).append(user)
    return [(groups[pk], people) for pk, people in places.items()]


# --- Asking ---------------------------------------------------------------------------


def _tell_recipient(request: PartnerRequest) -> None:
    """In the app and, by their settings, by email: the words name nobody (the page does)."""
    from fireside.notifications.actions import notify
    from fireside.notifications.models import Kind

    theirs = home_membership(request.to_user, request.program)
    if theirs is None:
        return
    notify(
        users=[request.to_user],
        community=theirs.community,
        kind=Kind.PARTNER_REQUEST,
        url=reverse("mentoring:partner_requests") + f"#request-{request.pk}",
        text=lazy_format(REQUEST_WAITING),
        actor=request.from_user,
    )


def _check_free(home: Membership, sender: User, recipient: User) -> None:
    paired = _paired_ids(home)
    if sender.pk in paired:
        raise Conflict(_("You already have a peer partner."))
    if recipient.pk in paired:
        raise Conflict(_("%(name)s already has a peer partner.") % {"name": recipient.display_name})


def check_send_request(
    *, sender: User, program: Program, to_user_id: object, note: object = ""
) -> PartnerRequest:
    """Ask someone in reach, without a partner, to be one's peer partner."""
    if not members_choose(program):
        raise NotAllowed(_("In this program, the facilitators pair people."))
    if isinstance(to_user_id, bool) or not isinstance(to_user_id, int):
        raise InvalidInput(_("to_user_id must be a user id."), {"to_user_id": [_("A user id.")]})
    text = clean_text(note, "note", REQUEST_NOTE_MAX)
    if to_user_id == sender.pk:
        raise InvalidInput(
            _("Choose someone else: you cannot be your own partner."),
            {"to_user_id": [_("Someone else.")]},
        )
    with transaction.atomic():
        # One request at a time in a program: the limits below hold under load.
        Program.objects.select_for_update().filter(pk=program.pk).first()
        home = home_membership(sender, program)
        if home is None:
            raise NotAllowed(_("Finding a partner is for the members of this program's groups."))
        people = _people(home)
        if to_user_id not in people:
            raise Unprocessable(
                _("You can ask someone from your group in this program only.")
                if not across_program(program)
                else _("You can ask someone taking part in this program only."),
                {"to_user_id": [_("Someone in reach.")]},
            )
        recipient = people[to_user_id].user
        _check_free(home, sender, recipient)
        mine = PartnerRequest.objects.filter(waiting_q(), from_user=sender, program=program)
        if mine.filter(to_user_id=to_user_id).exists():
            raise Conflict(
                _("You already asked %(name)s; your request is still open.")
                % {"name": recipient.display_name}
            )
        if PartnerRequest.objects.filter(
            open_q(), from_user_id=to_user_id, to_user=sender, program=program
        ).exists():
            raise Conflict(
                _("%(name)s already asked you: accept their request instead.")
                % {"name": recipient.display_name}
            )
        if mine.count() >= MAX_PENDING:
            raise Conflict(
                _(
                    "You have %(n)s requests waiting for an answer: wait for one, or withdraw "
                    "one, before asking someone else."
                )
                % {"n": MAX_PENDING}
            )
        request = PartnerRequest.objects.create(
            from_user=sender,
            to_user=recipient,
            program=program,
            community=home.community,
            note=text,
        )
        _tell_recipient(request)
    return request


# --- Answering ------------------------------------------------------------------------


def _close_others(user_ids: list[int], program: Program, keep: int) -> int:
    """Accepting closes the other open requests of both people, without saying why."""
    return (
        PartnerRequest.objects.filter(
            Q(from_user_id__in=user_ids) | Q(to_user_id__in=user_ids),
            state__in=[State.PENDING, State.DECLINED],
            program=program,
        )
        .exclude(pk=keep)
        .update(state=State.EXPIRED, answered_at=timezone.now())
    )


def check_accept_request(*, user: User, request: PartnerRequest) -> Pairing:
    """The recipient accepts: the pair is made as a facilitator's is (same checks, fit,
    emails and audit), in the sender's group."""
    if request.to_user_id != user.pk:
        raise NotFoundError(_("Not found."))
    program = request.program
    if not members_choose(program):
        raise NotAllowed(_("In this program, the facilitators pair people."))
    with transaction.atomic():
        locked = PartnerRequest.objects.select_for_update().get(pk=request.pk)
        if not PartnerRequest.objects.filter(open_q(), pk=locked.pk).exists():
            raise Conflict(_("This request is no longer open."))
        community = Community.objects.select_related("program").get(pk=locked.community_id)
        home = Membership(community=community, user=locked.from_user)
        if {locked.from_user_id, user.pk} & _paired_ids(home):
            # Never say who has a partner now, nor with whom.
            raise Conflict(_("This request is no longer open."))
        group = reach_roster(home, actions.today_for(None, program))
        (pairing,) = actions._create(
            actor=user,
            community=community,
            groups=[[locked.from_user_id, user.pk]],
            starts_on=actions.today_for(None, program),
            source="request",
            group=group,
        )
        locked.state, locked.answered_at, locked.pairing = State.ACCEPTED, timezone.now(), pairing
        locked.save(update_fields=["state", "answered_at", "pairing"])
        _close_others([locked.from_user_id, user.pk], program, keep=locked.pk)
        record(user, "mentoring.accept_partner_request", pairing, request_id=locked.pk)
    request.state, request.pairing = locked.state, pairing
    return pairing


def do_decline_request(*, user: User, request: PartnerRequest) -> PartnerRequest:
    """The recipient declines. Its sender is never told: it waits, then is no longer open."""
    if request.to_user_id != user.pk:
        raise NotFoundError(_("Not found."))
    with transaction.atomic():
        done = PartnerRequest.objects.filter(open_q(), pk=request.pk).update(
            state=State.DECLINED, answered_at=timezone.now()
        )
        if not done:
            raise Conflict(_("This request is no longer open."))
    request.refresh_from_db()
    return request


def do_withdraw_request(*, user: User, request: PartnerRequest) -> PartnerRequest:
    """Its sender takes a request back, answered or not (they cannot tell)."""
    if request.from_user_id != user.pk:
        raise NotFoundError(_("Not found."))
    with transaction.atomic():
        done = PartnerRequest.objects.filter(waiting_q(), pk=request.pk).update(
            state=State.WITHDRAWN, answered_at=timezone.now()
        )
        if not done:
            raise Conflict(_("This request is no longer open."))
    request.refresh_from_db()
    return request


# --- Reading --------------------------------------------------------------------------


def received(user: User) -> list[PartnerRequest]:
    """Requests waiting for this person's answer."""
    partnered = PairMember.objects.filter(
        user_id=OuterRef("from_user_id"),
        ended_on__isnull=True,
        community__program_id=OuterRef("program_id"),
    )
    return list(
        PartnerRequest.objects.filter(open_q(), to_user=user)
        .exclude(Exists(partnered))
        .select_related("from_user", "program")
        .order_by("created_at", "pk")
    )


def sent(user: User, days: int = 60) -> list[PartnerRequest]:
    """This person's requests of the last `days`, each with `shown` (never "declined")."""
    since = timezone.now() - dt.timedelta(days=days)
    rows = list(
        PartnerRequest.objects.filter(from_user=user, created_at__gte=since)
        .select_related("to_user", "program")
        .order_by("-created_at", "-pk")
    )
    now = timezone.now()
    for r in rows:
        r.shown = shown_state(r, now)  # type: ignore[attr-defined]
        r.shown_words = SHOWN[r.shown]  # type: ignore[attr-defined]
    return rows


def get_request_for(user: object, pk: int, side: str) -> PartnerRequest:
    """A request, for its recipient (side "to": to answer it) or its sender ("from": to
    withdraw it); 404 for anyone else."""
    uid = getattr(user, "pk", None) or 0
    request = (
        PartnerRequest.objects.filter(Q(**{f"{side}_user_id": uid}), pk=pk)
        .select_related("from_user", "to_user", "program", "community__program")
        .first()
    )
    if request is None:
        from fireside.lib.errors import Refused

        raise Refused(404)
    return request


# --- Your data -----------------------------------------------------------------------


def export_for(user: User) -> dict[str, Any]:
    """One's requests, sent (with one's notes) and received (with who asked). A received
    request one declined says so: it is one's own answer. A sent one never does."""
    return {
        "sent": [
            {
                "to": r.to_user.display_name,
                "program_id": r.program_id,
                "note": r.note,
                "state": shown_state(r),
                "created_at": r.created_at.isoformat(),
            }
            for r in PartnerRequest.objects.filter(from_user=user)
            .select_related("to_user")
            .order_by("created_at", "pk")
        ],
        "received": [
            {
                "from": r.from_user.display_name,
                "program_id": r.program_id,
                "note": r.note,
                "state": r.state,
                "created_at": r.created_at.isoformat(),
            }
            for r in PartnerRequest.objects.filter(to_user=user)
            .select_related("from_user")
            .order_by("created_at", "pk")
        ],
    }


def do_erase_for(*, user: User) -> int:
    """On erasure, a person's requests go, sent and received: they are about two people
    choosing each other, and mean nothing once one of them is gone."""
    deleted, _rows = PartnerRequest.objects.filter(Q(from_user=user) | Q(to_user=user)).delete()
    return deleted


# --- Home -----------------------------------------------------------------------------


def requests_to_answer(viewer: Viewer) -> list[Task]:
    """Requests waiting for this person's answer."""
    if not viewer.places.active:
        return []
    waiting = PartnerRequest.objects.filter(open_q(), to_user=viewer.user).count()
    if not waiting:
        return []
    return [
        Task(
            kind="partner-requests",
            urgency=Urgency.THIS_WEEK,
            title=_("Someone asked you to be their peer partner"),
            detail=_("Accept or decline: they will not be told if you decline."),
            action=_("Answer"),
            url=reverse("mentoring:partner_requests"),
            count=waiting,
        )
    ]


def find_a_partner(viewer: Viewer) -> list[Task]:
    """Members without a partner, in a program where members choose."""
    if not viewer.places.active:
        return []
    programs = {
        m.community.program_id: m.community.program
        for m in Membership.objects.filter(
            user=viewer.user,
            status=Membership.Status.ACTIVE,
            community__program__partner_choice=PartnerChoice.MEMBERS,
        ).select_related("community__program")
    }
    if not programs:
        return []
    paired = set(
        PairMember.objects.filter(
            user=viewer.user, ended_on__isnull=True, community__program_id__in=programs
        ).values_list("community__program_id", flat=True)
    )
    return [
        Task(
            kind="find-a-partner",
            urgency=Urgency.WHEN_YOU_CAN,
            title=_("Find a peer partner in %(program)s") % {"program": p.name},
            detail=_("See who might suit you, and ask them with a short note."),
            action=_("Find a partner"),
            url=reverse("mentoring:find_partner", args=[p.pk]),
        )
        for pk, p in sorted(programs.items())
        if pk not in paired
    ]


def register_all() -> None:
    register_tasks(requests_to_answer, order=43)
    register_tasks(find_a_partner, order=44)
