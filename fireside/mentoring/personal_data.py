"""What peer mentoring stores about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register
from fireside.mentoring import actions, pair_space, partner_requests, questionnaire
from fireside.mentoring.models import Pairing


def erase_for(user: User) -> None:
    """Besides what mentoring's own eraser does: the matching reasons of their pairs name
    and describe them (interests, region, free times), so they go."""
    actions.do_erase_for(user=user)
    partner_requests.do_erase_for(user=user)
    pair_space.erase_for(user)
    Pairing.objects.filter(people=user).update(reasons=[])


def register_all() -> None:
    register(
        app="mentoring_matching",
        sections=(
            Section(
                "matching_answers",
                questionnaire.export_for,
                claims=(Claim("mentoring.MatchingAnswer", ("user",)),),
            ),
        ),
        erase=questionnaire.erase_for,
        erase_order=19,
    )
    register(
        app="mentoring",
        sections=(
            Section(
                "peer_mentoring",
                actions.export_for,
                claims=(
                    Claim("mentoring.Pairing", people=("people",)),
                    Claim("mentoring.PairMember", people=("user",)),
                    Claim("mentoring.Connection", ("logged_by",), ("note",)),
                    # A dispute's words are the disputer's: in their export, not the
                    # writer's (who reads them on the pair's page).
                    Claim("mentoring.Connection", ("disputed_by",), ("dispute_note",)),
                    Claim("mentoring.Connection", ("confirmed_by",)),
                    Claim(
                        "mentoring.Reflection",
                        ("author",),
                        ("prompt", "body", "anything_else", "shareable_excerpt"),
                    ),
                    Claim("mentoring.ReflectionReminder", ("user",)),
                    Claim("mentoring.ReflectionReminderStop", ("user",)),
                ),
            ),
            Section(
                "partner_requests",
                partner_requests.export_for,
                claims=(
                    # The note is its writer's, the sender; the recipient reads it.
                    Claim("mentoring.PartnerRequest", ("from_user",), ("note",)),
                    Claim("mentoring.PartnerRequest", ("to_user",)),
                ),
            ),
            # A pair's goals and catch-ups are both partners': in each one's export.
            Section(
                "pair_space",
                pair_space.export_for,
                claims=(
                    Claim("mentoring.PairGoal", ("created_by",), ("text",)),
                    Claim("mentoring.CatchUp", ("created_by", "changed_by"), ("where",)),
                    Claim("mentoring.CatchUpReminder", ("user",)),
                ),
            ),
        ),
        exempt=(
            Exempt(
                "mentoring.Pairing",
                ("created_by", "ended_by", "reasons"),
                "Who formed or ended a pair is the group's record (a former member after "
                "erasure); the matching reasons were written for the facilitator, and "
                "erasure empties them.",
            ),
            Exempt(
                "mentoring.CatchUp",
                ("uid",),
                "A catch-up's calendar identifier is made by Fireside, not said by anyone; "
                "the export gives the catch-up itself.",
            ),
            Exempt(
                "mentoring.Connection",
                ("settled_by",),
                "The facilitator who settled a disputed connection acted for the group, on "
                "another pair's record; erasure removes their name from it.",
            ),
        ),
        erase=erase_for,
        erase_order=20,
    )
