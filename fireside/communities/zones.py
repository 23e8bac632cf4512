"""Which time zone a person lives by, for what is sent to them at a local hour (digests,
nudges). The rule, in this one place:

1. their own profile's time zone, when they set one;
2. else the zone of the program of their first group: the earliest they asked to join among
   those they are still in, active before waiting;
3. else settings.TIME_ZONE.

It is written as a query expression, so "everyone in Paris" is one query however many people
there are, and the scheduler (fireside/ops/schedule.py) can list the zones to visit without
reading anyone: every zone a person can be in is a profile's zone, a program's, or the site's.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf

from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.programs.models import Program


def zone_expression() -> Coalesce:
    """The zone of the person on the row (a User queryset's), as SQL."""
    first_program_zone = (
        Membership.objects.filter(user=OuterRef("pk"))
        .exclude(status=Membership.Status.LEFT)
        .order_by(
            Case(When(status=Membership.Status.ACTIVE, then=Value(0)), default=Value(1)),
            "requested_at",
            "pk",
        )
        .values("community__program__timezone")[:1]
    )
    return Coalesce(
        NullIf("timezone", Value("")),
        Subquery(first_program_zone),
        Value(settings.TIME_ZONE),
        output_field=CharField(),
    )


def with_zone(users: QuerySet[User]) -> QuerySet[User]:
    """The queryset with each person's zone annotated as `zone`."""
    return users.annotate(zone=zone_expression())


def people_in_zone(zone: str) -> QuerySet[User, dict[str, Any]]:
    """Everyone whose zone is `zone` (to use as a subquery: `user__in=people_in_zone(z)`)."""
    people = User.objects.order_by().annotate(zone=zone_expression())
    return people.filter(zone=zone).values("pk")


def zone_of(user: User) -> str:
    """One person's zone (one query)."""
    one = User.objects.filter(pk=user.pk).annotate(zone=zone_expression())
    zone: str = one.values_list("zone", flat=True).get()
    return zone


def program_zones() -> set[str]:
    """The programs' zones and the site's (one query)."""
    zones = Program.objects.order_by().values_list("timezone", flat=True).distinct()
    return {settings.TIME_ZONE, *zones}


def people_zones(programs: set[str] | None = None) -> set[str]:
    """Every zone someone may be in, perhaps with a few where nobody is (a program's with no
    one in it): the profiles' zones, the programs' and the site's. One query given the
    programs' zones (program_zones()), two without."""
    own = User.objects.exclude(timezone="").order_by().values_list("timezone", flat=True)
    return {*(program_zones() if programs is None else programs), *own.distinct()}


def zone_from_places(user: Any, places: Any) -> str:
    """zone_of without a query, from the person's places (fireside.communities.places,
    read already for the page): the same rule."""
    own = getattr(user, "timezone", "") or ""
    if own:
        return own
    rows = sorted(
        places.memberships,
        key=lambda m: (m.status != Membership.Status.ACTIVE, m.requested_at, m.pk),
    )
    return rows[0].community.program.timezone if rows else settings.TIME_ZONE
