"""Django admin for platform superusers only; coordinators use the inquiries pages."""

from django.contrib import admin

from .models import Inquiry, InquiryImport, ReferralTarget, ServiceGapNote, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name_et", "name_en", "parent", "order", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name_et", "name_en", "aliases"]


@admin.register(ReferralTarget)
class ReferralTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "name_et", "name_en", "order", "active"]
    search_fields = ["code", "name_et", "name_en", "aliases"]


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ["date", "party", "channel", "language", "category"]
    list_filter = ["party", "channel", "language"]
    date_hierarchy = "date"
    raw_id_fields = ["municipality", "activity", "batch", "created_by"]


@admin.register(InquiryImport)
class InquiryImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "party", "row_count", "created_at"]


@admin.register(ServiceGapNote)
class ServiceGapNoteAdmin(admin.ModelAdmin):
    list_display = ["topic", "party", "period_start", "period_end", "inquiry_count"]
