"""The outgoing-email queue in the admin: when and how each email went, never its words or
its recipients (the content is kept only until the email is sent). And the scheduled runs:
when each job ran, for which period, and how it ended."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fireside.lib.admin import MetadataOnly
from fireside.ops.models import OutgoingEmail, ScheduledRun


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(MetadataOnly, admin.ModelAdmin):
    list_display = ["pk", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    readonly_fields = (
        "template",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "attempted_at",
        "next_attempt_at",
        "sent_at",
        "message_id",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(MetadataOnly, admin.ModelAdmin):
    list_display = ["job", "period", "started_at", "finished_at", "error"]
    list_filter = ["job"]
    readonly_fields = ("job", "period", "worker", "started_at", "finished_at", "summary", "error")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
