"""Demo recorded time: most members say how long they spent in their group's online
conversations each past month, and facilitators record preparation and debrief for most
gatherings they held. `keep_for_trying`: emails of people whose last month is left to
record, so the home asks them. Goes through the actions, so every cap and rule holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.utils import timezone

from fireside.communities.access import FACILITATING
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.gatherings.models import Gathering
from fireside.hours import time
from fireside.hours.counting import today_in
from fireside.lib.errors import ActionError
from fireside.programs.models import Program

ONLINE_MINUTES = (30, 45, 60, 25, 90, 40, 15)
PREPARATION_MINUTES = (40, 35, 50, 30, 45)


def seed_recorded_time(program: Program, *, keep_for_trying: Collection[str] = frozenset()) -> int:
    """Returns how many entries were recorded."""
    made = 0
    for community in Community.objects.filter(program=program).order_by("pk"):
        made += _online(program, community, keep_for_trying) + _preparation(community)
    return made


def _online(program: Program, community: Community, keep_for_trying: Collection[str]) -> int:
    made = 0
    this_month = today_in(program).replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    places = Membership.objects.filter(
        community=community, status=Membership.Status.ACTIVE, joined_on__isnull=False
    ).select_related("user", "community__program")
    for index, place in enumerate(places.order_by("pk")):
        if index % 4 == 3:
            continue  # some never record: their hours show without it
        for n, month in enumerate(time.online_months(program, place.joined_on)):
            if month == this_month:
                continue
            if month == last_month and place.user.email in keep_for_trying:
                continue
            try:
                time.do_record_online_time(
                    user=place.user,
                    community=community,
                    month=month,
                    minutes=ONLINE_MINUTES[(index + n) % len(ONLINE_MINUTES)],
                )
            except ActionError:
                continue
            made += 1
    return made


def _preparation(community: Community) -> int:
    made = 0
    facilitators = [
        r.user
        for r in CommunityRole.objects.current()
        .filter(community=community, role__in=FACILITATING)
        .select_related("user")
    ]
    held = Gathering.objects.filter(
        community=community, cancelled_at__isnull=True, starts_at__lt=timezone.now()
    ).select_related("community__program")
    for n, gathering in enumerate(held.order_by("starts_at")):
        if n % 5 == 4:
            continue
        for facilitator in facilitators:
            try:
                time.do_record_preparation_time(
                    user=facilitator,
                    gathering=gathering,
                    minutes=PREPARATION_MINUTES[n % len(PREPARATION_MINUTES)],
                )
            except ActionError:
                continue
            made += 1
    return made
