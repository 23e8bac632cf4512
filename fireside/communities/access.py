"""Who is this person to this community? Resolved here, once, for every view and API route.

Outsiders get 404 for anything inside a community, so its existence on the inside leaks
nothing; people who can see inside but lack a role for an action get 403. `community_view`
is the decorator every community page (in any app) goes through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, Literal, TypeAlias

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from fireside.communities.models import Agreement, Community, CommunityRole, Membership
from fireside.lib.errors import Refused
from fireside.programs.access import ProgramStanding, program_standing, refuse_if_read_only

FACILITATING = frozenset({CommunityRole.Role.FACILITATOR, CommunityRole.Role.CO_FACILITATOR})
PLANNING = FACILITATING | {CommunityRole.Role.ORGANISER}


@dataclass(frozen=True)
class Standing:
    """A person's relation to one community."""

    status: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    program: ProgramStanding = field(default_factory=ProgramStanding)
    agreement_current: bool = False
    # The community's agreement now, read for the standing and kept for the page that
    # shows it (the group's home) so it is not read twice.
    current_agreement: Agreement | None = field(default=None, compare=False, repr=False)

    @property
    def is_member(self) -> bool:
        return self.status == Membership.Status.ACTIVE

    @property
    def is_waitlisted(self) -> bool:
        return self.status == Membership.Status.WAITLISTED

    @property
    def is_in(self) -> bool:
        """Active or waiting: someone who can leave."""
        return self.is_member or self.is_waitlisted

    @property
    def needs_to_accept_agreement(self) -> bool:
        """The agreement changed since this member accepted it: they accept the new
        version before they post again."""
        return self.is_member and not self.agreement_current

    @property
    def is_facilitator(self) -> bool:
        return self.is_member and bool(self.roles & FACILITATING)

    # What each kind of thing needs. Content (threads, notes, RSVPs…) is members only.
    @property
    def can_read_content(self) -> bool:
        return self.is_member

    @property
    def can_see_members(self) -> bool:
        return self.is_member or self.program.is_coordinator

    @property
    def can_see_schedule(self) -> bool:
        return self.is_member or self.program.is_coordinator or self.program.is_mentor

    @property
    def can_manage_roles(self) -> bool:
        return self.is_facilitator or self.program.is_coordinator

    @property
    def can_set_cover(self) -> bool:
        return self.is_facilitator or self.program.is_coordinator

    @property
    def can_manage_members(self) -> bool:
        return self.program.is_coordinator

    @property
    def can_see_access_needs(self) -> bool:
        """The accessibility needs members chose to share with their facilitators: the
        group's facilitators and co-facilitators alone; never other members, organisers,
        coordinators, mentors or staff."""
        return self.is_facilitator

    @property
    def can_edit_agreement(self) -> bool:
        return self.is_facilitator

    @property
    def can_plan(self) -> bool:
        """Schedule gatherings, change them, build agendas: facilitators and organisers."""
        return self.is_member and bool(self.roles & PLANNING)

    @property
    def can_write_debrief(self) -> bool:
        return self.is_facilitator or self.program.is_mentor

    @property
    def can_read_debrief(self) -> bool:
        """Debriefs are for the group's facilitators and the program's mentors and
        coordinators; never for members."""
        return self.can_write_debrief or self.program.is_coordinator

    @property
    def knows_inside(self) -> bool:
        """Whether a refusal may say 'not allowed' (403) rather than 'not found' (404)."""
        return self.can_see_schedule


def shared_needs(standing: Standing, people: Iterable[Any]) -> dict[int, str]:
    """Each person's accessibility needs that they chose to share with facilitators, by
    user id, when `standing` may see them (see can_see_access_needs); else nothing."""
    if not standing.can_see_access_needs:
        return {}
    return {p.pk: needs for p in people if (needs := p.needs_for_facilitators)}


def resolve_standing(user: Any, community: Community) -> Standing:
    if not getattr(user, "is_authenticated", False):
        return Standing()
    refuse_if_read_only(community.program)
    live = (
        Membership.objects.filter(community=community, user=user)
        .exclude(status=Membership.Status.LEFT)
        .values_list("status", "agreement_id")
        .first()
    )
    status, accepted = live if live else (None, None)
    current = community.agreements.order_by("-version").first()
    roles = frozenset(
        CommunityRole.objects.current()
        .filter(community=community, user=user)
        .values_list("role", flat=True)
    )
    return Standing(
        status=status,
        roles=roles,
        program=program_standing(user, community.program),
        agreement_current=current is not None and accepted == current.pk,
        current_agreement=current,
    )


# What a caller needs of a community; a typo is a mypy error at the call site. Each need is
# answered by one property of Standing (NEEDS, whose keys a test keeps equal to these).
Need: TypeAlias = Literal[
    "live",
    "facilitate",
    "plan",
    "debrief",
    "read_debrief",
    "content",
    "members",
    "schedule",
    "roles",
    "cover",
    "manage",
]

NEEDS: dict[Need, str] = {
    "live": "is_in",
    "facilitate": "is_facilitator",
    "plan": "can_plan",
    "debrief": "can_write_debrief",
    "read_debrief": "can_read_debrief",
    "content": "can_read_content",
    "members": "can_see_members",
    "schedule": "can_see_schedule",
    "roles": "can_manage_roles",
    "cover": "can_set_cover",
    "manage": "can_manage_members",
}


def get_community_for(user: Any, pk: int, need: Need) -> tuple[Community, Standing]:
    """Fetch a community with the caller's standing, or refuse: 404 to outsiders, 403 to
    people who can see inside but not do this."""
    community = get_object_or_404(Community.objects.select_related("program"), pk=pk)
    return community, require(resolve_standing(user, community), need)


def require(standing: Standing, need: Need) -> Standing:
    """Refuse unless the standing allows `need`: 403 to those who know the inside, else 404."""
    if not getattr(standing, NEEDS[need]):
        if standing.knows_inside:
            raise Refused(403)
        raise Refused(404)
    return standing


View = Callable[..., HttpResponse]


def community_view(need: Need) -> Callable[[View], View]:
    """Every page inside a community goes through here: resolve standing once, refuse early."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(
            request: HttpRequest, community_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            community, standing = get_community_for(request.user, community_id, need)
            return view(request, community, standing, *args, **kwargs)

        return wrapped

    return decorate
