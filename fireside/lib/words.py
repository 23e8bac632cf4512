"""Finding common threads in a set of texts, on this server: TF-IDF over short phrases, then
non-negative matrix factorisation (NMF) with scikit-learn. No text leaves the installation.

What may be shown is decided here, so every caller gets the same protection:

- a theme is shown only when the texts it is strongest in come from at least `min_people`
  distinct voices (and, for a program, at least `min_communities` communities);
- a theme is described by short phrases (one to three words, never a sentence), and a
  phrase is shown only when it occurs in texts from at least `min_people` voices (and
  `min_communities` communities) — so a distinctive phrase of one person never appears,
  however strongly it marks a theme;
- a phrase must occur in two texts or more to be considered at all (`min_df=2`);
- people's names are removed before anything is counted (`drop`).

The same texts give the same themes: NMF starts from NNDSVDa with a fixed random_state.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from fireside.lib.stop_words import WEAK, stop_words

if TYPE_CHECKING:
    import numpy as np

MIN_TEXTS = 2  # a theme recurs: it is the strongest theme of two texts at least
MAX_PHRASES = 5
MAX_WORDS = 3
SEED = 0
TEXT_MAX = 20_000  # characters of one text that are read
MAX_FEATURES = 20_000  # the most frequent phrases kept: bounds memory for a large program

# Words (letters, with inner apostrophes and hyphens: "children's", "l'enfant",
# "rough-and-tumble") and the punctuation that ends a phrase.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|[.,;:!?()\[\]{}\"“”«»…—–/\n]")
_ELIDED = {"l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu"}


@dataclass(frozen=True)
class Text:
    """One text that may feed the themes, and whose it is."""

    kind: str  # notes, debrief, topic, excerpt, story
    text: str
    voices: frozenset[str]  # the distinct people it comes from, as opaque keys
    community: int | None
    month: str  # YYYY-MM


@dataclass(frozen=True)
class Found:
    phrases: tuple[str, ...]
    texts: int
    people: int
    communities: int
    months: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.phrases[0]


@dataclass(frozen=True)
class Result:
    themes: list[Found]
    withheld: int  # themes found but not shown: too few people or communities behind them
    texts: int


def _word(token: str) -> str:
    token = token.replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    head, apostrophe, tail = token.partition("'")
    if apostrophe and head in _ELIDED:
        token = tail
    return token


def words_of(text: str) -> list[str]:
    """The words of a text as phrases_in reads them."""
    return [_word(m.group()) for m in _TOKEN.finditer(text.lower()) if m.group()[0].isalpha()]


def phrases_in(text: str, drop: frozenset[str] = frozenset()) -> list[str]:
    """The one- to three-word phrases of a text: runs of words between punctuation, common
    words and dropped words (names), never crossing them. A lone common word is no phrase."""
    stop = stop_words()
    runs: list[list[str]] = [[]]
    for match in _TOKEN.finditer(text[:TEXT_MAX].lower()):
        token = match.group()
        word = _word(token) if token[0].isalpha() else ""
        if not word or word in stop or word in drop or not 2 <= len(word) <= 30:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(word)
    found = []
    for run in runs:
        for n in range(1, MAX_WORDS + 1):
            for i in range(len(run) - n + 1):
                words = run[i : i + n]
                if all(w in WEAK for w in words):
                    continue
                if n == 1 and len(words[0]) < 3:
                    continue
                found.append(" ".join(words))
    return found


def theme_count(texts: int, most: int) -> int:
    """More texts, more themes: about half the square root of their number, 2 to `most`."""
    return max(2, min(most, round(math.sqrt(texts / 4))))


def _contains(longer: str, shorter: str) -> bool:
    return f" {shorter} " in f" {longer} "


def extract(
    texts: Sequence[Text],
    *,
    min_people: int,
    min_communities: int = 1,
    drop: frozenset[str] = frozenset(),
    most: int = 8,
) -> Result:
    # Imported here, so that starting Fireside does not load scikit-learn.
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [t for t in texts if t.text.strip()]
    if len(docs) < MIN_TEXTS * 2:
        return Result([], 0, len(docs))
    vectorizer = TfidfVectorizer(
        analyzer=partial(phrases_in, drop=drop),
        min_df=2,
        sublinear_tf=True,
        max_features=MAX_FEATURES,
    )
    try:
        matrix = vectorizer.fit_transform([d.text for d in docs])
    except ValueError:  # no phrase occurs in two texts
        return Result([], 0, len(docs))
    terms = vectorizer.get_feature_names_out()
    k = min(theme_count(len(docs), most), matrix.shape[0], matrix.shape[1])
    model = NMF(n_components=k, init="nndsvda", random_state=SEED, max_iter=400)
    with warnings.catch_warnings():
        # A theme that has not fully settled after max_iter is still a fair summary.
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    components = model.components_
    by_term = matrix.tocsc()

    def safe(j: int) -> bool:
        """Whether phrase j occurs in texts from enough people (and communities)."""
        rows = by_term.indices[by_term.indptr[j] : by_term.indptr[j + 1]]
        voices = set().union(*(docs[i].voices for i in rows))
        communities = {docs[i].community for i in rows} - {None}
        return len(voices) >= min_people and len(communities) >= min_communities

    strongest = weights.argmax(axis=1)
    strength = weights.max(axis=1)
    themes: list[Found] = []
    withheld = 0
    for t in range(k):
        members = [docs[i] for i in np.flatnonzero((strongest == t) & (strength > 0))]
        if len(members) < MIN_TEXTS:
            continue
        found = _theme(members, _phrases(components[t], terms, safe))
        if found.people < min_people or found.communities < min_communities or not found.phrases:
            withheld += 1
            continue
        themes.append(found)
    themes.sort(key=lambda f: (-f.people, -f.texts, f.label))
    distinct = {theme.label: theme for theme in reversed(themes)}  # the strongest per label
    return Result(sorted(distinct.values(), key=themes.index), withheld, len(docs))


def _theme(members: list[Text], phrases: list[str]) -> Found:
    return Found(
        phrases=tuple(phrases),
        texts=len(members),
        people=len(set().union(*(d.voices for d in members))),
        communities=len({d.community for d in members if d.community is not None}),
        months=dict(sorted(Counter(d.month for d in members).items())),
        kinds=dict(sorted(Counter(d.kind for d in members).items())),
    )


def _phrases(weights: np.ndarray, terms: np.ndarray, safe: Callable[[int], bool]) -> list[str]:
    """The theme's heaviest phrases that are safe to show, sharing no word. A longer phrase
    replaces a shorter one inside it when it weighs nearly as much ("outdoor" →
    "outdoor play")."""
    import numpy as np

    chosen: list[tuple[str, float]] = []
    for j in np.argsort(-weights, kind="stable")[:40]:
        weight = float(weights[j])
        if weight <= 0 or len(chosen) >= MAX_PHRASES:
            break
        phrase = str(terms[j])
        if any(_contains(c, phrase) for c, _w in chosen):
            continue
        inside = [i for i, (c, _w) in enumerate(chosen) if _contains(phrase, c)]
        if inside and weight < 0.7 * chosen[inside[0]][1]:
            continue
        words = set(phrase.split())
        if any(words & set(c.split()) for i, (c, _w) in enumerate(chosen) if i not in inside):
            continue  # "sand timer" is there: "timer warning" says little more
        if not safe(int(j)):
            continue
        if inside:
            chosen[inside[0]] = (phrase, weight)
            for i in reversed(inside[1:]):
                del chosen[i]
        else:
            chosen.append((phrase, weight))
    return [c for c, _w in chosen]
