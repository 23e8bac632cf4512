"""A signed-in person's places: the groups they are in or wait for, and the roles they hold
now. Read once for a page and handed to every section on it (the home page shows parts of
several apps, and each needs the person's groups), so no section reads them again.

Three queries however many groups: the memberships with their community and program, the
programs' commitments, the roles. Never kept beyond the page that read them: it is one
person's data, read for that person's request.

The memberships also say, for the home page's sake, whether the person has anything that
lives outside their groups (a program role, a seat offered to them) and which groups have
someone offering to take a role, so the home reads those only when there is something to
read. `remember` keeps what one section computed from these places for the next section of
the same page (the peer-mentoring progress feeds both its section and the tasks).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from fireside.communities.models import Agreement, CommunityRole, Membership, SeatOffer
from fireside.programs.models import Program, ProgramStaff

T = TypeVar("T")


def offers_waiting(user: Any) -> QuerySet[SeatOffer]:
    """Seats offered to the person and not answered: invitations, and offers made while they
    wait elsewhere (while they still wait)."""
    return SeatOffer.objects.filter(user=user, outcome=SeatOffer.Outcome.PENDING).filter(
        Q(membership__isnull=True) | Q(membership__status=Membership.Status.WAITLISTED)
    )


@dataclass
class Places:
    user_id: int
    # Not left, by group name: community, program and its commitments read with them, and
    # `current_agreement_id` and `ahead` (people before them on the waiting list) annotated.
    memberships: list[Membership]
    # The roles held now in any group of those programs (not only theirs), with community.
    roles: list[CommunityRole]
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        """What `compute` returns, computed once for these places (so once per page)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return cast(T, self.memo[key])

    def _flag(self, name: str) -> bool | None:
        """A person-wide fact annotated on every membership row; None without a row."""
        if not self.memberships:
            return None
        return bool(getattr(self.memberships[0], name, True))

    @property
    def may_be_staff(self) -> bool:
        """False only when they certainly hold no program role (coordinator, mentor)."""
        return self._flag("is_staff_somewhere") is not False

    @property
    def may_have_offers(self) -> bool:
        """False only when certainly no seat offer waits for their answer."""
        return self._flag("has_offers") is not False

    @cached_property
    def with_roles_offered(self) -> set[int]:
        """Their active groups where someone else offered to take a role."""
        return {m.community_id for m in self.active if getattr(m, "roles_offered", True)}

    @cached_property
    def active(self) -> list[Membership]:
        return [m for m in self.memberships if m.status == Membership.Status.ACTIVE]

    @cached_property
    def waiting(self) -> list[Membership]:
        return [m for m in self.memberships if m.status == Membership.Status.WAITLISTED]

    @cached_property
    def programs(self) -> dict[int, Program]:
        """The programs of their active groups, in the order of the groups' names."""
        return {m.community.program_id: m.community.program for m in self.active}

    @cached_property
    def to_accept(self) -> list[Membership]:
        """Active groups whose agreement changed since they accepted it."""
        return [
            m
            for m in self.active
            if m.agreement_id != m.current_agreement_id  # type: ignore[attr-defined]
        ]

    def are_of(self, user: Any) -> bool:
        """Whether these are `user`'s places (a section handed anyone else's reads the
        user's own instead)."""
        return getattr(user, "pk", None) == self.user_id

    def roles_in(
        self, community_ids: Iterable[int], roles: Collection[str] | None = None
    ) -> list[CommunityRole]:
        """Their roles in these groups (only these kinds of role, if given)."""
        wanted = set(community_ids)
        return [
            r for r in self.roles if r.community_id in wanted and (roles is None or r.role in roles)
        ]


# Yes/no facts that apps above this one add to each membership row, so their home tasks
# read nothing when there is nothing for the person (an unread announcement, a call for
# topics to answer). `make(user)` returns an expression over OuterRef("community"), e.g.
# `Exists(...)`; a source reads the flag with `getattr(membership, name, True)`.
MembershipFlag = Callable[[Any], Any]
_membership_flags: dict[str, MembershipFlag] = {}


def register_membership_flag(name: str, make: MembershipFlag) -> None:
    """Registering a name again (a reloaded app) replaces it."""
    _membership_flags[name] = make


def flagged(places: Places, name: str) -> list[Membership]:
    """Their active memberships where `name` may be true (all of them without the flag)."""
    return [m for m in places.active if getattr(m, name, True)]


def places_of(user: Any) -> Places:
    current_agreement = (
        Agreement.objects.filter(community=OuterRef("community")).order_by("-version").values("pk")
    )
    ahead = (
        Membership.objects.filter(
            community=OuterRef("community"), status=Membership.Status.WAITLISTED
        )
        .filter(
            Q(requested_at__lt=OuterRef("requested_at"))
            | Q(requested_at=OuterRef("requested_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    memberships = list(
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.LEFT)
        .select_related("community__program")
        .prefetch_related("community__program__commitments")
        .annotate(
            current_agreement_id=Subquery(current_agreement[:1]),
            ahead=Coalesce(Subquery(ahead), 0),
            is_staff_somewhere=Exists(ProgramStaff.objects.filter(user=user)),
            has_offers=Exists(offers_waiting(user)),
            roles_offered=Exists(
                CommunityRole.objects.offered()
                .filter(community=OuterRef("community"))
                .exclude(user=user)
            ),
            **{name: make(user) for name, make in sorted(_membership_flags.items())},
        )
        .order_by("community__name", "pk")
    )
    programs = {m.community.program_id for m in memberships if m.status == Membership.Status.ACTIVE}
    roles = (
        list(
            CommunityRole.objects.current()
            .filter(user=user, community__program_id__in=programs)
            .select_related("community")
        )
        if programs
        else []
    )
    return Places(user_id=user.pk, memberships=cast(list[Membership], memberships), roles=roles)
