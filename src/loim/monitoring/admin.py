"""Django admin for platform superusers only; people use monitoring's own pages."""

from django.contrib import admin

from .models import ActivityReportNote, ManualValue, ObligationConfirmation, ReportBuild, ReportPart


@admin.register(ManualValue)
class ManualValueAdmin(admin.ModelAdmin):
    list_display = ["indicator_key", "year", "party", "value", "recorded_on"]
    list_filter = ["year", "indicator_key", "party"]


@admin.register(ObligationConfirmation)
class ObligationConfirmationAdmin(admin.ModelAdmin):
    list_display = ["obligation", "period_key", "party", "count"]


@admin.register(ActivityReportNote)
class ActivityReportNoteAdmin(admin.ModelAdmin):
    list_display = ["activity", "party", "updated_at"]


@admin.register(ReportPart)
class ReportPartAdmin(admin.ModelAdmin):
    """Read only: parts move only through monitoring/cycle.py, so every step is in their history."""

    list_display = ["plan", "period", "party", "state", "decided_at"]
    list_filter = ["period", "state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportBuild)
class ReportBuildAdmin(admin.ModelAdmin):
    list_display = ["plan", "format", "party", "status", "created_at"]
    list_filter = ["status", "format"]
