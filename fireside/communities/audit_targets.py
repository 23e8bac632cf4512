"""The audit log names groups, roles and membership statuses, and counts changes to a
program's groups among its accountable changes (fireside/audit/targets.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fireside.audit.targets import register_kind, register_labels, register_program_scope
from fireside.communities.models import Community, CommunityRole, Membership


def _names(ids: set[int], viewer: Any) -> dict[int, str]:
    return dict(Community.objects.filter(pk__in=ids).values_list("pk", "name"))


def _program_groups(pk: int) -> Q:
    groups = Community.objects.filter(program_id=pk).values("pk")
    return Q(target_type="communities.community", target_id__in=groups)


register_kind(
    "community", _names, target_type="communities.community", gone=_("a group that was deleted")
)
register_labels("role", dict(CommunityRole.Role.choices))
register_labels("status", dict(Membership.Status.choices))
register_program_scope(_program_groups)
