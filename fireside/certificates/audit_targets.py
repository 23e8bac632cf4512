"""The audit log counts a program's certificates among its accountable changes
(fireside/audit/targets.py)."""

from __future__ import annotations

from django.db.models import Q

from fireside.audit.targets import register_program_scope

register_program_scope(lambda pk: Q(target_type__startswith="certificates.", data__program_id=pk))
