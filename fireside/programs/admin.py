from django.contrib import admin

from fireside.lib.admin import MetadataOnly
from fireside.programs.models import CommitmentPeriod, Program, ProgramStaff


class CommitmentInline(admin.TabularInline):
    model = CommitmentPeriod
    extra = 0


class StaffInline(admin.TabularInline):
    model = ProgramStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Program)
class ProgramAdmin(MetadataOnly, admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "timezone", "max_group_size"]
    search_fields = ["name"]
    inlines = [CommitmentInline, StaffInline]
