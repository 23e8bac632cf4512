"""Nudging quiet pairs: one gentle email to each person in an open pair that has logged no
connection for QUIET_DAYS, once per quiet spell, in each person's own morning."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from fireside.communities.models import Membership
from fireside.communities.zones import people_in_zone
from fireside.lib.audit import record
from fireside.lib.mail import send_templated
from fireside.mentoring import matching
from fireside.mentoring.models import Connection, Pairing, PairMember

QUIET_DAYS = 14


def send_nudges(*, today: dt.date | None = None, zone: str | None = None) -> int:
    """One gentle email to each person in an open pair quiet for QUIET_DAYS, once per quiet
    spell. Only the pair is told. Everyone, or only the people whose zone
    (fireside.communities.zones) is `zone`, by that zone's date: the worker runs it in each
    zone at 09:00 there (`manage.py send_nudges [--zone=…]`), so partners in two zones are
    each told in their own morning. Safe to run twice. Returns the pairs nudged."""
    today = today or timezone.localdate(timezone=ZoneInfo(zone) if zone else None)
    cutoff = today - dt.timedelta(days=QUIET_DAYS)
    last_touch = Connection.objects.filter(pairing=OuterRef("pk")).order_by("-happened_on")
    seats = PairMember.objects.filter(ended_on__isnull=True)
    if zone is not None:
        seats = seats.filter(user__in=people_in_zone(zone))
    quiet = (
        Pairing.objects.open()
        .annotate(
            quiet_since=Coalesce(Subquery(last_touch.values("happened_on")[:1]), F("starts_on"))
        )
        .filter(quiet_since__lte=cutoff)
        .annotate(
            due=Exists(_not_nudged(seats.filter(pairing=OuterRef("pk")), OuterRef("quiet_since")))
        )
        .filter(due=True)
        .select_related("community")
        .with_people()
    )
    nudged = 0
    for pairing in quiet:
        since: dt.date = pairing.quiet_since  # type: ignore[attr-defined]
        with transaction.atomic():
            # The claim: one seat's conditional update succeeds for one run only, so each
            # person is told once per spell however many runs overlap.
            claimed = {
                seat.user_id
                for seat in pairing.members()
                if _not_nudged(seats.filter(pk=seat.pk), since).update(nudged_after=since)
            }
            if not claimed:
                continue  # another run got there first
            active = set(  # a partner from another group of the program is theirs too
                Membership.objects.filter(
                    community__program_id=pairing.community.program_id,
                    status=Membership.Status.ACTIVE,
                    user_id__in=claimed,
                ).values_list("user_id", flat=True)
            )
            for user in pairing.users():
                if user.pk not in claimed or user.pk not in active or not user.is_active:
                    continue
                send_templated(
                    "mentoring_nudge",
                    {
                        "user": user,
                        "partners": matching.join_words_lazy(
                            [u.display_name for u in pairing.partners_of(user.pk)]
                        ),
                        "community": pairing.community,
                        "pairing": pairing,
                        "days": (today - since).days,
                    },
                    user.email,
                )
            record(None, "mentoring.nudge", pairing, quiet_since=since.isoformat())
            nudged += 1
    return nudged


def _not_nudged(seats: QuerySet[PairMember], since: Any) -> QuerySet[PairMember]:
    """The seats not yet told about the quiet spell that began on `since`."""
    return seats.filter(Q(nudged_after__isnull=True) | Q(nudged_after__lt=since))
