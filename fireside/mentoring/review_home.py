"""Home tasks for connections under review (fireside.lib.home): a partner's connection to
confirm or dispute, and disputed connections for a group's facilitators to settle.

Both read a yes/no flag on each membership row (communities/places.register_membership_flag),
so a home with nothing to review makes no query here; otherwise one query each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.communities.access import FACILITATING
from fireside.communities.places import flagged, register_membership_flag
from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.mentoring.models import REVIEW_DAYS, Connection, PairMember


def _recent(now: dt.datetime) -> dt.datetime:
    """Asked while it is still pending: after REVIEW_DAYS it counts unless disputed."""
    return now - dt.timedelta(days=REVIEW_DAYS)


def _to_review(user: Any) -> Any:
    return Exists(
        Connection.objects.awaiting_review_by(user.pk).filter(
            pairing__community=OuterRef("community"), created_at__gt=_recent(timezone.now())
        )
    )


def _to_settle(user: Any) -> Any:
    return Exists(
        Connection.objects.disputed_unsettled().filter(pairing__community=OuterRef("community"))
    )


def connections_to_review(viewer: Viewer) -> list[Task]:
    groups = {m.community_id: m.community for m in flagged(viewer.places, "connections_to_review")}
    if not groups:
        return []
    rows = list(
        Connection.objects.awaiting_review_by(viewer.user.pk)
        .filter(pairing__community_id__in=groups, created_at__gt=_recent(viewer.now))
        .select_related("logged_by", "pairing")
        .defer("note", "dispute_note")
        .order_by("happened_on", "pk")[:10]
    )
    tasks = []
    for c in rows:
        who = c.logged_by.display_name if c.logged_by else _("your partner")
        tasks.append(
            Task(
                kind="connection-to-confirm",
                urgency=Urgency.THIS_WEEK,
                title=_("Did you meet %(name)s on %(day)s?")
                % {"name": who, "day": date_format(c.happened_on, "l j F")},
                detail=ngettext(
                    "%(group)s · %(n)s minute logged. Confirm it, or say it did not happen.",
                    "%(group)s · %(n)s minutes logged. Confirm it, or say it did not happen.",
                    c.minutes,
                )
                % {"group": groups[c.pairing.community_id].name, "n": c.minutes},
                action=_("Confirm or dispute"),
                url=reverse("mentoring:pair", args=[c.pairing_id]) + f"#connection-{c.pk}",
            )
        )
    return tasks


def disputes_to_settle(viewer: Viewer) -> list[Task]:
    led = {
        r.community_id
        for r in viewer.places.roles_in(
            (m.community_id for m in flagged(viewer.places, "connections_to_settle")),
            FACILITATING,
        )
    }
    if not led:
        return []
    # Not their own pair's disputes: another facilitator settles those.
    own = PairMember.objects.filter(pairing=OuterRef("pairing"), user=viewer.user)
    counted = dict(
        Connection.objects.disputed_unsettled()
        .filter(pairing__community_id__in=led)
        .exclude(Exists(own))
        .order_by()
        .values("pairing__community_id")
        .annotate(n=Count("pk"))
        .values_list("pairing__community_id", "n")
    )
    groups = {m.community_id: m.community for m in viewer.places.active}
    return [
        Task(
            kind="connections-to-settle",
            urgency=Urgency.THIS_WEEK,
            title=ngettext(
                "%(n)s disputed connection to settle in %(group)s",
                "%(n)s disputed connections to settle in %(group)s",
                n,
            )
            % {"n": n, "group": groups[community_id].name},
            detail=_("A partner said it did not happen: decide whether it counts."),
            action=_("Settle"),
            url=reverse("mentoring:pairings", args=[community_id]) + "#disputes",
            count=n,
        )
        for community_id, n in sorted(counted.items())
        if n
    ]


def register_all() -> None:
    register_membership_flag("connections_to_review", _to_review)
    register_membership_flag("connections_to_settle", _to_settle)
    register_tasks(connections_to_review, order=39)
    register_tasks(disputes_to_settle, order=44)
