"""The audit trail in the admin: who did what to which object, when. Its `data` is shown
through the same allowlist as the audit log pages, never as stored (a few actions note a
short free text there, such as why a certificate was revoked)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import admin
from django.http import HttpRequest
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from fireside.audit import log
from fireside.audit.models import AuditEvent
from fireside.lib import audit_verbs as verbs
from fireside.lib.admin import MetadataOnly


@admin.register(AuditEvent)
class AuditEventAdmin(MetadataOnly, admin.ModelAdmin):
    list_display = ["at", "actor", "verb", "target_type", "target_id"]
    list_filter = ["verb"]
    fields = readonly_fields = (
        "at",
        "actor",
        "verb",
        "what",
        "target_type",
        "target_id",
        "details",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="in plain words")
    def what(self, obj: AuditEvent) -> str:
        return verbs.words_for(obj.verb)

    @admin.display(description="details")
    def details(self, obj: AuditEvent) -> str:
        (row,) = log.rows([obj], ZoneInfo("UTC"))
        return " · ".join([row.target, *row.details])


# Background tasks: Django's task queue keeps each task's arguments, and an email task's
# arguments are the email itself (what someone replied, why a post was flagged). The admin
# shows when and how each task ran, never its arguments or what it returned.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskAdmin(MetadataOnly, DBTaskResultAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        hidden = {"args_kwargs", "return_value"}
        return [f for f in super().get_readonly_fields(request, obj) if f not in hidden]
