"""Who may see which certificate.

- Anyone with a code may verify it: valid or not, for whom, which program, how many hours,
  issued when. Nothing else (not the reason for a revocation, not the period's details).
- The PDF is its holder's only; everyone else gets 404.
- A program's coordinators see its certificates (names, codes, hours: no content), issue them
  in bulk and revoke them.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from fireside.certificates.models import BulkIssue, Certificate, normalize_code
from fireside.lib.errors import Refused
from fireside.programs.access import program_standing


def get_certificate(code: object) -> Certificate:
    """By its code, for anyone; 404 for a code that is not one or matches nothing."""
    normal = normalize_code(code)
    if normal is None:
        raise Refused(404)
    return get_object_or_404(Certificate.objects.select_related("program"), code=normal)


def get_certificate_for_holder(user: Any, code: object) -> Certificate:
    certificate = get_certificate(code)
    if not getattr(user, "is_authenticated", False) or certificate.holder_id != user.pk:
        raise Refused(404)
    return certificate


def get_certificate_to_manage(user: Any, code: object) -> Certificate:
    certificate = get_certificate(code)
    if not program_standing(user, certificate.program).can_manage:
        raise Refused(403)
    return certificate


def get_batch_to_watch(user: Any, pk: int) -> BulkIssue:
    batch = get_object_or_404(BulkIssue.objects.select_related("program"), pk=pk)
    if not program_standing(user, batch.program).can_manage:
        raise Refused(403)
    return batch
