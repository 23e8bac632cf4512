"""The matching, without a database: fit and reasons, free times in words, and the
suggested pairing checked against brute force on random small groups."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.mentoring.matching import (
    ALL_SLOTS,
    COMPLEMENTARY,
    SAME,
    Person,
    Question,
    Slot,
    describe_slots,
    fit,
    suggest,
)
from fireside.mentoring.tests.grids import EVERY_DAY, WEEKDAYS, WEEKEND, grid, slots


@pytest.mark.parametrize(
    ("slots", "words"),
    [
        (slots(grid(WEEKDAYS, "evening")), "weekday evenings"),
        (slots(grid("tue thu", "evening")), "Tuesday and Thursday evenings"),
        (slots(grid("sat", "morning evening")), "Saturday mornings and evenings"),
        (slots(grid("sun mon tue wed thu sat", "evening")), "evenings, every day but Friday"),
        (slots(grid("tue wed thu")), "any time, Tuesday to Thursday"),
        (slots(grid("sun mon tue wed thu", "evening")), "Sunday to Thursday evenings"),
        (slots(grid(WEEKDAYS, "morning afternoon")), "weekday mornings and afternoons"),
        (slots(grid(EVERY_DAY, "afternoon")), "afternoons"),
        (slots(grid(WEEKEND)), "any time on weekends"),
        (slots(grid("tue wed thu fri sat sun")), "any day but Monday"),
        (ALL_SLOTS, "any time"),
    ],
)
def test_it_says_free_times_as_people_say_them(slots: frozenset[Slot], words: str) -> None:
    assert describe_slots(slots) == words


AMARA = Person(
    1,
    "Amara",
    ("Outdoor play", "risky play"),
    "Sunshine Coast",
    "",
    30,
    slots(grid(WEEKDAYS, "evening")),
)
LUCAS = Person(
    2, "Lucas", ("outdoor play", "music"), "sunshine coast", "", 2, slots(grid("wed", "evening"))
)


def test_it_explains_a_fit_in_plain_words() -> None:
    result = fit(AMARA, LUCAS, in_person=True)
    assert result.score == 3 + 4 + 4 + 3
    assert result.phrases == (
        "both in the Sunshine Coast region, so they can meet in person",
        "both free Wednesday evenings",
        "both interested in Outdoor play",
        "Amara has been in peer groups for 2 years and Lucas is newer: they can learn "
        "from each other",
    )


def test_region_counts_only_when_the_group_meets_in_person() -> None:
    online = fit(AMARA, LUCAS, in_person=False)
    assert online.score == 3 + 4 + 3
    assert not any("region" in p for p in online.phrases)


def test_it_says_when_there_is_little_in_common() -> None:
    a = Person(1, "Ada", ("art",), "North", slots=slots(grid("sat", "morning")))
    b = Person(2, "Bo", ("music",), "South", "Ask me")
    result = fit(a, b, in_person=True)
    assert result.score == 0
    assert result.phrases == (
        "little in common on their profiles, so a chance to meet someone new",
    )
    assert result.notes == ("Bo has not said when they are usually free",)
    c = Person(3, "Cy", (), "", slots=slots(grid(WEEKDAYS, "evening")))
    assert "no free times in common on their profiles yet" in fit(a, c, in_person=False).phrases


def test_nobody_to_pair_is_explained() -> None:
    result = suggest([], in_person=False)
    assert result.groups == () and result.left_out == ()
    assert result.notes == ("Nobody is waiting for a partner.",)


def test_one_person_is_explained_not_paired() -> None:
    result = suggest([AMARA], in_person=False)
    assert result.groups == ()
    assert result.left_out == (AMARA,)
    assert result.notes == ("Only Amara is waiting for a partner, and a pair needs two.",)


def test_an_odd_group_gets_one_trio_where_the_extra_fits_best() -> None:
    ceci = Person(3, "Ceci", ("music",), "", "", 0, slots(grid("wed", "evening")))
    dev = Person(4, "Dev", ("knitting",), "", "", 0, slots(grid("sat", "morning")))
    eli = Person(5, "Eli", ("knitting",), "", "", 40, slots(grid("sat", "morning")))
    result = suggest([AMARA, LUCAS, ceci, dev, eli], in_person=False)
    groups = sorted(result.groups, key=lambda g: len(g.people))
    assert [len(g.people) for g in groups] == [2, 3]
    assert set(groups[0].ids) == {4, 5}
    assert set(groups[1].ids) == {1, 2, 3}
    assert "one group is a trio" in result.notes[0]
    assert "Ceci and Lucas: both interested in music." in groups[1].reasons


def test_set_aside_pairs_are_not_suggested_again() -> None:
    ceci = Person(3, "Ceci", ("music",), "", "", 0, slots(grid("wed", "evening")))
    dev = Person(4, "Dev", (), "", "", 0)
    first = suggest([AMARA, LUCAS, ceci, dev], in_person=False)
    best = next(g for g in first.groups if 1 in g.ids)
    again = suggest([AMARA, LUCAS, ceci, dev], in_person=False, avoid=[tuple(best.ids)])
    assert all(set(g.ids) != set(best.ids) for g in again.groups)
    assert not again.left_out


def test_people_who_can_only_be_paired_with_set_aside_partners_are_named() -> None:
    result = suggest([AMARA, LUCAS], in_person=False, avoid=[(2, 1)])
    assert result.groups == ()
    assert result.left_out == (AMARA, LUCAS)
    assert "could not be placed without a pair you set aside" in result.notes[0]


# --- Against brute force ------------------------------------------------------------------

INTERESTS = ["music", "Music ", "outdoor play", "loose parts", "infant care", "art"]
REGIONS = ["Coast", "coast", "Valley", ""]
TIMES = [
    frozenset(),
    slots(grid(WEEKDAYS, "evening")),
    slots(grid("sat", "morning evening")),
    slots(grid("tue wed thu")),
    slots(grid("sun mon tue wed thu sat", "evening")),
    slots(grid(EVERY_DAY, "afternoon")),
    slots(grid(WEEKEND)),
    ALL_SLOTS,
]


TOPIC = Question("topic", "Favourite topic?", 5, SAME, {"a": "Art", "m": "Music", "n": "Nature"})
YEARS = Question("years", "Time in the role?", 2, COMPLEMENTARY, {"new": "New", "old": "Seasoned"})
QUESTIONS = (TOPIC, YEARS)
ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "topic": st.frozensets(st.sampled_from(["a", "m", "n"]), min_size=1, max_size=2),
        "years": st.sampled_from([frozenset({"new"}), frozenset({"old"})]),
    },
)


def test_answers_fit_by_their_rule_and_say_why() -> None:
    ana = Person(1, "Ana", answers={"topic": frozenset({"m", "a"}), "years": frozenset({"new"})})
    bo = Person(2, "Bo", answers={"topic": frozenset({"m"}), "years": frozenset({"old"})})
    cy = Person(3, "Cy", answers={"years": frozenset({"new"})})
    both = fit(ana, bo, in_person=False, questions=QUESTIONS)
    assert both.score == 5 + 2
    assert both.phrases == (
        "both chose “Music” for “Favourite topic?”",
        "Ana chose “New” and Bo chose “Seasoned” for “Time in the role?”: different answers "
        "that complement each other",
    )
    assert fit(ana, cy, in_person=False, questions=QUESTIONS).score == 0  # same years, no topic
    assert fit(ana, bo, in_person=False).score == 0  # without the program's questions


@st.composite
def groups(draw: st.DrawFn) -> tuple[list[Person], set[tuple[int, int]]]:
    size = draw(st.integers(min_value=0, max_value=9))
    ids = draw(st.permutations(list(range(1, size + 1))))  # ids in any order
    people = [
        Person(
            id=ids[n],
            name=f"P{n}",
            interests=tuple(draw(st.lists(st.sampled_from(INTERESTS), max_size=3))),
            region=draw(st.sampled_from(REGIONS)),
            months=draw(st.integers(0, 40)),
            slots=draw(st.sampled_from(TIMES)),
            answers=draw(ANSWERS),
        )
        for n in range(size)
    ]
    pairs = [(a.id, b.id) for a, b in combinations(people, 2)]
    avoid = draw(st.sets(st.sampled_from(pairs), max_size=4)) if pairs else set()
    return people, avoid


def brute_force(people: list[Person], weights: dict[frozenset[int], int]) -> tuple[int, int]:
    """(pairs, total fit) of the best matching: as many pairs as possible, then the most fit."""
    best = (0, 0)

    def walk(left: tuple[int, ...], pairs: int, total: int) -> None:
        nonlocal best
        if len(left) < 2:
            best = max(best, (pairs, total))
            return
        first, rest = left[0], left[1:]
        walk(rest, pairs, total)
        for i, other in enumerate(rest):
            key = frozenset((first, other))
            if key in weights:
                walk(rest[:i] + rest[i + 1 :], pairs + 1, total + weights[key])

    walk(tuple(p.id for p in people), 0, 0)
    return best


@settings(max_examples=150, deadline=None)
@given(groups(), st.booleans())
def test_the_suggestion_is_the_best_total_fit(
    drawn: tuple[list[Person], set[tuple[int, int]]], in_person: bool
) -> None:
    people, avoid = drawn
    avoided = {frozenset(p) for p in avoid}
    weights = {
        frozenset((a.id, b.id)): fit(a, b, in_person=in_person, questions=QUESTIONS).score
        for a, b in combinations(people, 2)
        if frozenset((a.id, b.id)) not in avoided
    }
    result = suggest(people, in_person=in_person, avoid=avoid, questions=QUESTIONS)
    best_pairs, best_total = brute_force(people, weights)
    assert result.matched_total == best_total

    placed = [i for g in result.groups for i in g.ids] + [p.id for p in result.left_out]
    assert sorted(placed) == sorted(p.id for p in people)  # everyone once, nobody twice
    for group in result.groups:
        assert all(frozenset(pair) not in avoided for pair in combinations(group.ids, 2))
        assert group.reasons and all(r.endswith(".") for r in group.reasons)
        assert group.score == sum(
            fit(a, b, in_person=in_person, questions=QUESTIONS).score
            for a, b in combinations(group.people, 2)
        )
    trios = [g for g in result.groups if len(g.people) == 3]
    assert len(trios) <= 1
    pairs_formed = len(result.groups) + len(trios)
    assert pairs_formed == best_pairs + (1 if trios else 0)
    if not avoid and len(people) >= 2:
        assert not result.left_out
        assert len(trios) == len(people) % 2
    if trios:
        a, b, extra = trios[0].people
        added = sum(fit(extra, p, in_person=in_person, questions=QUESTIONS).score for p in (a, b))
        for other in result.groups:
            if len(other.people) == 2 and all(
                frozenset((extra.id, p.id)) not in avoided for p in other.people
            ):
                assert added >= sum(
                    fit(extra, p, in_person=in_person, questions=QUESTIONS).score
                    for p in other.people
                )
