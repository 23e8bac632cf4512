"""Seat offers: a coordinator offers a person waiting for one group a seat in another of the
program's groups, and the person accepts or declines it; nothing moves until they accept."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.actions import _end, _live, join_refusal
from fireside.communities.models import Community, Membership, SeatOffer
from fireside.communities.seats import taken_seats
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, NotFoundError, Unprocessable
from fireside.lib.mail import send_templated


def check_offer_seat(*, actor: User, membership: Membership, to_community: Community) -> SeatOffer:
    """A coordinator offers a person waiting for one group a seat in another of the
    program's groups; nothing moves until the person accepts."""
    if membership.status != Membership.Status.WAITLISTED:
        raise Conflict(
            _("%(name)s is not waiting for a seat.") % {"name": membership.user.display_name}
        )
    if to_community.pk == membership.community_id:
        raise InvalidInput(_("Choose a different group."))
    if to_community.program_id != membership.community.program_id:
        raise InvalidInput(_("Seats can only be offered in a group of the same program."))
    refusal = join_refusal(membership.user, to_community)
    if refusal:
        raise Unprocessable(
            _("%(name)s cannot join: %(refusal)s")
            % {"name": membership.user.display_name, "refusal": refusal}
        )
    if _live(to_community).filter(user=membership.user).exists():
        raise Conflict(
            _("%(name)s is already in %(name2)s.")
            % {"name": membership.user.display_name, "name2": to_community.name}
        )
    if taken_seats(to_community) >= to_community.capacity:
        raise Conflict(_("%(name)s has no open seat.") % {"name": to_community.name})
    if SeatOffer.objects.filter(
        membership=membership, to_community=to_community, outcome=SeatOffer.Outcome.PENDING
    ).exists():
        raise Conflict(_("That seat has already been offered; the person has not answered yet."))
    with transaction.atomic():
        offer = SeatOffer.objects.create(
            user=membership.user,
            membership=membership,
            to_community=to_community,
            token=secrets.token_urlsafe(32),
            offered_by=actor,
        )
        record(actor, "communities.offer_seat", to_community, user_id=membership.user_id)
        send_templated(
            "seat_offer",
            {
                "user": membership.user,
                "offer": offer,
                "from_community": membership.community,
                "community": to_community,
                "url": reverse("communities:offer", kwargs={"offer_token": offer.token}),
            },
            membership.user.email,
        )
    return offer


def check_answer_offer(
    *, user: User, offer: SeatOffer, accept: bool, agree_to_agreement: object = False
) -> Membership | None:
    """The person accepts (taking the seat, leaving the old waitlist) or declines (staying
    where they were). Returns the new membership when accepted."""
    if offer.user_id != user.pk:
        raise NotFoundError(_("This offer is not for you."))
    if offer.outcome != SeatOffer.Outcome.PENDING:
        raise Conflict(
            _("This offer is closed (%(lower)s).") % {"lower": offer.get_outcome_display().lower()}
        )
    if accept and agree_to_agreement is not True:
        raise InvalidInput(
            _("To take the seat, read the group's agreement and tick the box to accept it."),
            {"agree_to_agreement": [_("Accept the agreement to join.")]},
        )
    refusal = join_refusal(user, offer.to_community) if accept else None
    if refusal:
        # Offered when the group was for them; their profile may have changed since.
        raise NotAllowed(refusal)
    now = timezone.now()
    with transaction.atomic():
        locked_offer = SeatOffer.objects.select_for_update().get(pk=offer.pk)
        if locked_offer.outcome != SeatOffer.Outcome.PENDING:
            raise Conflict(_("This offer is closed."))
        if not accept:
            locked_offer.outcome = SeatOffer.Outcome.DECLINED
            locked_offer.answered_at = now
            locked_offer.save(update_fields=["outcome", "answered_at"])
            record(user, "communities.decline_seat", offer.to_community)
            return None
        target = Community.objects.select_for_update().get(pk=offer.to_community_id)
        if taken_seats(target) >= target.capacity:
            raise Conflict(
                _(
                    "Sorry, the seat in %(name)s was taken meanwhile. You keep your place on "
                    "your waitlist."
                )
                % {"name": target.name}
            )
        if _live(target).filter(user=user).exists():
            raise Conflict(_("You are already in %(name)s.") % {"name": target.name})
        old = (
            Membership.objects.select_for_update().get(pk=offer.membership_id)
            if offer.membership_id
            else None
        )
        membership = Membership.objects.create(
            community=target,
            user=user,
            status=Membership.Status.ACTIVE,
            joined_on=timezone.localdate(),
            agreement=target.agreements.order_by("-version").first(),
            agreement_accepted_at=now,
        )
        locked_offer.outcome = SeatOffer.Outcome.ACCEPTED
        locked_offer.answered_at = now
        locked_offer.save(update_fields=["outcome", "answered_at"])
        if old is not None and old.status == Membership.Status.WAITLISTED:
            _end(old, f"Moved to {target.name}")
        record(
            user,
            "communities.accept_seat",
            target,
            from_community_id=old.community_id if old else None,
        )
        send_templated(
            "joined",
            {
                "user": user,
                "community": target,
                "position": None,
                "commitments": list(target.program.commitments.all()),
                "program": target.program,
            },
            user.email,
        )
    return membership
