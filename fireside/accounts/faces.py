"""Who may see a person's photo, and how a page decides it once for everyone it shows.

A photo is for its owner and for the people who share a group (both active members of one
community) or a current pair with them: never for the public, and never for coordinators,
mentors or operators who share no group with the person. Everyone else sees initials.

Accounts knows neither groups nor pairs, so the apps that do register a rule here (in their
`AppConfig.ready()`): a function from the viewer to a condition on the user table, true for
the people who share something with that viewer, written as `pk__in=<subquery>` so that all
the rules together stay one query.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Callable, Iterable
from functools import reduce
from typing import Any

from django.db.models import Q
from django.urls import reverse

from fireside.accounts.models import User

Rule = Callable[[User], Q]
_rules: dict[str, Rule] = {}

# The two sizes each photo is stored at (see fireside/accounts/photos.py).
SMALL, LARGE = 96, 256
SIZES = (SMALL, LARGE)
# Initials sit on one of these; white text on each has a contrast above 4.5:1 (WCAG AA),
# checked in fireside/accounts/tests/test_faces.py. The classes live in fireside.css.
PALETTE = ("#8a3b12", "#1f5f8b", "#2e6b3a", "#6b3fa0", "#9b2c4f", "#245d5b", "#6b5416", "#3f4a8a")


def register(name: str, rule: Rule) -> None:
    """Declare who shares something with a viewer; registering a name again replaces it."""
    _rules[name] = rule


def _sharing(viewer: User) -> Q | None:
    conditions = [rule(viewer) for rule in _rules.values()]
    return reduce(operator.or_, conditions) if conditions else None


def _signed_in(viewer: Any) -> bool:
    return isinstance(viewer, User) and viewer.is_active and viewer.pk is not None


def may_see_photo(viewer: Any, person: User) -> bool:
    """The one rule, for the photo's own address (one query unless it is the owner)."""
    if not _signed_in(viewer) or not person.has_photo:
        return False
    if viewer.pk == person.pk:
        return True
    sharing = _sharing(viewer)
    return sharing is not None and User.objects.filter(sharing, pk=person.pk).exists()


def shared_ids(viewer: User, among: Iterable[int]) -> frozenset[int]:
    """Which of these people share a group or a pair with the viewer: one query."""
    ids = set(among)
    sharing = _sharing(viewer)
    if not ids or sharing is None:
        return frozenset()
    return frozenset(User.objects.filter(sharing, pk__in=ids).values_list("pk", flat=True))


class Faces:
    """The photos one viewer may see on one page. Views build it from what the page already
    holds, so the `avatar` tag never queries: `known()` when the page knows everyone it shows
    shares a group with the viewer (a member reading their group's member list), `among()`
    otherwise (one query, and none when nobody shown has a photo)."""

    def __init__(self, viewer: Any, visible: Iterable[int] = ()) -> None:
        self.viewer_id = viewer.pk if _signed_in(viewer) else None
        self.visible = frozenset(visible) if self.viewer_id is not None else frozenset()

    @classmethod
    def none(cls, viewer: Any = None) -> Faces:
        """Initials for everyone but the viewer."""
        return cls(viewer)

    @classmethod
    def known(cls, viewer: Any, ids: Iterable[int]) -> Faces:
        return cls(viewer, ids)

    @classmethod
    def among(cls, viewer: Any, people: Iterable[User | None]) -> Faces:
        if not _signed_in(viewer):
            return cls(viewer)
        wanted = {p.pk for p in people if p is not None and p.has_photo and p.pk != viewer.pk}
        return cls(viewer, shared_ids(viewer, wanted) if wanted else ())

    def shows(self, person: User | None) -> bool:
        if person is None or not person.has_photo or self.viewer_id is None:
            return False
        return person.pk == self.viewer_id or person.pk in self.visible


def photo_url(person: User, size: int) -> str:
    """The photo's address; its name in storage changes with every new photo, so the
    address does too and a browser may keep a copy."""
    path = reverse("accounts:photo_image", kwargs={"user_id": person.pk, "size": size})
    return f"{path}?v={person.photo}"


def initials(person: User | None) -> str:
    if person is None or not person.is_active:
        return ""
    words = [w for w in person.display_name.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or person.display_name[:1].upper()


def colour_index(person: User | None) -> int:
    """The same colour for a person on every page, spread evenly over the palette."""
    if person is None or person.pk is None:
        return 0
    return hashlib.sha256(str(person.pk).encode()).digest()[0] % len(PALETTE)
