"""What communities store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register, rows
from fireside.communities.actions import _fill_seats, do_leave_all_for_erasure
from fireside.communities.models import (
    Community,
    CommunityRole,
    GroupProposal,
    Membership,
    MentorAssignment,
    SeatHold,
    SeatOffer,
)

RECORD = (
    "Who did this for the group is part of its shared record; after erasure it shows "
    "as a former member."
)

PROPOSAL_TEXT = (
    "name",
    "purpose",
    "audience",
    "region",
    "mode",
    "why",
    "state",
    "decision_note",
)


def erase_for(user: User) -> None:
    do_leave_all_for_erasure(user=user)
    # Why they left was for them alone.
    Membership.objects.filter(user=user).update(left_reason="")
    # A former mentor supports no group: nobody is reminded or invited in their place.
    MentorAssignment.objects.filter(mentor=user).delete()
    # A seat kept for them next year goes to the people waiting.
    for hold in SeatHold.objects.filter(user=user, outcome=SeatHold.Outcome.PENDING):
        with transaction.atomic():
            locked = Community.objects.select_for_update().get(pk=hold.community_id)
            SeatHold.objects.filter(pk=hold.pk).update(
                outcome=SeatHold.Outcome.DECLINED, answered_at=timezone.now()
            )
            _fill_seats(locked)
    # Their ideas for groups, and the answers to them: theirs. A group opened from one stays.
    GroupProposal.objects.filter(proposed_by=user).delete()


def register_all() -> None:
    register(
        app="communities",
        sections=(
            Section(
                "memberships",
                lambda user: rows(
                    Membership.objects.filter(user=user).order_by("requested_at"),
                    "community_id",
                    "status",
                    "requested_at",
                    "joined_on",
                    "left_at",
                    "left_reason",
                    "agreement_accepted_at",
                    community_name="community__name",
                    agreement_version="agreement__version",
                ),
                claims=(Claim("communities.Membership", ("user",), ("left_reason",)),),
            ),
            Section(
                "seat_offers",
                lambda user: rows(
                    SeatOffer.objects.filter(user=user),
                    "to_community_id",
                    "outcome",
                    "created_at",
                    "answered_at",
                ),
                claims=(Claim("communities.SeatOffer", people=("user",)),),
            ),
            Section(
                "seats_kept_for_next_year",
                lambda user: rows(
                    SeatHold.objects.filter(user=user).order_by("created_at", "pk"),
                    "community_id",
                    "outcome",
                    "deadline",
                    "created_at",
                    "answered_at",
                    community_name="community__name",
                ),
                claims=(Claim("communities.SeatHold", people=("user",)),),
            ),
            Section(
                "community_roles",
                lambda user: rows(
                    CommunityRole.objects.filter(user=user),
                    "community_id",
                    "role",
                    "assigned_at",
                    "confirmed_at",
                    "ended_at",
                ),
                claims=(Claim("communities.CommunityRole", people=("user",)),),
            ),
            Section(
                "groups_mentored",
                lambda user: rows(
                    MentorAssignment.objects.filter(mentor=user).order_by("assigned_at", "pk"),
                    "community_id",
                    "assigned_at",
                    community_name="community__name",
                ),
                claims=(Claim("communities.MentorAssignment", people=("mentor",)),),
            ),
            Section(
                "group_proposals",
                lambda user: rows(
                    GroupProposal.objects.filter(proposed_by=user).order_by("created_at", "pk"),
                    "program_id",
                    *PROPOSAL_TEXT,
                    "wants_to_facilitate",
                    "created_at",
                    "decided_at",
                    "community_id",
                ),
                claims=(
                    Claim("communities.GroupProposal", people=("proposed_by",), text=PROPOSAL_TEXT),
                ),
            ),
        ),
        exempt=(
            Exempt("communities.GroupProposal", ("decided_by",), RECORD),
            Exempt("communities.Agreement", ("created_by", "text"), RECORD),
            Exempt("communities.CommunityRole", ("confirmed_by",), RECORD),
            Exempt("communities.MentorAssignment", ("assigned_by",), RECORD),
            Exempt(
                "communities.SeatOffer",
                ("offered_by", "token"),
                f"{RECORD} The token is a secret link, used once.",
            ),
        ),
        erase=erase_for,
        erase_order=10,
    )
