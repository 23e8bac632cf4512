"""Fireside's confidence check: a short self-efficacy scale, and when it is offered.

Eight statements in four areas — one's practice, reflective practice, inclusive practice
and belonging — each answered from 1 ("not true of me") to 5 ("completely true of me").
It is offered when someone first joins a group of a program (a baseline) and again at the
end of each term, so that change can be reported, in aggregate only.

A term ends when the person's commitment period ends (facilitators' or peer mentors', as
the program defines them), or, where the program sets none for their role, when the
program ends. The end-of-term check is open from WINDOW_BEFORE days before that day to
WINDOW_AFTER days after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fireside.communities.access import FACILITATING
from fireside.communities.models import CommunityRole, Membership
from fireside.programs.models import CommitmentPeriod, CommitmentRole, Program
from fireside.surveys.models import ConfidenceCheck, Occasion

WINDOW_BEFORE = 30
WINDOW_AFTER = 30
NEW_MEMBER_DAYS = 30  # how long a new member sees the invitation on their group's page


@dataclass(frozen=True)
class Item:
    key: str
    area: str
    text: Promise


AREAS: dict[str, Promise] = {
    "practice": _("Confidence in my practice"),
    "reflection": _("Reflective practice"),
    "inclusion": _("Inclusive practice"),
    "belonging": _("Belonging"),
}

# Fireside's own wording. Keys are stored with each answer: never reuse a key for a
# different statement (add a new key instead), or earlier answers would change meaning.
ITEMS: tuple[Item, ...] = (
    Item(
        "practice_decisions",
        "practice",
        _("I trust the everyday decisions I make in my work."),
    ),
    Item(
        "practice_new",
        "practice",
        _("When something new or hard comes up at work, I can find a way through it."),
    ),
    Item(
        "reflection_habit",
        "reflection",
        _("I make time to look back on how things went and what I learned from them."),
    ),
    Item(
        "reflection_change",
        "reflection",
        _("I can turn what I notice about my own practice into something to try next."),
    ),
    Item(
        "inclusion_belong",
        "inclusion",
        _("I can help every person I work with feel that they belong."),
    ),
    Item(
        "inclusion_adapt",
        "inclusion",
        _("I can adapt what I do for people with different needs, languages and cultures."),
    ),
    Item(
        "belonging_peers",
        "belonging",
        _("I feel part of a community of people who do the same work as me."),
    ),
    Item(
        "belonging_support",
        "belonging",
        _("I know who to turn to when I need support in my work."),
    ),
)
ITEM_KEYS = tuple(item.key for item in ITEMS)


def area_scores(values: dict[str, int]) -> dict[str, float]:
    """{item key: 1–5, for every item} → the ConfidenceCheck fields {"area_<area>": mean}."""
    scores = {}
    for area in AREAS:
        mine = [values[i.key] for i in ITEMS if i.area == area]
        scores[f"area_{area}"] = sum(mine) / len(mine)
    return scores


SCALE = (
    (1, _("Not true of me")),
    (2, _("A little true")),
    (3, _("Somewhat true")),
    (4, _("Mostly true")),
    (5, _("Completely true of me")),
)


def program_today(program: Program) -> dt.date:
    return timezone.localdate(timezone=ZoneInfo(program.timezone))


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def term_ends(
    program: Program, role: str, periods: list[CommitmentPeriod] | None = None
) -> list[dt.date]:
    """The days the terms of people in `role` end within the program, in order."""
    if periods is None:
        periods = list(program.commitments.all())
    period = next((p for p in periods if p.role == role), None)
    if period is None:
        return [program.ends_on]
    ends = [
        _last_day(year, period.end_month)
        for year in range(program.starts_on.year, program.ends_on.year + 1)
    ]
    within = [end for end in ends if program.starts_on < end <= program.ends_on]
    return within or [program.ends_on]


def window(term_end: dt.date) -> tuple[dt.date, dt.date]:
    return term_end - dt.timedelta(days=WINDOW_BEFORE), term_end + dt.timedelta(days=WINDOW_AFTER)


@dataclass(frozen=True)
class Due:
    occasion: str
    term_ends_on: dt.date | None = None

    @property
    def is_start(self) -> bool:
        return self.occasion == Occasion.START


def due_from(
    *,
    checks: list[ConfidenceCheck],
    ends: list[dt.date],
    today: dt.date,
) -> Due | None:
    """What is due for one person, given their checks for the program (any order) and
    their term ends. A baseline first; then one check per term whose window is open,
    as long as the baseline was taken before that window opened."""
    if not checks:
        return Due(Occasion.START)
    first = min(c.taken_on for c in checks)
    done = {c.term_ends_on for c in checks if c.occasion == Occasion.TERM_END}
    for end in ends:
        opens, closes = window(end)
        if opens <= today <= closes and end not in done and first < opens:
            return Due(Occasion.TERM_END, end)
    return None


def facilitators_in(program: Program) -> set[int]:
    """The people who facilitate one of the program's groups now."""
    return set(
        CommunityRole.objects.current()
        .filter(community__program=program, role__in=FACILITATING)
        .values_list("user_id", flat=True)
    )


def role_in(program: Program, user_id: int) -> str:
    """Facilitators follow the facilitators' commitment period; everyone else the peer
    mentors'."""
    facilitating = (
        CommunityRole.objects.current()
        .filter(user_id=user_id, community__program=program, role__in=FACILITATING)
        .exists()
    )
    return CommitmentRole.FACILITATOR if facilitating else CommitmentRole.PEER_MENTOR


def is_participant(user: Any, program: Program) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, community__program=program, status=Membership.Status.ACTIVE
    ).exists()


def due_for(user: Any, program: Program, today: dt.date | None = None) -> Due | None:
    """The check this person may take now in this program, if any."""
    if not is_participant(user, program):
        return None
    pk: int = user.pk
    checks = list(ConfidenceCheck.objects.filter(user_id=pk, program=program))
    ends = term_ends(program, role_in(program, pk))
    return due_from(checks=checks, ends=ends, today=today or program_today(program))
