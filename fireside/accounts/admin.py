from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from fireside.accounts.models import User
from fireside.lib.admin import MetadataOnly


@admin.register(User)
class UserAdmin(MetadataOnly, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role_type", "region", "is_staff", "is_active", "date_joined"]
    list_filter = ["role_type", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    readonly_fields = ["date_joined", "last_login", "email_verified_at"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            "Profile",
            {"fields": ("name", "pronouns", "role_type", "region", "interests", "availability")},
        ),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("date_joined", "last_login", "email_verified_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )
