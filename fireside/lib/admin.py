"""What every ModelAdmin shares: operators see metadata, never what people wrote.

Django's delete confirmation lists every object a deletion would take with it, by its
`str()`, and some of those are words (a notification's text quotes a thread's title or a
recognition; a certificate names its verification code). Here the list holds each
object's kind and number instead; the per-kind counts stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.db import models, router
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst


def label(obj: models.Model) -> str:
    return f"{capfirst(obj._meta.verbose_name)} #{obj.pk}"


if TYPE_CHECKING:  # generic in django-stubs only, not when Django runs
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = admin.ModelAdmin


class MetadataOnly(_ModelAdmin):
    """Mix in first: `class ThingAdmin(MetadataOnly, admin.ModelAdmin)`."""

    def get_deleted_objects(
        self, objs: Sequence[Any] | QuerySet[Any], request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        _listed, model_count, perms_needed, _protected = super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(list(objs))
        protected = [label(obj) for obj in collector.protected]
        return [label(obj) for obj in objs], model_count, perms_needed, protected
