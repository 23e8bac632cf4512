"""Operators see which certificates exist and whether they are valid: numbers and names, as
the verification page shows them. Revoking goes through the coordinator's page, so that it is
explained to the holder and audited; why a certificate was revoked is the holder's to read,
not shown here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fireside.certificates.models import BulkIssue, Certificate
from fireside.lib.admin import MetadataOnly


class ReadOnly(MetadataOnly, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnly):
    list_display = ["code", "holder_name", "program", "total_hours", "issued_on", "revoked_at"]
    list_filter = ["program"]
    search_fields = ["code", "holder_name"]
    fields = readonly_fields = (
        "code",
        "holder",
        "holder_name",
        "program",
        "period_start",
        "period_end",
        "gathering_hours",
        "connection_hours",
        "reflection_hours",
        "total_hours",
        "issued_on",
        "issued_by",
        "batch",
        "revoked_at",
        "revoked_by",
    )


@admin.register(BulkIssue)
class BulkIssueAdmin(ReadOnly):
    list_display = ["pk", "program", "status", "issued", "total", "failed", "created_at"]
    list_filter = ["status"]
    fields = readonly_fields = (
        "program",
        "requested_by",
        "period_start",
        "period_end",
        "notify",
        "status",
        "total",
        "issued",
        "failed",
        "task_id",
        "created_at",
        "started_at",
        "finished_at",
    )
