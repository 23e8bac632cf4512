"""The audit log names groups, roles and membership statuses, counts changes to a program's
groups among its accountable changes, and lets only those who manage a program read its log
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
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.programs.access import get_program_for
from fireside.programs.models import Program


def _names(ids: set[int], viewer: Any) -> dict[int, str]:
    return dict(Community.objects.filter(pk__in=ids).values_list("pk", "name"))


def _program_groups(pk: int) -> Q:
    groups = Community.objects.filter(program_id=pk).values("pk")
    return Q(target_type="communities.community", target_id__in=groups)


def _program_for_log(user: Any, pk: int) -> Program:
    program, _standing = get_program_for(user, pk, "manage")
    return program


register_kind(
    "community", _names, target_type="communities.community", gone=_("a group that was deleted")
)
register_labels("role", dict(CommunityRole.Role.choices))
register_labels("status", dict(Membership.Status.choices))
register_program_scope(_program_groups)
register_program_check(_program_for_log)
