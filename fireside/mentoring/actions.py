"""Peer mentoring actions: pairing people (by hand or from a suggestion), ending pairs, and
monthly reflections. Connections are in connections.py, nudges in nudges.py, a person's
export and erasure in personal_data.py.

Audit events and emails never carry a reflection's text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.accounts import availability
from fireside.accounts.models import User
from fireside.communities.models import Community, Membership, Mode
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, NotFoundError, Unprocessable
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text
from fireside.mentoring import matching, questionnaire
from fireside.mentoring.models import Pairing, PairMember, Reflection
from fireside.programs.models import PartnerScope, Program

REFLECTION_MAX = 20_000
EXCERPT_MAX = 500
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def today_for(user: User | None, program: Program) -> dt.date:
    """Today where the person is (their own time zone, else the program's)."""
    name = (getattr(user, "timezone", "") or "") or program.timezone
    return timezone.localdate(timezone=ZoneInfo(name))


def _month_words(month: dt.date) -> str:
    return date_format(month, "F Y")


# --- Who can be paired ------------------------------------------------------------------


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(0, months - (1 if end.day < start.day else 0))


def _active_members(community: Community) -> list[Membership]:
    """Active members with the date they first joined any Fireside group (experience)."""
    first = (
        Membership.objects.filter(user=OuterRef("user_id"), joined_on__isnull=False)
        .order_by("joined_on")
        .values("joined_on")[:1]
    )
    return list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .annotate(first_joined=Subquery(first))
        .order_by("user__name", "user_id")
    )


def person(membership: Membership, today: dt.date) -> matching.Person:
    user = membership.user
    first = getattr(membership, "first_joined", None) or membership.joined_on or today
    interests = user.interests if isinstance(user.interests, list) else []
    return matching.Person(
        id=user.pk,
        name=user.display_name,
        interests=tuple(i for i in interests if isinstance(i, str)),
        region=user.region,
        availability=user.availability,
        months=_months_between(first, today),
        slots=availability.as_slots(user.availability_slots or []),
        answers=getattr(membership, "matching_answers", {}),  # set by roster()
    )


def in_person(community: Community) -> bool:
    return community.mode in {Mode.IN_PERSON, Mode.HYBRID}


def open_pair_members(
    community: Community, *, across_program: bool = False
) -> dict[int, PairMember]:
    """Who has an open pair in the group (or, across_program, in any group of its program)."""
    where = (
        Q(community__program_id=community.program_id) if across_program else Q(community=community)
    )
    return {m.user_id: m for m in PairMember.objects.filter(where, ended_on__isnull=True)}


@dataclass(frozen=True)
class Roster:
    """A group as the pairing page sees it: who is active, who is still without a partner."""

    members: list[Membership]
    unpaired: list[Membership]
    people: dict[int, matching.Person]
    questions: tuple[matching.Question, ...] = ()  # the program's, in the reader's language


def roster(community: Community, *, answers: bool = True) -> Roster:
    """answers=False: a page that lists people without matching them skips the program's
    questions and the members' answers (three queries)."""
    today = today_for(None, community.program)
    members = _active_members(community)
    questions = questionnaire.questions_of(community.program) if answers else []
    if questions:
        questionnaire.attach_answers(members, community.program_id)
    paired = open_pair_members(
        community, across_program=community.program.partner_scope == PartnerScope.PROGRAM
    )
    return Roster(
        members=members,
        unpaired=[m for m in members if m.user_id not in paired],
        people={m.user_id: person(m, today) for m in members},
        questions=tuple(questionnaire.for_matching(questions)),
    )


def suggest_pairs(
    *, community: Community, avoid: Collection[tuple[int, int]] = (), group: Roster | None = None
) -> matching.Suggestion:
    """Pairs for everyone in the group without a partner, best total fit first. Reading
    only: nothing is saved until a facilitator accepts."""
    group = group or roster(community)
    result = matching.suggest(
        [group.people[m.user_id] for m in group.unpaired],
        in_person=in_person(community),
        avoid=avoid,
        questions=group.questions,
    )
    notes = list(result.notes)
    if not group.unpaired:
        notes = [_("Everyone in the group already has a partner.")]
    elif len(group.unpaired) == 1:
        if len(group.members) > 1:
            notes.append(_("To make a trio, end one of the pairs, then pair the three by hand."))
        else:
            notes.append(_("Pairs can be made once someone else joins the group."))
    return matching.Suggestion(result.groups, result.left_out, result.matched_total, tuple(notes))


def _group_fit(
    people: Sequence[matching.Person], community: Community, questions: Sequence[matching.Question]
) -> tuple[int, list[str]]:
    """The fit of a pair or trio formed by hand, with its reasons, as the suggestion gives."""
    where = in_person(community)
    fits = {
        matching.pair_key(a.id, b.id): matching.fit(a, b, in_person=where, questions=questions)
        for i, a in enumerate(people)
        for b in people[i + 1 :]
    }
    score = sum(f.score for f in fits.values())
    if len(people) == 2:
        return score, next(iter(fits.values())).sentences()
    return score, matching.trio_reasons(people[0], people[1], people[2], fits)


# --- Pairing ------------------------------------------------------------------------------


def _clean_ids(user_ids: object) -> list[int]:
    if not isinstance(user_ids, list | tuple) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in user_ids
    ):
        raise InvalidInput(
            _("user_ids must be a list of two (or three) user ids."),
            {"user_ids": [_("Two or three people.")]},
        )
    ids = list(user_ids)
    if len(set(ids)) != len(ids):
        raise InvalidInput(
            _("Choose different people: someone cannot be paired with themselves."),
            {"user_ids": [_("Someone is listed twice.")]},
        )
    if not 2 <= len(ids) <= 3:
        raise InvalidInput(
            _("A pair is two people (three for a trio)."), {"user_ids": [_("Two or three people.")]}
        )
    return ids


def _check_starts_on(community: Community, starts_on: dt.date | None) -> dt.date:
    today = today_for(None, community.program)
    if starts_on is None:
        return today
    if not isinstance(starts_on, dt.date):
        raise InvalidInput(_("starts_on must be a date (YYYY-MM-DD)."))
    if starts_on > today:
        raise InvalidInput(
            _("starts_on cannot be in the future: pair people when they are ready to start."),
            {"starts_on": [_("Today or earlier.")]},
        )
    return starts_on


def _create(
    *,
    actor: User,
    community: Community,
    groups: Sequence[Sequence[int]],
    starts_on: dt.date,
    source: str,
    group: Roster | None = None,
) -> list[Pairing]:
    """Validate every group against the group's live state, then save them all or none.
    `group`: the people who may be paired (a member's request passes the program's, read
    under the lock by partner_requests); by default the group's active members. When the
    program pairs across its groups, nobody may have an open pair anywhere in it."""
    across = community.program.partner_scope == PartnerScope.PROGRAM
    with transaction.atomic():
        if across:  # one pairing change at a time in the whole program
            Program.objects.select_for_update().filter(pk=community.program_id).first()
        # One pairing change at a time per group: two facilitators cannot pair one person twice.
        Community.objects.select_for_update().filter(pk=community.pk).first()
        group = group or roster(community)
        active = {m.user_id: m for m in group.members}
        paired = open_pair_members(community, across_program=across)
        seen: set[int] = set()
        for ids in groups:
            for uid in ids:
                if uid not in active:
                    raise Unprocessable(
                        _(
                            "user_id %(uid)s is not an active member of this group: only active "
                            "members can be paired."
                        )
                        % {"uid": uid},
                        {"user_ids": [_("Only active members of the group.")]},
                    )
                if uid in paired:
                    partner_ids = PairMember.objects.filter(
                        pairing_id=paired[uid].pairing_id
                    ).exclude(user_id=uid)
                    partners = [
                        active[p.user_id].user.display_name
                        if p.user_id in active
                        else _("someone who left")
                        for p in partner_ids
                    ]
                    raise Conflict(
                        _("%(name)s is already paired with %(join_words)s. End that pair first.")
                        % {
                            "name": active[uid].user.display_name,
                            "join_words": matching.join_words(partners),
                        },
                        {"user_ids": [_("Already paired.")]},
                    )
                if uid in seen:
                    raise InvalidInput(
                        _("%(name)s is in two of these pairs.")
                        % {"name": active[uid].user.display_name},
                        {"user_ids": [_("Someone is in two pairs.")]},
                    )
                seen.add(uid)
        created = []
        for ids in groups:
            score, reasons = _group_fit(
                [group.people[uid] for uid in ids], community, group.questions
            )
            pairing = Pairing.objects.create(
                community=community,
                starts_on=starts_on,
                created_by=actor,
                score=score,
                reasons=reasons,
            )
            try:
                with transaction.atomic():
                    PairMember.objects.bulk_create(
                        [
                            PairMember(pairing=pairing, user_id=uid, community=community)
                            for uid in ids
                        ]
                    )
            except IntegrityError as exc:  # only if the lock above was bypassed
                raise Conflict(
                    _("Someone here was paired a moment ago. Reload and try again.")
                ) from exc
            record(actor, "mentoring.pair", pairing, user_ids=list(ids), source=source)
            _tell_paired(pairing, [active[uid].user for uid in ids])
            created.append(pairing)
    return created


def _tell_paired(pairing: Pairing, users: list[User]) -> None:
    for user in users:
        partners = [u.display_name for u in users if u.pk != user.pk]
        send_templated(
            "mentoring_paired",
            {
                "user": user,
                "partners": matching.join_words_lazy(partners),
                "community": pairing.community,
                "pairing": pairing,
            },
            user.email,
        )


def check_create_pairing(
    *,
    actor: User,
    community: Community,
    user_ids: object,
    starts_on: dt.date | None = None,
) -> Pairing:
    """A facilitator pairs two people (or three) by hand."""
    ids = _clean_ids(user_ids)
    start = _check_starts_on(community, starts_on)
    (pairing,) = _create(
        actor=actor, community=community, groups=[ids], starts_on=start, source="hand"
    )
    return pairing


def check_accept_suggestions(
    *, actor: User, community: Community, groups: Iterable[object]
) -> list[Pairing]:
    """Accept some or all suggested pairs at once: all are saved, or none."""
    cleaned = [_clean_ids(g) for g in groups]
    if not cleaned:
        raise InvalidInput(_("Tick at least one pair to accept."))
    return _create(
        actor=actor,
        community=community,
        groups=cleaned,
        starts_on=today_for(None, community.program),
        source="suggestion",
    )


def do_end_pairing(*, actor: User, pairing: Pairing) -> Pairing:
    """End a pair; its history (and connections) stay. Its people can be paired again."""
    with transaction.atomic():
        locked = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if locked.ended_on is not None:
            raise Conflict(_("This pair has already ended."))
        ended = max(today_for(None, pairing.community.program), locked.starts_on)
        locked.ended_on, locked.ended_by = ended, actor
        locked.save(update_fields=["ended_on", "ended_by"])
        PairMember.objects.filter(pairing=locked).update(ended_on=ended)
        locked.drafts.all().delete()  # what nobody sent goes with the pair (pair_drafts.py)
        record(actor, "mentoring.end_pair", locked)
    pairing.ended_on, pairing.ended_by = locked.ended_on, actor
    return pairing


def do_end_pairings_for(*, user: User, community: Community) -> int:
    """When someone leaves a group (or erases their account) their open pair ends; so does
    a pair made in another group of the program once they take part in none of its groups."""
    ended = 0
    seats = PairMember.objects.filter(user=user, ended_on__isnull=True)
    still_taking_part = (
        Membership.objects.filter(
            user=user, community__program_id=community.program_id, status=Membership.Status.ACTIVE
        )
        .exclude(community=community)
        .exists()
    )
    where = Q(community=community)
    if not still_taking_part:
        where = Q(community__program_id=community.program_id)
    for member in seats.filter(where):
        do_end_pairing(actor=user, pairing=member.pairing)
        ended += 1
    return ended


def parse_month(value: object) -> dt.date:
    match = _MONTH.match(value) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput(
            _("month must be written YYYY-MM, e.g. 2026-11."), {"month": ["YYYY-MM."]}
        )
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def current_month(user: User | None, program: Program) -> dt.date:
    return today_for(user, program).replace(day=1)


def reflection_months(program: Program, user: User | None) -> tuple[dt.date, dt.date]:
    """The months one can write for: from the program's first month to this month (or
    the program's last month, once it has ended)."""
    first = program.starts_on.replace(day=1)
    last = min(current_month(user, program), program.ends_on.replace(day=1))
    return first, last


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    while first <= last:
        months.append(first)
        first = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _check_month(program: Program, user: User, month: dt.date) -> None:
    if month > current_month(user, program):
        raise InvalidInput(
            _("%(month_words)s has not begun yet: reflect on this month or an earlier one.")
            % {"month_words": _month_words(month)},
            {"month": [_("This month or earlier.")]},
        )
    first, last = reflection_months(program, user)
    if not first <= month <= last:
        raise InvalidInput(
            _("%(name)s runs from %(month_words)s to %(month_words2)s: choose a month in it.")
            % {
                "name": program.name,
                "month_words": _month_words(first),
                "month_words2": _month_words(program.ends_on.replace(day=1)),
            },
            {"month": [_("A month of the program.")]},
        )


def _excerpt(value: object) -> str:
    return clean_text(value, "shareable_excerpt", EXCERPT_MAX)


def check_write_reflection(
    *,
    author: User,
    program: Program,
    month: dt.date,
    body: object,
    anything_else: object = "",
    shareable_excerpt: object = "",
) -> Reflection:
    """One reflection per person, program and month; the text is the author's alone, and
    also the program's coordinators' when the program shares reflections now: the policy
    is kept on the reflection and never changes with the program's."""
    from fireside.mentoring.reflecting import prompt_of

    body_text = clean_text(body, "body", REFLECTION_MAX, required=True)
    more = clean_text(anything_else, "anything_else", REFLECTION_MAX)
    excerpt = _excerpt(shareable_excerpt)
    _check_month(program, author, month)
    if not Membership.objects.filter(
        user=author, community__program=program, status=Membership.Status.ACTIVE
    ).exists():
        raise NotAllowed(_("Reflections are for the members of this program's groups."))
    existing = Reflection.objects.filter(author=author, program=program, month=month).first()
    if existing is not None:
        raise _already(existing)
    try:
        with transaction.atomic():
            reflection = Reflection.objects.create(
                author=author,
                program=program,
                month=month,
                prompt=prompt_of(program, month),
                shared_with_program=program.reflections_shared,
                body=body_text,
                anything_else=more,
                shareable_excerpt=excerpt,
                excerpt_consented_at=timezone.now() if excerpt else None,
            )
            record(
                author,
                "mentoring.write_reflection",
                reflection,
                month=month.isoformat(),
                shares_excerpt=bool(excerpt),
                shared_with_program=reflection.shared_with_program,
            )
    except IntegrityError as exc:  # the same person, twice at once
        existing = Reflection.objects.filter(author=author, program=program, month=month).first()
        raise _already(existing) from exc
    return reflection


def _already(existing: Reflection | None) -> Conflict:
    if existing is None:
        return Conflict(_("You already have a reflection for that month; edit it instead."))
    return Conflict(
        _(
            "You already have a reflection for %(month_words)s; edit that one instead "
            "(reflection %(pk)s)."
        )
        % {"month_words": _month_words(existing.month), "pk": existing.pk},
        {"month": [_("Already written.")], "reflection_id": [str(existing.pk)]},
    )


def check_edit_reflection(
    *,
    author: User,
    reflection: Reflection,
    body: object,
    anything_else: object = "",
    shareable_excerpt: object = "",
) -> Reflection:
    """Edit one's reflection. An empty excerpt withdraws the consent to share it."""
    if reflection.author_id != author.pk:
        raise NotFoundError(_("Not found."))
    body_text = clean_text(body, "body", REFLECTION_MAX, required=True)
    more = clean_text(anything_else, "anything_else", REFLECTION_MAX)
    excerpt = _excerpt(shareable_excerpt)
    with transaction.atomic():
        locked = Reflection.objects.select_for_update().get(pk=reflection.pk)
        was_shared = bool(locked.shareable_excerpt)
        if excerpt != locked.shareable_excerpt:
            locked.excerpt_consented_at = timezone.now() if excerpt else None
        locked.body, locked.anything_else, locked.shareable_excerpt = body_text, more, excerpt
        locked.save()
        record(author, "mentoring.edit_reflection", locked, shares_excerpt=bool(excerpt))
        if was_shared and not excerpt:
            record(author, "mentoring.withdraw_excerpt", locked)
    return locked


def do_withdraw_excerpt(*, author: User, reflection: Reflection) -> Reflection:
    if reflection.author_id != author.pk:
        raise NotFoundError(_("Not found."))
    with transaction.atomic():
        locked = Reflection.objects.select_for_update().get(pk=reflection.pk)
        if locked.shareable_excerpt:
            locked.shareable_excerpt, locked.excerpt_consented_at = "", None
            locked.save(update_fields=["shareable_excerpt", "excerpt_consented_at", "updated_at"])
            record(author, "mentoring.withdraw_excerpt", locked)
    return locked


def consented_excerpts(program: Program, newest: int = 40) -> list[str]:
    """For program reports: the newest excerpts people agreed to share, in alphabetical
    order so neither names, dates nor the order of writing show."""
    rows = (
        Reflection.objects.filter(program=program)
        .exclude(shareable_excerpt="")
        .order_by("-month", "-pk")
        .values_list("shareable_excerpt", flat=True)[:newest]
    )
    return sorted(rows)
