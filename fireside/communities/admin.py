from django.contrib import admin

from fireside.communities.models import Community, Membership
from fireside.lib.admin import MetadataOnly


@admin.register(Community)
class CommunityAdmin(MetadataOnly, admin.ModelAdmin):
    """Operators see a group's shape (seats, audience), never what members share in it."""

    list_display = ["name", "program", "audience", "region", "mode", "capacity"]
    list_filter = ["program", "mode", "audience"]
    search_fields = ["name", "region"]


@admin.register(Membership)
class MembershipAdmin(MetadataOnly, admin.ModelAdmin):
    """Who is in which group since when. Why someone left is theirs: it is not shown."""

    list_display = ["community", "user", "status", "joined_on"]
    list_filter = ["status", "community__program"]
    search_fields = ["community__name", "user__email"]
    raw_id_fields = ["community", "user", "agreement"]
    fields = [
        "community",
        "user",
        "status",
        "joined_on",
        "requested_at",
        "left_at",
        "agreement",
        "agreement_accepted_at",
    ]
    readonly_fields = ["requested_at", "left_at"]
