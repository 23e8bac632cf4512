"""A signed-in person's places: the groups they are in or wait for, and the roles they hold
now. Read once for a page and handed to every section on it (the home page shows parts of
several apps, and each needs the person's groups), so no section reads them again.

Three queries however many groups: the memberships with their community and program, the
programs' commitments, the roles. Never kept beyond the page that read them: it is one
person's data, read for that person's request.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from fireside.communities.models import Agreement, CommunityRole, Membership
from fireside.programs.models import Program


@dataclass
class Places:
    user_id: int
    # Not left, by group name: community, program and its commitments read with them, and
    # `current_agreement_id` and `ahead` (people before them on the waiting list) annotated.
    memberships: list[Membership]
    # The roles held now in any group of those programs (not only theirs), with community.
    roles: list[CommunityRole]

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
