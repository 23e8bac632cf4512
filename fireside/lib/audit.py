"""The audit trail: every action that changes shared state records one event.

The events are stored by the audit app, which registers its model here when Django starts
(fireside/audit/apps.py): lib sits below every app and imports none of them
(docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

_event_model: Any = None


def register_event_model(model: Any) -> None:
    """Called once by fireside.audit: the model `record` writes to (AuditEvent)."""
    global _event_model
    _event_model = model


def event_model() -> Any:
    if _event_model is None:
        raise ImproperlyConfigured("The audit trail needs fireside.audit in INSTALLED_APPS.")
    return _event_model


def record(actor: Any, verb: str, target: models.Model | None = None, **data: Any) -> None:
    event_model().objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=target.pk if target is not None else None,
        data=data,
    )
