"""Keeping common threads up to date, and reading them.

A change to a text a scope reads marks the scope stale once the change commits
(fireside/themes/signals.py). The first mark queues a recomputation to run DEBOUNCE later,
so a burst of edits — a facilitator fixing notes, a coordinator seeding a program — costs
one computation; marks that come while one is queued only bump the version. A computation
records the version it read, and a change during it queues another.

Backends that cannot run a task later (the immediate backend of the tests and of
`TASKS_BACKEND=immediate`) queue nothing: `manage.py compute_themes` computes every stale
scope, and can run from cron on any installation.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from fireside.communities.models import Community, Membership
from fireside.gatherings.models import Gathering
from fireside.lib.words import extract
from fireside.programs.models import Program
from fireside.themes.models import Scope, Theme
from fireside.themes.sources import collect

MIN_PEOPLE = 3  # no theme, and no phrase, from fewer people
MIN_COMMUNITIES = 2  # at program level: no theme, and no phrase, from fewer communities
MOST_THEMES = {"community": 6, "program": 10}
DEBOUNCE = dt.timedelta(minutes=5)
LOST_AFTER = dt.timedelta(hours=1)  # a queued computation that never ran is queued again


def _scopes(program_id: int, community_id: int | None) -> Q:
    if community_id is None:
        return Q(program_id=program_id, community__isnull=True)
    return Q(program_id=program_id, community_id=community_id)


# --- Marking stale ------------------------------------------------------------------------


def mark_stale(
    *,
    community_ids: Iterable[int] = (),
    program_ids: Iterable[int] = (),
    gathering_ids: Iterable[int] = (),
    authors: Iterable[tuple[int, int]] = (),
) -> None:
    """Texts changed in these communities (or these gatherings' communities, or wherever
    these (author, program) people took part): their scopes and their programs' scopes are
    stale."""
    communities = set(community_ids)
    programs = set(program_ids)
    gatherings = set(gathering_ids)
    if gatherings:
        communities |= set(
            Gathering.objects.filter(pk__in=gatherings).values_list("community_id", flat=True)
        )
    for user_id, program_id in authors:
        programs.add(program_id)
        communities |= set(
            Membership.objects.filter(user_id=user_id, community__program_id=program_id)
            .exclude(status=Membership.Status.WAITLISTED)
            .values_list("community_id", flat=True)
        )
    pairs = sorted(Community.objects.filter(pk__in=communities).values_list("program_id", "pk"))
    programs |= {program_id for program_id, _c in pairs}
    for program_id, community_id in [*pairs, *((p, None) for p in sorted(programs))]:
        _bump(program_id, community_id)


def _bump(program_id: int, community_id: int | None) -> None:
    now = timezone.now()
    scopes = Scope.objects.filter(_scopes(program_id, community_id))
    if not scopes.update(version=F("version") + 1, changed_at=now):
        try:
            with transaction.atomic():
                Scope.objects.create(
                    program_id=program_id, community_id=community_id, version=1, changed_at=now
                )
        except IntegrityError:  # created a moment ago by someone else
            scopes.update(version=F("version") + 1, changed_at=now)
    _queue(program_id, community_id, now)


def _queue(program_id: int, community_id: int | None, now: dt.datetime) -> None:
    if not default_task_backend.supports_defer:
        return
    waiting = Q(queued_at__isnull=True) | Q(queued_at__lt=now - LOST_AFTER)
    pk = (
        Scope.objects.filter(_scopes(program_id, community_id))
        .filter(waiting)
        .values_list("pk", flat=True)
        .first()
    )
    # One queued computation per scope: only the mark that claims the scope enqueues.
    if pk and Scope.objects.filter(waiting, pk=pk).update(queued_at=now):
        recompute_themes.using(run_after=now + DEBOUNCE).enqueue(scope_id=pk)


def ensure(program: Program, community: Community | None = None) -> None:
    """A page asked for themes nobody has computed or queued yet: queue them."""
    scope = Scope.objects.filter(_scopes(program.pk, community.pk if community else None)).first()
    if scope is None or (not scope.is_computed and scope.queued_at is None):
        _bump(program.pk, community.pk if community else None)


# --- Computing ----------------------------------------------------------------------------


def recompute(scope_id: int) -> tuple[Scope | None, int]:
    """Compute one scope's themes from its texts now. Returns the scope and its theme count."""
    started = time.perf_counter()
    Scope.objects.filter(pk=scope_id).update(queued_at=None)
    scope = Scope.objects.select_related("program").filter(pk=scope_id).first()
    if scope is None:
        return None, 0
    version = scope.version  # read before the texts: a change after this queues again
    program_level = scope.community_id is None
    texts, names = collect(scope.program, scope.community_id)
    result = extract(
        texts,
        min_people=MIN_PEOPLE,
        min_communities=MIN_COMMUNITIES if program_level else 1,
        drop=names,
        most=MOST_THEMES["program" if program_level else "community"],
    )
    with transaction.atomic():
        locked = Scope.objects.select_for_update().filter(pk=scope_id).first()
        if locked is None:
            return None, 0
        if locked.computed_version is not None and locked.computed_version > version:
            return locked, locked.themes.count()  # a later computation already finished
        locked.themes.all().delete()
        Theme.objects.bulk_create(
            Theme(
                scope=locked,
                position=i,
                phrases=list(found.phrases),
                texts=found.texts,
                people=found.people,
                communities=found.communities,
                months=found.months,
                kinds=found.kinds,
            )
            for i, found in enumerate(result.themes)
        )
        locked.computed_version = version
        locked.computed_at = timezone.now()
        locked.texts = result.texts
        locked.withheld = result.withheld
        locked.seconds = round(time.perf_counter() - started, 3)
        locked.save(
            update_fields=["computed_version", "computed_at", "texts", "withheld", "seconds"]
        )
    return locked, len(result.themes)


@task()
def recompute_themes(*, scope_id: int) -> int:
    """The queued computation of one scope (see the module's docstring)."""
    return recompute(scope_id)[1]


def scopes_to_refresh(*, everything: bool = False) -> list[int]:
    """Stale scopes; with `everything`, every community's and program's, made if missing."""
    if everything:
        for program_id, community_id in [
            *Community.objects.values_list("program_id", "pk"),
            *((pk, None) for pk in Program.objects.values_list("pk", flat=True)),
        ]:
            if not Scope.objects.filter(_scopes(program_id, community_id)).exists():
                _bump(program_id, community_id)
        qs = Scope.objects.all()
    else:
        qs = Scope.objects.filter(
            Q(computed_version__isnull=True) | Q(version__gt=F("computed_version"))
        )
    # Communities first, then programs, each in order.
    return list(
        qs.order_by(F("community_id").asc(nulls_last=True), "program_id", "pk").values_list(
            "pk", flat=True
        )
    )


# --- Reading ------------------------------------------------------------------------------


@dataclass
class Threads:
    """A scope's themes as the pages, the API and the program report show them."""

    scope: Scope | None
    themes: list[Theme] = field(default_factory=list)
    min_people: int = MIN_PEOPLE
    min_communities: int = 1

    @property
    def computed_at(self) -> dt.datetime | None:
        return self.scope.computed_at if self.scope else None

    @property
    def just_computed(self) -> bool:
        at = self.computed_at
        return at is not None and timezone.now() - at < dt.timedelta(minutes=1)

    @property
    def up_to_date(self) -> bool:
        return self.scope is not None and not self.scope.is_stale

    @property
    def texts(self) -> int:
        return self.scope.texts if self.scope and self.scope.is_computed else 0

    @property
    def withheld(self) -> int:
        return self.scope.withheld if self.scope and self.scope.is_computed else 0


def themes_for(program: Program, community: Community | None = None) -> Threads:
    """The last computed themes of a community, or of the whole program (community None).
    Two queries."""
    scope = Scope.objects.filter(_scopes(program.pk, community.pk if community else None)).first()
    themes = list(Theme.objects.filter(scope=scope).order_by("position")) if scope else []
    return Threads(
        scope=scope,
        themes=themes,
        min_communities=MIN_COMMUNITIES if community is None else 1,
    )
