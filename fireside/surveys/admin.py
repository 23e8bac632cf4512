"""Operators see that surveys exist and when they run; never an answer, who answered, or
anyone's confidence check (none of those models is registered here). Drafts are their
builder's alone until published: not listed here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from fireside.lib.admin import MetadataOnly
from fireside.surveys.models import Survey


@admin.register(Survey)
class SurveyAdmin(MetadataOnly, admin.ModelAdmin):
    list_display = ["title", "program", "community", "opens_on", "closes_on", "anonymous"]
    list_filter = ["program", "anonymous"]
    fields = readonly_fields = (
        "title",
        "program",
        "community",
        "created_by",
        "anonymous",
        "opens_on",
        "closes_on",
        "repeat_every_months",
        "closed_at",
        "published_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Survey]:
        return super().get_queryset(request).filter(published_at__isnull=False)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
