"""Free text that can be read: survey answers and consented excerpts, grouped by the
themes Fireside has already found (fireside/themes), with counts, each wording once.

- Two texts are the same when they read the same once case, spacing and punctuation are
  set aside ("More tea, please." and "more tea please"); the wording written most often
  is shown, with how many times it was written.
- A text goes under the theme whose phrases it shares most (the first theme on a tie);
  none shared, it goes under "Other answers".
- A theme is named only when at least the survey threshold of texts fall under it;
  smaller groups join "Other answers", so no count below the threshold is ever shown for
  a theme. Theme phrases never hold names (fireside/lib/words.py drops them), and
  nothing here reads who wrote what.
- Order: by count (the biggest group first) or by theme (A to Z); "Other answers" last.
- Names never show: the names of the program's people (members, facilitators, mentors,
  coordinators, present or past) are replaced by "[name]" before anything else, so two
  answers that differ only by a name are one (fireside/lib/names.py says how names are
  found).

Reading the themes costs two queries for a page, and the names one, however many texts and
questions.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from fireside.accounts.models import ERASED_DOMAIN, User
from fireside.communities.models import CommunityRole, Membership
from fireside.lib.names import Names, hide_names, names_from
from fireside.lib.words import phrases_in
from fireside.programs.models import Program, ProgramStaff
from fireside.surveys.actions import threshold

ORDERS = ("count", "theme")
ORDER_PARAM = "text_order"  # the page's query parameter choosing the order

# The themes already found for a program (community None) or one of its groups, most telling
# first: fireside.themes, above surveys, registers how to read them (themes/free_text.py).
ThemeReader = Callable[[Any, Any], list[Any]]
_theme_readers: list[ThemeReader] = []


def register_theme_reader(reader: ThemeReader) -> None:
    _theme_readers.append(reader)


def themes_for(program: Any, community: Any = None) -> list[Any]:
    """Theme rows (each with its `phrases`) for `group`; none when no app reads themes."""
    return [theme for read in _theme_readers for theme in read(program, community)]


_SPACE_OR_MARK = {"Z", "P", "S", "C"}  # separators, punctuation, symbols, controls


@dataclass(frozen=True)
class Entry:
    text: str  # the wording written most often
    count: int  # how many times it was written


@dataclass(frozen=True)
class Group:
    label: str  # the theme's phrases; "" for the other answers
    entries: list[Entry] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(e.count for e in self.entries)

    @property
    def is_other(self) -> bool:
        return not self.label


@dataclass(frozen=True)
class FreeText:
    groups: list[Group]
    total: int  # texts written, repeats included
    distinct: int  # different texts
    order: str
    threshold: int
    anchor: str = "free-text"  # the list's id in its page

    @property
    def themed(self) -> bool:
        return any(not g.is_other for g in self.groups)


def normalised(text: str) -> str:
    """Lower case, without punctuation, symbols or repeated spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(" " if unicodedata.category(c)[0] in _SPACE_OR_MARK else c for c in folded)
    return " ".join(kept.split())


def deduplicated(texts: list[str]) -> list[Entry]:
    """Each wording once, with its count; the most written first, then A to Z."""
    wordings: dict[str, Counter[str]] = {}
    for text in texts:
        key = normalised(text)
        if key:
            wordings.setdefault(key, Counter())[text.strip()] += 1
    counts = {key: sum(w.values()) for key, w in wordings.items()}
    return [
        # The wording written most often (the first in A to Z order on a tie): the order
        # the answers are stored in says nothing.
        Entry(min(wordings[key].items(), key=lambda w: (-w[1], w[0]))[0], counts[key])
        for key in sorted(counts, key=lambda k: (-counts[k], k))
    ]


def _theme_of(text: str, themes: list[tuple[str, frozenset[str]]]) -> str:
    found = set(phrases_in(text))
    best, score = "", 0
    for label, phrases in themes:
        shared = len(found & phrases)
        if shared > score:
            best, score = label, shared
    return best


def program_names(program: Program) -> Names:
    """The names of everyone who is or was in the program (one query): members and
    waitlisted people of its groups, their facilitators, its coordinators and mentors. The
    display name too, when it is taken from the email (no name given)."""
    people = User.objects.filter(
        Q(pk__in=Membership.objects.filter(community__program=program).values("user_id"))
        | Q(pk__in=CommunityRole.objects.filter(community__program=program).values("user_id"))
        | Q(pk__in=ProgramStaff.objects.filter(program=program).values("user_id"))
    ).values_list("name", "email")
    written = []
    for name, email in people:
        if name:
            written.append(name)
        elif not email.endswith(ERASED_DOMAIN):
            written.append(email.split("@")[0])
    return names_from(written)


def without_names(texts: list[str], program: Program) -> list[str]:
    """The texts with the program's people's names hidden (one query), for the API."""
    names = program_names(program) if texts else None
    return [hide_names(t, names) for t in texts] if names else list(texts)


def group(
    texts: list[str], themes: list[Any], order: str = "count", names: Names | None = None
) -> FreeText:
    """`themes`: Theme rows (fireside/themes/models.py), most telling first; `names`: the
    names to hide (program_names)."""
    k = threshold()
    order = order if order in ORDERS else "count"
    named = [(" · ".join(t.phrases[:3]), frozenset(t.phrases)) for t in themes if t.phrases]
    if names:
        texts = [hide_names(t, names) for t in texts]
    entries = deduplicated(texts)
    by_theme: dict[str, list[Entry]] = {}
    for entry in entries:
        by_theme.setdefault(_theme_of(entry.text, named), []).append(entry)
    other = by_theme.pop("", [])
    groups = []
    for label, members in by_theme.items():
        if sum(e.count for e in members) >= k:
            groups.append(Group(label, members))
        else:  # too few to name the theme: with the others
            other.extend(members)
    if order == "theme":
        groups.sort(key=lambda g: g.label.casefold())
    else:
        groups.sort(key=lambda g: (-g.count, g.label.casefold()))
    if other:
        other.sort(key=lambda e: (-e.count, normalised(e.text)))
        groups.append(Group("", other))
    return FreeText(
        groups=groups,
        total=sum(e.count for e in entries),
        distinct=len(entries),
        order=order,
        threshold=k,
    )


class PageFreeText:
    """The free text of one page, grouped by the view (never by a template tag): the themes
    of each program or group and the names of the program's people are read once however
    many lists the page shows, and each list is numbered for its anchor (free-text-1, …) in
    the order the view groups them, which is the order the page shows them."""

    def __init__(self, order: str = "count") -> None:
        self.order = order  # ?text_order= (ORDER_PARAM)
        self._themes: dict[tuple[int, int | None], list[Any]] = {}
        self._names: dict[int, Names] = {}
        self._lists = 0

    def group(self, texts: list[str], program: Program, community: Any = None) -> FreeText:
        key = (program.pk, getattr(community, "pk", None))
        if key not in self._themes:
            self._themes[key] = themes_for(program, community)
        self._lists += 1
        texts = list(texts)
        # No texts, nothing to hide: the names (everyone in the program) are not read for them.
        names = self.names(program) if texts else None
        found = group(texts, self._themes[key], self.order, names)
        return dataclasses.replace(found, anchor=f"free-text-{self._lists}")

    def names(self, program: Program) -> Names:
        if program.pk not in self._names:
            self._names[program.pk] = program_names(program)
        return self._names[program.pk]

    def in_results(self, result: Any, program: Program, community: Any = None) -> Any:
        """Survey results (surveys.report.SurveyResults) with each free text question's
        texts grouped (`free_text`); as they are while they are withheld."""
        if result is None or result.withheld:
            return result
        questions = [
            dataclasses.replace(q, free_text=self.group(q.texts, program, community))
            if q.kind == "text"
            else q
            for q in result.questions
        ]
        return dataclasses.replace(result, questions=questions)

    def without_names(self, story: Any, program: Program) -> Any:
        """A shared story (stories.actions.SharedStory) with the names of the program's
        people hidden in its title and parts, as in the free text around it."""
        names = self.names(program)
        if not names:
            return story
        return dataclasses.replace(
            story,
            title=hide_names(story.title, names),
            parts=[(c, heading, hide_names(text, names)) for c, heading, text in story.parts],
        )
