"""How many seats a group has taken: its active members and the seats held for last year's
members until they answer (fireside/communities/rollover.py). Every capacity check counts
through here, so a held seat is never given away twice."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from fireside.communities.models import Community, Membership, SeatHold


def pending_holds(community: Community) -> QuerySet[SeatHold]:
    """Holds still open: not answered and not past their deadline. A hold past its
    deadline stops counting at once, whether or not the scheduled run marked it lapsed."""
    return SeatHold.objects.filter(
        community=community, outcome=SeatHold.Outcome.PENDING, deadline__gt=timezone.now()
    )


def held_seats(community: Community) -> int:
    """Seats kept for people who have not answered yet."""
    return community.held_seats_count()


def taken_seats(community: Community) -> int:
    """Active members and held seats: what `capacity` is compared with."""
    active = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
    return active.count() + held_seats(community)


def free_seats(community: Community) -> int:
    return max(0, community.capacity - taken_seats(community))


def lapse_due(locked: Community) -> int:
    """Mark the holds past their deadline lapsed; the caller holds the community's lock
    and then seats the people waiting (communities.actions.fill_after_lapse)."""
    return SeatHold.objects.filter(
        community=locked, outcome=SeatHold.Outcome.PENDING, deadline__lte=timezone.now()
    ).update(outcome=SeatHold.Outcome.LAPSED, answered_at=timezone.now())
