"""Suggesting peer pairs: how well two people fit, and the pairing of a whole group that
maximises the total fit.

Plain data in, plain data out (no database), so the tests can check the result against
brute force and the bench can time it. The pairing is a maximum-weight matching
(networkx's blossom algorithm) among the matchings that pair as many people as possible:
a greedy "best pair first" loop can strand someone with the worst partner.

Fit, in whole points so totals compare exactly:
- 3 for each shared interest (at most 3 counted);
- 4 for the same region, when the group meets in person or hybrid (pairs meet face to
  face there; online it does not matter);
- 4 for free times in common on the profile's availability grid (days × morning,
  afternoon, evening);
- 3 for complementary experience: one has been in Fireside groups for a year or more, the
  other for less, so one can show the ropes and the other brings fresh eyes;
- for each of the program's matching questions both answered, its weight (1–5): a "same"
  question when they chose something in common, a "complementary" one when they chose
  nothing in common (one new to the role, the other long in it).

Question texts and choice labels come in already in the reader's language, so the reasons
are built at view time, in that language.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from fireside.lib.i18n import join_words, join_words_lazy  # noqa: F401 (used by mentoring)

INTEREST_POINTS, INTEREST_CAP = 3, 3
REGION_POINTS = 4
AVAILABILITY_POINTS = 4
EXPERIENCE_POINTS = 3
EXPERIENCED_MONTHS = 12

PARTS = ("morning", "afternoon", "evening")  # the profile's grid (accounts/availability.py)
Slot = tuple[int, str]  # (weekday 0–6 from Monday, part of the day)
ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
ALL_SLOTS = frozenset((d, p) for d in range(7) for p in PARTS)


def _day(day: int, *, plural: bool, before_time: bool = False) -> str:
    if before_time and not plural:  # "Saturday mornings": French says "le samedi, le matin"
        return [
            pgettext("before a time of day", "Monday"),
            pgettext("before a time of day", "Tuesday"),
            pgettext("before a time of day", "Wednesday"),
            pgettext("before a time of day", "Thursday"),
            pgettext("before a time of day", "Friday"),
            pgettext("before a time of day", "Saturday"),
            pgettext("before a time of day", "Sunday"),
        ][day]
    if plural:  # "on Saturdays": habitually
        return [
            pgettext("habitually", "Mondays"),
            pgettext("habitually", "Tuesdays"),
            pgettext("habitually", "Wednesdays"),
            pgettext("habitually", "Thursdays"),
            pgettext("habitually", "Fridays"),
            pgettext("habitually", "Saturdays"),
            pgettext("habitually", "Sundays"),
        ][day]
    return [
        pgettext("one day", "Monday"),
        pgettext("one day", "Tuesday"),
        pgettext("one day", "Wednesday"),
        pgettext("one day", "Thursday"),
        pgettext("one day", "Friday"),
        pgettext("one day", "Saturday"),
        pgettext("one day", "Sunday"),
    ][day]


def _parts(parts: list[str]) -> str:
    words = {
        "morning": pgettext("habitually", "mornings"),
        "afternoon": pgettext("habitually", "afternoons"),
        "evening": pgettext("habitually", "evenings"),
    }
    return join_words([words[p] for p in parts])


def _days_in_words(days: frozenset[int], *, plural: bool = False) -> str:
    """'weekday' / 'weekdays', 'Saturday' / 'Saturdays', 'every day but Friday'."""
    if days == WEEKDAYS:
        return pgettext("habitually", "weekdays") if plural else _("weekday")
    if days == WEEKEND:
        return pgettext("habitually", "weekends") if plural else _("weekend")
    if len(days) == 6:
        (missing,) = ALL_DAYS - days
        return _("every day but %(day)s") % {"day": _day(missing, plural=False)}
    if len(days) >= 3:  # a run, perhaps over the weekend: "Friday to Monday"
        for first in days:
            if (first - 1) % 7 not in days:
                if all((first + k) % 7 in days for k in range(len(days))):
                    last = (first + len(days) - 1) % 7
                    return _("%(first)s to %(last)s") % {
                        "first": _day(first, plural=False),
                        "last": _day(last, plural=False),
                    }
                break
    return join_words([_day(d, plural=plural, before_time=True) for d in sorted(days)])


def describe_slots(slots: Collection[Slot]) -> str:
    """'weekday evenings and Saturday mornings': free times as people say them."""
    if set(slots) == ALL_SLOTS:
        return _("any time")
    by_part: dict[str, frozenset[int]] = {
        part: frozenset(d for d, p in slots if p == part) for part in PARTS
    }
    grouped: dict[frozenset[int], list[str]] = {}
    for part in PARTS:
        if by_part[part]:
            grouped.setdefault(by_part[part], []).append(part)
    phrases = []
    for days, parts in grouped.items():
        if len(parts) == len(PARTS):
            if len(days) == 6:
                (missing,) = ALL_DAYS - days
                phrases.append(_("any day but %(day)s") % {"day": _day(missing, plural=False)})
            elif _is_run(days):
                words = _days_in_words(days, plural=True)
                phrases.append(_("any time, %(days)s") % {"days": words})
            else:
                words = _days_in_words(days, plural=True)
                phrases.append(_("any time on %(days)s") % {"days": words})
            continue
        plural = _parts(parts)
        if days == ALL_DAYS:
            phrases.append(plural)
        elif len(days) == 6:
            phrases.append(
                pgettext("times of day, then days", "%(parts)s, %(days)s")
                % {"parts": plural, "days": _days_in_words(days)}
            )
        else:
            phrases.append(
                pgettext("days, then times of day", "%(days)s %(parts)s")
                % {"days": _days_in_words(days), "parts": plural}
            )
    return join_words(phrases)


def _is_run(days: frozenset[int]) -> bool:
    """Three to five days in a row ("Friday to Monday"), as _days_in_words says them."""
    if days in (WEEKDAYS, WEEKEND) or not 3 <= len(days) <= 5:
        return False
    return any(
        (first - 1) % 7 not in days and all((first + k) % 7 in days for k in range(len(days)))
        for first in days
    )


@dataclass(frozen=True)
class Person:
    """What the matching knows of someone: nothing more than their profile says."""

    id: int
    name: str
    interests: tuple[str, ...] = ()
    region: str = ""
    availability: str = ""  # the profile's free note; the matching reads `slots`
    months: int = 0  # since they first joined a Fireside group
    slots: frozenset[Slot] = frozenset()  # empty: they have not said when they are free
    # Their answers to the program's matching questions: question key → chosen choice keys.
    answers: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False)

    @cached_property
    def interest_keys(self) -> dict[str, str]:
        return {" ".join(i.casefold().split()): i.strip() for i in self.interests if i.strip()}

    @property
    def region_key(self) -> str:
        return " ".join(self.region.casefold().split())

    @property
    def experienced(self) -> bool:
        return self.months >= EXPERIENCED_MONTHS


SAME, COMPLEMENTARY = "same", "complementary"


@dataclass(frozen=True)
class Question:
    """A program's matching question, with its texts already in the reader's language."""

    key: str
    text: str
    weight: int  # 1–5: the points it gives
    rule: str  # SAME or COMPLEMENTARY
    labels: Mapping[str, str] = field(default_factory=dict, hash=False)  # choice key → label

    def said(self, keys: Iterable[str]) -> str:
        """'“new to the role”' or '“music” and “art”', in the choices' order."""
        chosen = set(keys)
        return join_words(
            [
                pgettext("a choice quoted", "“%(choice)s”") % {"choice": label}
                for key, label in self.labels.items()
                if key in chosen
            ]
        )


def _answers_fit(a: Person, b: Person, questions: Sequence[Question]) -> list[tuple[int, str]]:
    scored = []
    for question in questions:
        mine, theirs = a.answers.get(question.key), b.answers.get(question.key)
        if not mine or not theirs:
            continue
        common = mine & theirs
        if question.rule == SAME and common:
            phrase = _("both chose %(choices)s for “%(question)s”") % {
                "choices": question.said(common),
                "question": question.text,
            }
            scored.append((question.weight, phrase))
        elif question.rule == COMPLEMENTARY and not common:
            phrase = _(
                "%(first)s chose %(first_choices)s and %(second)s chose %(second_choices)s "
                "for “%(question)s”: different answers that complement each other"
            ) % {
                "first": a.name,
                "first_choices": question.said(mine),
                "second": b.name,
                "second_choices": question.said(theirs),
                "question": question.text,
            }
            scored.append((question.weight, phrase))
    return scored


@dataclass(frozen=True)
class Fit:
    score: int
    phrases: tuple[str, ...]  # about the two: "both interested in music" (no capital, no stop)
    notes: tuple[str, ...] = ()  # about one of them: "Bo has not said when they are free"

    def sentences(self) -> list[str]:
        return [_sentence(p) for p in (*self.phrases, *self.notes)]


def _tenure(months: int) -> str:
    if months < 24:
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    years = months // 12
    return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}


def fit(a: Person, b: Person, *, in_person: bool, questions: Sequence[Question] = ()) -> Fit:
    """How well two people fit as peer partners, with the reasons in plain words."""
    scored: list[tuple[int, str]] = _answers_fit(a, b, questions)
    notes: list[str] = []
    shared = [a.interest_keys[k] for k in a.interest_keys if k in b.interest_keys]
    if shared:
        scored.append(
            (
                INTEREST_POINTS * min(len(shared), INTEREST_CAP),
                _("both interested in %(interests)s") % {"interests": join_words(shared)},
            )
        )
    if in_person and a.region_key and a.region_key == b.region_key:
        scored.append(
            (
                REGION_POINTS,
                _("both in the %(region)s region, so they can meet in person")
                % {"region": a.region.strip()},
            )
        )
    if a.slots and b.slots:
        common = a.slots & b.slots
        if common:
            scored.append(
                (AVAILABILITY_POINTS, _("both free %(times)s") % {"times": describe_slots(common)})
            )
        else:
            scored.append((0, _("no free times in common on their profiles yet")))
    else:
        for person in (a, b):
            if not person.slots:
                notes.append(
                    _("%(name)s has not said when they are usually free") % {"name": person.name}
                )
    if a.experienced != b.experienced:
        old, new = (a, b) if a.experienced else (b, a)
        scored.append(
            (
                EXPERIENCE_POINTS,
                _(
                    "%(old)s has been in peer groups for %(tenure)s and %(new)s is newer: "
                    "they can learn from each other"
                )
                % {"old": old.name, "tenure": _tenure(old.months), "new": new.name},
            )
        )
    scored.sort(key=lambda item: -item[0])
    score = sum(points for points, _ in scored)
    phrases = [p for _, p in scored]
    if not score:
        phrases.insert(0, _("little in common on their profiles, so a chance to meet someone new"))
    return Fit(score=score, phrases=tuple(phrases), notes=tuple(notes))


def _sentence(phrase: str) -> str:
    return f"{phrase[0].upper()}{phrase[1:]}."


@dataclass(frozen=True)
class Group:
    people: tuple[Person, ...]
    score: int
    reasons: tuple[str, ...]

    @property
    def ids(self) -> list[int]:
        return [p.id for p in self.people]

    @property
    def names(self) -> str:
        return join_words([p.name for p in self.people])


@dataclass(frozen=True)
class Suggestion:
    groups: tuple[Group, ...]
    left_out: tuple[Person, ...]
    matched_total: int  # the matching's own total, before the leftover joins a trio
    notes: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(g.score for g in self.groups)


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def suggest(
    people: Iterable[Person],
    *,
    in_person: bool,
    avoid: Collection[tuple[int, int]] = (),
    questions: Sequence[Question] = (),
) -> Suggestion:
    """Pairs for everyone in `people` with the highest total fit; with an odd number, the
    one left over joins the pair they fit best as a trio. `avoid` holds pairs a facilitator
    set aside ("suggest again without these")."""
    group = sorted(people, key=lambda p: p.id)
    avoided = {pair_key(a, b) for a, b in avoid}
    if not group:
        return Suggestion((), (), 0, (_("Nobody is waiting for a partner."),))
    if len(group) == 1:
        only = group[0]
        return Suggestion(
            (),
            (only,),
            0,
            (
                _("Only %(name)s is waiting for a partner, and a pair needs two.")
                % {"name": only.name},
            ),
        )
    fits = {
        (a.id, b.id): fit(a, b, in_person=in_person, questions=questions)
        for a, b in combinations(group, 2)
        if (a.id, b.id) not in avoided
    }
    # Imported here, not at the top: networkx adds about 24 MB to every web worker that
    # loads it, and only a facilitator asking for suggestions needs it (bench/README.md).
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(p.id for p in group)
    graph.add_weighted_edges_from((a, b, f.score) for (a, b), f in fits.items())
    matching = sorted(pair_key(a, b) for a, b in nx.max_weight_matching(graph, maxcardinality=True))
    by_id = {p.id: p for p in group}
    matched_total = sum(fits[pair].score for pair in matching)
    pairs = [
        Group((by_id[a], by_id[b]), fits[(a, b)].score, tuple(fits[(a, b)].sentences()))
        for a, b in matching
    ]
    placed = {i for pair in matching for i in pair}
    leftover = [p for p in group if p.id not in placed]
    notes: list[str] = []
    if len(leftover) == 1 and pairs:
        trio = _best_trio(leftover[0], pairs, fits)
        if trio is not None:
            index, joined = trio
            pairs[index] = joined
            leftover = []
            notes.append(
                _(
                    "With an odd number of people, one group is a trio: %(third)s fits best "
                    "with %(first)s and %(second)s."
                )
                % {
                    "third": joined.people[-1].name,
                    "first": joined.people[0].name,
                    "second": joined.people[1].name,
                }
            )
    if leftover:
        names = join_words([p.name for p in leftover])
        notes.append(
            _(
                "%(names)s could not be placed without a pair you set aside. Pair them by "
                "hand, or suggest again."
            )
            % {"names": names}
            if avoided
            else _("%(names)s could not be placed.") % {"names": names}
        )
    return Suggestion(tuple(pairs), tuple(leftover), matched_total, tuple(notes))


def _best_trio(
    extra: Person, pairs: list[Group], fits: dict[tuple[int, int], Fit]
) -> tuple[int, Group] | None:
    best: tuple[int, int] | None = None  # (added fit, index)
    for index, pair in enumerate(pairs):
        keys = [pair_key(extra.id, p.id) for p in pair.people]
        if any(k not in fits for k in keys):
            continue  # one of the two was set aside as a partner for them
        added = sum(fits[k].score for k in keys)
        if best is None or added > best[0]:
            best = (added, index)
    if best is None:
        return None
    added, index = best
    a, b = pairs[index].people
    return index, Group(
        (a, b, extra), pairs[index].score + added, tuple(trio_reasons(a, b, extra, fits))
    )


def trio_reasons(a: Person, b: Person, c: Person, fits: dict[tuple[int, int], Fit]) -> list[str]:
    reasons, notes = [], []
    for x, y in ((a, b), (c, a), (c, b)):
        fitted = fits[pair_key(x.id, y.id)]
        reasons += [
            _("%(first)s and %(second)s: %(reason)s.")
            % {"first": x.name, "second": y.name, "reason": phrase}
            for phrase in fitted.phrases
        ]
        notes += [_sentence(n) for n in fitted.notes]
    return reasons + list(dict.fromkeys(notes))
