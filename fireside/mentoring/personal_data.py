"""What peer mentoring stores about a person (see fireside/accounts/personal_data.py): the
export of their pairs, connections and reflections, and what erasure removes."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register
from fireside.mentoring import pair_space, partner_requests, questionnaire
from fireside.mentoring.actions import do_end_pairing
from fireside.mentoring.models import (
    Connection,
    Pairing,
    PairMember,
    Reflection,
    ReflectionReminder,
    ReflectionReminderStop,
)


def export_for(user: User) -> dict[str, Any]:
    """What peer mentoring stores about this person, for their own export only."""
    memberships = PairMember.objects.filter(user=user).select_related("pairing")
    pairings = []
    for m in memberships.order_by("pairing__starts_on", "pk"):
        pairings.append(
            {
                "pairing_id": m.pairing_id,
                "community_id": m.pairing.community_id,
                "partners": [
                    p.user.display_name
                    for p in PairMember.objects.filter(pairing_id=m.pairing_id)
                    .exclude(user=user)
                    .select_related("user")
                ],
                "starts_on": m.pairing.starts_on.isoformat(),
                "ended_on": m.pairing.ended_on.isoformat() if m.pairing.ended_on else None,
            }
        )
    return {
        "pairings": pairings,
        "connections_logged": [
            {
                "pairing_id": c.pairing_id,
                "date": c.happened_on.isoformat(),
                "minutes": c.minutes,
                "format": c.format,
                "note": c.note,
            }
            for c in Connection.objects.filter(logged_by=user).order_by("happened_on", "pk")
        ],
        # Their own words when they said a partner's connection did not happen.
        "connections_disputed": [
            {
                "pairing_id": c.pairing_id,
                "date": c.happened_on.isoformat(),
                "disputed_at": c.disputed_at.isoformat() if c.disputed_at else None,
                "dispute_note": c.dispute_note,
            }
            for c in Connection.objects.filter(disputed_by=user).order_by("happened_on", "pk")
        ],
        "connections_confirmed": [
            {"pairing_id": pairing_id, "date": day.isoformat()}
            for pairing_id, day in Connection.objects.filter(confirmed_by=user)
            .order_by("happened_on", "pk")
            .values_list("pairing_id", "happened_on")
        ],
        "reflections": [
            {
                "program_id": r.program_id,
                "month": r.month.strftime("%Y-%m"),
                "prompt": r.prompt,
                "shared_with_program": r.shared_with_program,
                "body": r.body,
                "anything_else": r.anything_else,
                "shareable_excerpt": r.shareable_excerpt,
                "created_at": r.created_at.isoformat(),
                "updated_at": r.updated_at.isoformat(),
            }
            for r in Reflection.objects.filter(author=user).order_by("month", "pk")
        ],
        "reflection_reminders": [
            {"program_id": r.program_id, "month": r.month.strftime("%Y-%m")}
            for r in ReflectionReminder.objects.filter(user=user).order_by("month", "pk")
        ],
        "reflection_reminders_stopped": ReflectionReminderStop.objects.filter(user=user).exists(),
    }


def do_erase_for(*, user: User) -> None:
    """On erasure: reflections go, connection notes go, open pairs end. The connections
    themselves stay (the partner's record of time spent together), without the writer."""
    with transaction.atomic():
        for member in PairMember.objects.filter(user=user, ended_on__isnull=True):
            do_end_pairing(actor=user, pairing=member.pairing)
        Reflection.objects.filter(author=user).delete()
        ReflectionReminder.objects.filter(user=user).delete()
        ReflectionReminderStop.objects.filter(user=user).delete()
        Connection.objects.filter(logged_by=user).update(note="", logged_by=None)
        # Whether a connection was confirmed, disputed or settled stays (it decides the
        # partner's hours); who did it, and the words of a dispute, go.
        Connection.objects.filter(disputed_by=user).update(dispute_note="", disputed_by=None)
        Connection.objects.filter(confirmed_by=user).update(confirmed_by=None)
        Connection.objects.filter(settled_by=user).update(settled_by=None)


def erase_for(user: User) -> None:
    """Besides what mentoring's own eraser does: the matching reasons of their pairs name
    and describe them (interests, region, free times), so they go."""
    do_erase_for(user=user)
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
                export_for,
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
