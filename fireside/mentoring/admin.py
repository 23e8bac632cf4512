"""Operators see the shape of peer mentoring (who is paired since when, how many minutes),
never its words: no connection notes, no reflection text, no excerpts (an excerpt is
shared without a name; beside its author's name it would not be anonymous). Not even a
reflection shared with its program: its program's coordinators read it there, operators don't."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fireside.lib.admin import MetadataOnly
from fireside.mentoring.models import Connection, Pairing, PairMember, Reflection


class ReadOnly(MetadataOnly, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PairMemberInline(admin.TabularInline):
    model = PairMember
    fields = readonly_fields = ("user", "ended_on", "nudged_after")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Pairing)
class PairingAdmin(ReadOnly):
    list_display = ["pk", "community", "starts_on", "ended_on"]
    list_filter = ["community__program"]
    fields = readonly_fields = (
        "community",
        "starts_on",
        "ended_on",
        "created_by",
        "ended_by",
    )
    inlines = [PairMemberInline]


@admin.register(Connection)
class ConnectionAdmin(ReadOnly):
    list_display = ["pk", "pairing", "happened_on", "minutes", "format"]
    list_filter = ["format"]
    fields = readonly_fields = (
        "pairing",
        "logged_by",
        "happened_on",
        "minutes",
        "format",
        "created_at",
    )


@admin.register(Reflection)
class ReflectionAdmin(ReadOnly):
    list_display = [
        "pk",
        "author",
        "program",
        "month",
        "shared_with_program",
        "shares_excerpt",
        "updated_at",
    ]
    list_filter = ["program", "shared_with_program"]
    # No body, no "anything else", no excerpt: see the module's docstring.
    fields = readonly_fields = (
        "author",
        "program",
        "month",
        "prompt",
        "shared_with_program",
        "created_at",
        "updated_at",
        "shares_excerpt",
    )

    @admin.display(boolean=True, description="shares an excerpt")
    def shares_excerpt(self, obj: Reflection) -> bool:
        return obj.shares_excerpt
