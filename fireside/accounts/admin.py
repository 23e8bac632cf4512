from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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


# Two-step sign-in devices: when they were made and used, never their key or codes. Staff
# can delete a person's devices when they lost both their phone and their recovery codes
# (after checking who they are), which turns two-step sign-in off for them.
@admin.register(TOTPDevice)
class TOTPDeviceAdmin(MetadataOnly, admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = ["user", "name", "confirmed", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(StaticDevice)
class StaticDeviceAdmin(MetadataOnly, admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    search_fields = ["user__email"]
    fields = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


def _sign_in_through_fireside(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's own sign-in form would take a password alone: send people to Fireside's,
    which asks for the two-step code when it is on."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(target, login_url=reverse("accounts:login"))


admin.site.login = _sign_in_through_fireside  # type: ignore[method-assign]
