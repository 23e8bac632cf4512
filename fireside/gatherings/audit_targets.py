"""The audit log names gatherings, and counts attendance corrections in a program's
gatherings among its accountable changes (fireside/audit/targets.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.audit.targets import register_kind, register_program_scope
from fireside.communities.models import Membership
from fireside.gatherings.models import Gathering
from fireside.programs.models import ProgramStaff


def _names(ids: set[int], viewer: Any) -> dict[int, str]:
    """A gathering's title is part of its group's schedule: only a viewer who may read that
    schedule (its members, the program's mentors and coordinators) sees it; staff otherwise
    read "a gathering", and the admin (no viewer) always does."""
    viewer_pk = viewer.pk if viewer is not None else 0  # no row has id 0: nobody
    return {
        g.pk: (
            f"{g.title} ({date_format(g.local_start, 'j M Y')})"
            if g.member or g.staffed
            else _("a gathering")
        )
        for g in Gathering.objects.filter(pk__in=ids)
        .only("pk", "title", "starts_at", "timezone")
        .annotate(
            member=Exists(
                Membership.objects.filter(
                    community=OuterRef("community"),
                    user_id=viewer_pk,
                    status=Membership.Status.ACTIVE,
                )
            ),
            staffed=Exists(  # coordinators and mentors alike read the schedule
                ProgramStaff.objects.filter(
                    program=OuterRef("community__program"), user_id=viewer_pk
                )
            ),
        )
    }


def _program_corrections(pk: int) -> Q:
    gatherings = Gathering.objects.filter(community__program_id=pk).values("pk")
    return Q(verb="gatherings.attendance_corrected", gathering__in=gatherings)


register_kind("gathering", _names)
register_program_scope(_program_corrections)
