"""People's names hidden inside free text: a survey answer or a shared excerpt may say
"Émilie made us laugh"; what is shown to others reads "[name] made us laugh".

Matching, word by word (a word is a run of letters and digits, so "Al" never matches
inside "also", and "d'Émilie" still shows its "d'"):

- case and accents are set aside: "emilie", "ÉMILIE" and "Émilie" are one word;
- a person's whole name (any case) is hidden as one ("Marie de la Tour" → "[name]"), and
  so is each word of it, alone, of at least two letters;
- particles ("de", "la", "van", …) are never hidden alone: they are no one's name;
- a name that is also a common word ("Will", "May", "Rose", "Côté", "Pierre", …) is hidden
  alone only when written with a capital ("Will came" → "[name] came", "I will come" is
  left as it is). A capital at the start of a sentence is hidden too: hiding a word too many
  costs a little reading, showing a name costs someone's privacy.
- names next to each other ("Émilie Tremblay", "Marie-Claude") become one "[name]".

Nothing here reads the database: the caller gives the names (one query per page).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MIN_LETTERS = 2
_WORD = re.compile(r"[^\W_]+")
# Between two words of one name: spaces, a hyphen or an apostrophe ("Marie-Claude", "O'Neil"),
# or one dot or underscore, as in a display name taken from an email ("emilie.tremblay").
_JOINER = re.compile(r"[\s'’-]+|[._]")


def folded(word: str) -> str:
    """Lower case, without accents: "Émilie" → "emilie"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded_list(text: str) -> frozenset[str]:
    return frozenset(folded(w) for w in text.split())


PARTICLES = _folded_list(
    """
    a da das de del della den der des di do dos du e el la las le les lo st ste ten ter
    van von y bin ibn bint mac mc
    """
)
# Common English and French words that are also first names or surnames.
COMMON = _folded_list(
    """
    an as at be by do go he hi if in is it me my no of oh ok on or so to up us we yes
    amber april art august autumn bell best bill black brook brown bud candy carter cook
    crystal daisy dawn dean dell don faith fern fields ford forest frank glen gray green
    grey grace guy hall happy heather hill holly honey hope hunter iris ivy jack jade jay
    jewel joy june king lake lane long love lily mark marsh may mercy miles miller moon
    new north page park pat pearl penny pierce rich river rob rock rose ruby rush sage
    sandy sky smith sterling stone storm summer sunny violet ward west white will winter
    wood young
    au ce du en et il je ma mon ne on ou sa se si son ta te tu un va vu
    aimé amour ange belle blanc blanche bois boucher boulanger brun céleste claire clément
    constant côté dumas fleur fortune france grand joyeux juste lebrun leblanc léger mai
    marchand merle noël olive patience petit pierre prudence roi roy sauvage séverin
    soleil tour victoire violette
    """
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(folded(w) for w in _WORD.findall(text))


def _is_name_word(word: str) -> bool:
    return sum(c.isalpha() for c in word) >= MIN_LETTERS


@dataclass(frozen=True)
class Names:
    """The names to hide. `single`: words hidden alone in any case; `capitalised`: words
    hidden alone only with a capital; `whole`: names of several words, by their first."""

    single: frozenset[str] = frozenset()
    capitalised: frozenset[str] = frozenset()
    whole: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.single or self.capitalised or self.whole)


def names_from(people: Iterable[str]) -> Names:
    """`people`: full names and display names, as written ("Émilie Tremblay", "emilie.t")."""
    single: set[str] = set()
    capitalised: set[str] = set()
    whole: dict[str, set[tuple[str, ...]]] = {}
    for person in people:
        words = _words(person)
        if len(words) > 1 and any(_is_name_word(w) for w in words):
            whole.setdefault(words[0], set()).add(words)
        for word in words:
            if not _is_name_word(word) or word in PARTICLES:
                continue
            (capitalised if word in COMMON else single).add(word)
    return Names(
        single=frozenset(single),
        capitalised=frozenset(capitalised - single),
        # The longest first, so "Marie de la Tour" is found before "Marie de".
        whole={k: sorted(v, key=len, reverse=True) for k, v in whole.items()},
    )


def hide_names(text: str, names: Names, placeholder: str | None = None) -> str:
    """`text` with every name in `names` replaced by "[name]" (translated)."""
    if not names or not text:
        return text
    mark = placeholder if placeholder is not None else _("[name]")
    spans = _name_spans(text, names)
    if not spans:
        return text
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], mark]
        at = end
    out.append(text[at:])
    return "".join(out)


def _name_spans(text: str, names: Names) -> list[tuple[int, int]]:
    found = list(_WORD.finditer(text))
    keys = [folded(m.group()) for m in found]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(found):
        length = _whole_at(text, found, keys, i, names)
        if not length:
            word = found[i].group()
            key = keys[i]
            alone = key in names.single or (key in names.capitalised and word[:1].isupper())
            length = 1 if alone else 0
        if length:
            start, end = found[i].start(), found[i + length - 1].end()
            # Names next to each other ("Émilie Tremblay", "Marie-Claude"): one mark.
            if spans and _JOINER.fullmatch(text[spans[-1][1] : start]):
                start = spans.pop()[0]
            spans.append((start, end))
            i += length
        else:
            i += 1
    return spans


def _whole_at(text: str, found: list[re.Match[str]], keys: list[str], i: int, names: Names) -> int:
    """How many words from the i-th make one of the whole names (0: none)."""
    for candidate in names.whole.get(keys[i], ()):
        n = len(candidate)
        if tuple(keys[i : i + n]) != candidate:
            continue
        if all(
            _JOINER.fullmatch(text[found[j].end() : found[j + 1].start()])
            for j in range(i, i + n - 1)
        ):
            return n
    return 0
