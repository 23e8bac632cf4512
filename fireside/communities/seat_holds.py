"""A seat kept in this year's group for a member of last year's: they keep it with one
click and their own acceptance of the agreement, or say no thank you; after the deadline
the seat opens to the people waiting (fireside/communities/rollover.py makes the holds)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.actions import _fill_seats, fill_after_lapse, join_refusal
from fireside.communities.models import Community, Membership, SeatHold
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, NotFoundError
from fireside.lib.mail import send_templated


def holds_waiting(user: User) -> QuerySet[SeatHold]:
    """The person's holds still open, soonest deadline first."""
    return SeatHold.objects.filter(
        user=user, outcome=SeatHold.Outcome.PENDING, deadline__gt=timezone.now()
    ).order_by("deadline", "pk")


def get_hold_for(user: User, hold_id: int) -> SeatHold:
    """A hold, for the person it is for only: 404 for anyone else."""
    hold = (
        SeatHold.objects.filter(pk=hold_id, user=user)
        .select_related("community__program", "user")
        .prefetch_related("community__agreements")
        .first()
    )
    if hold is None:
        raise NotFoundError(_("Not found."))
    return hold


def closed_message(hold: SeatHold) -> str:
    if hold.outcome == SeatHold.Outcome.KEPT:
        return _("You already kept your seat in %(name)s.") % {"name": hold.community.name}
    if hold.outcome == SeatHold.Outcome.DECLINED:
        return _("You said no thank you to a seat in %(name)s.") % {"name": hold.community.name}
    return _(
        "The seat in %(name)s was kept for you until the deadline, which has passed; it is "
        "open to others now. You can still ask to join the group from its page."
    ) % {"name": hold.community.name}


def is_open(hold: SeatHold) -> bool:
    return hold.outcome == SeatHold.Outcome.PENDING and hold.deadline > timezone.now()


def check_answer_hold(
    *, user: User, hold: SeatHold, keep: bool, agree_to_agreement: object = False
) -> Membership | None:
    """Keep the seat (a membership, the agreement accepted by the person) or decline it
    (the seat goes to the first person waiting). Returns the membership when kept."""
    if hold.user_id != user.pk:
        raise NotFoundError(_("Not found."))
    if keep and agree_to_agreement is not True:
        raise InvalidInput(
            _("To keep your seat, read the group's agreement and tick the box to accept it."),
            {"agree_to_agreement": [_("Accept the agreement to keep your seat.")]},
        )
    if keep:
        # The group is for them as for anyone joining: their role may have changed.
        refusal = join_refusal(user, hold.community)
        if refusal:
            raise NotAllowed(refusal)
    now = timezone.now()
    with transaction.atomic():
        locked = Community.objects.select_for_update().get(pk=hold.community_id)
        current = SeatHold.objects.select_for_update().get(pk=hold.pk)
        if not is_open(current):
            if current.outcome == SeatHold.Outcome.PENDING:  # past its deadline
                fill_after_lapse(locked)
                current.refresh_from_db()
            raise Conflict(closed_message(current))
        current.answered_at = now
        if not keep:
            current.outcome = SeatHold.Outcome.DECLINED
            current.save(update_fields=["outcome", "answered_at"])
            record(user, "communities.decline_kept_seat", locked)
            _fill_seats(locked)
            return None
        current.outcome = SeatHold.Outcome.KEPT
        current.save(update_fields=["outcome", "answered_at"])
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    community=locked,
                    user=user,
                    status=Membership.Status.ACTIVE,
                    joined_on=timezone.localdate(),
                    agreement=locked.agreements.order_by("-version").first(),
                    agreement_accepted_at=now,
                )
        except IntegrityError as exc:
            raise Conflict(_("You are already in %(name)s.") % {"name": locked.name}) from exc
        record(user, "communities.keep_seat", locked)
        send_templated(
            "joined",
            {
                "user": user,
                "community": locked,
                "position": None,
                "commitments": list(locked.program.commitments.all()),
                "program": locked.program,
            },
            user.email,
        )
    return membership


def lapse_all() -> int:
    """Open the seats whose deadline passed, group by group, seating the people waiting.
    Run by the schedule (manage.py lapse_seat_holds); joining does the same lazily."""
    groups = (
        SeatHold.objects.filter(outcome=SeatHold.Outcome.PENDING, deadline__lte=timezone.now())
        .values_list("community_id", flat=True)
        .distinct()
    )
    seated = 0
    for community_id in sorted(set(groups)):
        with transaction.atomic():
            locked = Community.objects.select_for_update().get(pk=community_id)
            seated += len(fill_after_lapse(locked))
    return seated
