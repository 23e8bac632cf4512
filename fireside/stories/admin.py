"""Operators see that stories exist and how they are shared, never their words: no title,
no parts (a story shared without a name is not anonymous beside its author's name)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fireside.lib.admin import MetadataOnly
from fireside.stories.models import Story


@admin.register(Story)
class StoryAdmin(MetadataOnly, admin.ModelAdmin):
    list_display = ["pk", "author", "community", "shared_with_group", "shared_with_program"]
    list_filter = ["community__program"]
    fields = readonly_fields = (
        "author",
        "community",
        "cycles",
        "shared_with_group_at",
        "shared_with_program_at",
        "created_at",
        "updated_at",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="cycles told")
    def cycles(self, obj: Story) -> str:
        return ", ".join(obj.cycles)

    @admin.display(boolean=True, description="shared with the group")
    def shared_with_group(self, obj: Story) -> bool:
        return obj.is_shared_with_group

    @admin.display(boolean=True, description="shared with the program")
    def shared_with_program(self, obj: Story) -> bool:
        return obj.is_shared_with_program
