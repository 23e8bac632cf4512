from django.contrib import admin

from fireside.communities.models import Community, Membership


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    """Operators see a group's shape (seats, audience), never what members share in it."""

    list_display = ["name", "program", "audience", "region", "mode", "capacity"]
    list_filter = ["program", "mode", "audience"]
    search_fields = ["name", "region"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["community", "user", "status", "joined_on"]
    list_filter = ["status", "community__program"]
    search_fields = ["community__name", "user__email"]
    raw_id_fields = ["community", "user", "agreement"]
