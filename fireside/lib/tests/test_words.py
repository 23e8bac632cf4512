"""The extractor on its own: thresholds, phrases that protect one person's words, names,
determinism. No database."""

from __future__ import annotations

import random

from fireside.lib.words import Text, extract, phrases_in, theme_count

OUTDOOR = [
    "Outdoor play in the rain, with proper rain gear for everyone.",
    "Muddy puddles and rain gear: outdoor play even in November.",
    "Loose parts outside made outdoor play richer.",
    "We keep coming back to risky play on the climbing tree and outdoor play.",
]
TRANSITIONS = [
    "Tidy-up transitions went better with a sand timer.",
    "Transitions after lunch are hard; a sand timer warning helps.",
    "A visual schedule helps transitions, and the sand timer too.",
    "The sand timer warning before tidy-up transitions worked.",
]


def texts(
    people: int, *, community: int | None = 1, kind: str = "story", copies: int = 1
) -> list[Text]:
    """Both topics, told by `people` people (each tells every sentence `copies` times)."""
    found = []
    for n in range(people * copies):
        who = f"u{n % people}"
        for i, body in enumerate(OUTDOOR + TRANSITIONS):
            if (n + i) % 2 == 0:
                found.append(Text(kind, body, frozenset({who}), community, "2026-10"))
    return found


def labels(result: object) -> list[str]:
    return [t.label for t in result.themes]  # type: ignore[attr-defined]


def all_phrases(result: object) -> set[str]:
    return {p for t in result.themes for p in t.phrases}  # type: ignore[attr-defined]


def test_it_reads_phrases_within_punctuation_and_common_words() -> None:
    found = phrases_in("We talked about outdoor play. Nap time: l'enfant joue dehors!")
    assert "outdoor play" in found and "nap time" in found and "enfant joue dehors" in found
    assert "play nap" not in found  # a full stop ends a phrase
    assert "time" not in found  # too common on its own, fine in "nap time"
    assert "talked" not in found and "we" not in found
    assert "rough-and-tumble play" in phrases_in("Families ask about rough-and-tumble play.")


def test_it_drops_names_before_counting() -> None:
    found = phrases_in("Mina's idea about outdoor play", frozenset({"mina"}))
    assert found == ["idea", "outdoor", "play", "outdoor play"]


def test_a_theme_from_three_people_is_shown() -> None:
    result = extract(texts(3, copies=2), min_people=3)
    assert result.themes, result
    assert {"outdoor play", "sand timer"} <= all_phrases(result)
    assert all(t.people >= 3 for t in result.themes)


def test_a_theme_from_two_people_is_not_shown_however_often_they_say_it() -> None:
    result = extract(texts(2, copies=6), min_people=3)
    assert result.themes == []
    assert result.withheld >= 1  # found, counted, not shown


def test_at_program_level_a_theme_from_one_community_is_not_shown() -> None:
    one_group = extract(texts(8, community=1), min_people=3, min_communities=2)
    assert one_group.themes == [] and one_group.withheld >= 1
    two_groups = extract(
        texts(4, community=1) + texts(4, community=2), min_people=3, min_communities=2
    )
    assert two_groups.themes and all(t.communities == 2 for t in two_groups.themes)


def test_one_persons_distinctive_phrase_never_shows() -> None:
    mine = [
        Text("story", f"My grandmother's sourdough starter {tail}", frozenset({"u9"}), 1, "")
        for tail in ("and outdoor play in the rain", "and rain gear", "again, outdoor play")
    ]
    result = extract(texts(4) + mine, min_people=3)
    assert result.themes
    shown = " ".join(all_phrases(result))
    assert "sourdough" not in shown and "grandmother" not in shown
    # The story still counts toward its theme: only the words are held back.
    outdoor = next(t for t in result.themes if "outdoor play" in t.phrases)
    assert outdoor.people == 5


def test_a_text_without_a_known_voice_never_makes_up_the_numbers() -> None:
    nobody = [Text("topic", body, frozenset(), 1, "") for body in OUTDOOR * 3]
    result = extract(texts(2) + nobody, min_people=3)
    assert result.themes == []


def test_the_same_texts_give_the_same_themes() -> None:
    rng = random.Random(7)
    corpus = texts(6, community=1) + texts(5, community=2)
    rng.shuffle(corpus)
    first = extract(corpus, min_people=3, min_communities=2)
    second = extract(list(corpus), min_people=3, min_communities=2)
    assert first == second and first.themes


def test_too_few_texts_make_no_theme() -> None:
    assert extract(texts(1)[:3], min_people=1).themes == []
    assert extract([], min_people=3).texts == 0


def test_the_number_of_themes_grows_with_the_texts() -> None:
    assert theme_count(4, 8) == 2
    assert theme_count(100, 8) == 5
    assert theme_count(3000, 10) == 10
