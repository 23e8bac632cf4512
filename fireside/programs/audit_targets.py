"""The audit log names programs and their staff roles, counts changes to a program among its
accountable changes, and lets only those who manage a program read its log
(fireside/audit/targets.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fireside.audit.targets import (
    register_kind,
    register_labels,
    register_program_check,
    register_program_scope,
)
from fireside.programs.access import get_program_for
from fireside.programs.models import Program, ProgramStaff


def _names(ids: set[int], viewer: Any) -> dict[int, str]:
    return dict(Program.objects.filter(pk__in=ids).values_list("pk", "name"))


def _program_for_log(user: Any, pk: int) -> Program:
    program, _standing = get_program_for(user, pk, "manage")
    return program


register_kind(
    "program", _names, target_type="programs.program", gone=_("a program that was deleted")
)
register_labels("role", dict(ProgramStaff.Role.choices))
register_program_scope(lambda pk: Q(target_type="programs.program", target_id=pk))
register_program_check(_program_for_log)
