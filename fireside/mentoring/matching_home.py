"""Home tasks that make suggestions better: say when you are usually free, and answer the
program's matching questions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.mentoring.models import Pairing


def availability_missing(viewer: Viewer) -> list[Task]:
    """For someone in a group that pairs people, while their availability grid is empty."""
    if viewer.user.availability_slots or not viewer.places.active:
        return []
    groups = [m.community_id for m in viewer.places.active]
    if not Pairing.objects.filter(community_id__in=groups).exists():
        return []
    return [
        Task(
            kind="availability-missing",
            urgency=Urgency.WHEN_YOU_CAN,
            title=_("Say when you are usually free"),
            detail=_(
                "Tick a few times in a week, so a peer partner who is free then is suggested."
            ),
            action=_("Fill in my times"),
            url=reverse("accounts:profile") + "#id_availability_slots",
        )
    ]


def register_all() -> None:
    register_tasks(availability_missing, order=43)
