"""Who may import participants: the program's coordinators, and no one else (staff
included: they name coordinators, they do not enrol people)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from fireside.enrolment.models import EnrolmentImport
from fireside.lib.errors import Refused
from fireside.programs.access import program_standing


def get_import_to_manage(user: Any, pk: int) -> EnrolmentImport:
    record = get_object_or_404(EnrolmentImport.objects.select_related("program"), pk=pk)
    if not program_standing(user, record.program).can_manage:
        raise Refused(403)
    return record
