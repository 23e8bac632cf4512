"""The audit trail: every action that changes shared state records one event."""

from __future__ import annotations

from typing import Any

from django.db import models


def record(actor: Any, verb: str, target: models.Model | None = None, **data: Any) -> None:
    from fireside.audit.models import AuditEvent

    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=target.pk if target is not None else None,
        data=data,
    )
